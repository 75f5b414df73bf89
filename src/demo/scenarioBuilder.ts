/**
 * The scenario builder: one scenario's lifecycle, saves, runs and node calcs (used by the background generator and by the scripted stories).
 */
import type { Uuid } from '../core/types';
import type { Rng } from './random';
import { type ModelInfo, type NodeInfo, REGIONS, SCHEDULER_USER } from './catalogue';
import { inputHash } from './hashing';
import type { FcScenarioNodeCalcRow, FcScenarioNodeDataRow, FcScenarioRow, FcScenarioRunRow } from './rows';
import { US_MINUTE, US_SECOND, isoFromMicros } from './time';
import { type Patient, type ValueContext, initialValue, makePatients, mutateValue } from './values';

export interface Window {
  start: number;
  end: number;
  span: number;
}

export interface ScenarioInit {
  name: string;
  /** created_at (µs) */
  createdAt: number;
  owner: string;
  /** other users who edit and run (the owner is added) */
  team?: string[];
  region?: string | null;
  country?: string | null;
  startYear?: number;
  endYear?: number;
  isStarter?: boolean;
}

export type RunSpec =
  | { status: 'success'; user?: string; micro?: boolean }
  | {
      status: 'failed' | 'timeout';
      node: NodeInfo;
      reason: string | ((run: FcScenarioRunRow) => string);
      /** seconds spent in the failing node (timeouts ≈ 900) */
      duration?: number;
      user?: string;
      micro?: boolean;
    }
  | { status: 'running'; user?: string }
  | { status: 'queued'; user?: string };

export interface RunResult {
  row: FcScenarioRunRow;
  /** run_complete_at in µs, or the time of the last processed node (running) / run_at (queued). */
  endAt: number;
}

interface Current {
  row: FcScenarioNodeDataRow;
  value: unknown;
  t: number;
}

export class ScenarioBuilder {
  readonly scenario: FcScenarioRow;
  readonly runs: FcScenarioRunRow[] = [];
  readonly nodeData: FcScenarioNodeDataRow[] = [];
  readonly nodeCalcs: FcScenarioNodeCalcRow[] = [];
  readonly team: string[];
  readonly valueCtx: ValueContext;
  private readonly current = new Map<Uuid, Current>();
  private readonly createdAt: number;
  private lastActivity: number;
  private lastRunEnd = -Infinity;

  constructor(
    readonly rng: Rng,
    readonly model: ModelInfo,
    readonly window: Window,
    init: ScenarioInit,
  ) {
    const startYear = init.startYear ?? rng.int(2025, 2027);
    const endYear = init.endYear ?? startYear + rng.int(9, 14);
    const [region, countries] = rng.pick(REGIONS);
    this.team = [init.owner, ...(init.team ?? []).filter((u) => u !== init.owner)];
    this.valueCtx = { rng, startYear, endYear };
    this.createdAt = this.check(init.createdAt);
    this.lastActivity = this.createdAt;
    this.scenario = {
      id: rng.uuid(),
      model_id: model.row.id,
      scenario_display_name: init.name,
      status: 'draft',
      is_starter: init.isStarter ?? false,
      scenario_start_year: startYear,
      scenario_end_year: endYear,
      forecast_init_id: rng.chance(0.8) ? rng.pick(model.forecastInits) : null,
      scenario_region: init.region !== undefined ? init.region : region,
      scenario_country: init.country !== undefined ? init.country : rng.pick(countries),
      created_at: isoFromMicros(this.createdAt),
      created_by: init.owner,
      created_req_id: rng.uuid(),
      updated_at: null,
      updated_by: null,
      updated_req_id: null,
      submitted_at: null,
      submitted_by: null,
      submitted_req_id: null,
      locked_at: null,
      locked_by: null,
      locked_req_id: null,
    };
  }

  /** A time at `fraction` of the window before the anchor, plus up to `jitterMin` minutes (µs, whole ms). */
  at(fraction: number, jitterMin = 2): number {
    const base = this.window.end - Math.round(fraction * this.window.span);
    return Math.floor(base / 1000) * 1000 + this.rng.int(0, jitterMin * 60_000) * 1000;
  }

  node(name: string): NodeInfo {
    const n = this.model.byName.get(name);
    if (!n) throw new Error(`model '${this.model.row.model_display_name}' has no node '${name}'`);
    return n;
  }

  /** The value in force now for an input node (undefined before its first save). */
  value(node: NodeInfo): unknown {
    return this.current.get(node.id)?.value;
  }

  /** The latest fc_scenario_node_data row of a node. */
  latestRow(node: NodeInfo): FcScenarioNodeDataRow | undefined {
    return this.current.get(node.id)?.row;
  }

  /** `n` random patient records (the cohort shape). */
  patients(n: number): Patient[] {
    return makePatients(this.rng, n);
  }

  /** A plausible edit of the node's current value (always different). */
  mutated(node: NodeInfo): unknown {
    return mutateValue(this.valueCtx, node.template, this.value(node));
  }

  user(): string {
    return this.rng.chance(0.6) ? this.team[0] : this.rng.pick(this.team);
  }

  private check(t: number): number {
    if (!Number.isInteger(t) || t < this.window.start || t > this.window.end) {
      throw new RangeError(`demo timestamp ${isoFromMicros(t)} outside [${isoFromMicros(this.window.start)}, ${isoFromMicros(this.window.end)}]`);
    }
    return t;
  }

  private touch(t: number): void {
    if (t > this.lastActivity) this.lastActivity = t;
  }

  /**
   * Appends a save of `value` at `t` (µs) and closes the previous version (end_at = t).
   * `repeat` saves the previous value again (same hash).
   */
  save(t: number, node: NodeInfo, value: unknown, user: string, reqId: Uuid = this.rng.uuid(), repeat = false): FcScenarioNodeDataRow {
    this.check(t);
    const prev = this.current.get(node.id);
    if (prev && t <= prev.t) throw new Error(`save of '${node.name}' at ${isoFromMicros(t)} not after the previous one`);
    const data = repeat && prev ? prev.value : value;
    const row: FcScenarioNodeDataRow = {
      id: this.rng.uuid(),
      scenario_id: this.scenario.id,
      model_node_id: node.id,
      input_data: data,
      input_hash: repeat && prev ? prev.row.input_hash : inputHash(data),
      created_at: isoFromMicros(t),
      created_by: user,
      created_req_id: reqId,
      end_at: null,
    };
    if (prev) prev.row.end_at = row.created_at;
    this.current.set(node.id, { row, value: data, t });
    this.nodeData.push(row);
    this.touch(t);
    return row;
  }

  /**
   * Clears an input at `t` (µs): the forecaster removed its value, stored as SQL NULL data and
   * a NULL input_hash, and the previous version is closed.
   */
  clear(t: number, node: NodeInfo, user: string, reqId: Uuid = this.rng.uuid()): FcScenarioNodeDataRow {
    const row = this.save(t, node, null, user, reqId);
    row.input_hash = null;
    return row;
  }

  /** A repeat of the previous value (a save with no change). */
  saveRepeat(t: number, node: NodeInfo, user: string, reqId?: Uuid): FcScenarioNodeDataRow {
    if (!this.current.has(node.id)) throw new Error(`no previous save of '${node.name}' to repeat`);
    return this.save(t, node, undefined, user, reqId, true);
  }

  /**
   * First save of every input node (but those in `skip`, left without a value), in a few
   * requests a few seconds apart. Returns the time after.
   */
  saveInitial(t: number, user: string, overrides: ReadonlyMap<string, unknown> = new Map(), skip: ReadonlyArray<NodeInfo> = []): number {
    let time = t;
    let left = 0;
    let req = '';
    for (const node of this.model.inputs) {
      if (skip.includes(node)) continue;
      if (left <= 0) {
        time += this.rng.int(2_000, 40_000) * 1000;
        req = this.rng.uuid();
        left = this.rng.int(3, 8);
      }
      left--;
      const value = overrides.has(node.name) ? overrides.get(node.name) : initialValue(this.valueCtx, node.template);
      this.save(time, node, value, user, req);
    }
    return time;
  }

  /**
   * About `count` saves spread over (from, to), in requests of 1–3 nodes; ≈ 12.5 % of them
   * repeat the previous value. Nodes in `exclude` are left alone.
   */
  randomEdits(from: number, to: number, count: number, exclude: ReadonlyArray<NodeInfo> = []): void {
    if (count <= 0 || to <= from) return;
    const skip = new Set(exclude.map((n) => n.id));
    const nodes = this.model.inputs.filter((n) => !skip.has(n.id));
    if (nodes.length === 0) return;
    const actions = Math.max(1, Math.round(count / 1.3));
    const times: number[] = [];
    for (let i = 0; i < actions; i++) times.push(from + Math.floor(this.rng.next() * ((to - from) / 1000)) * 1000);
    times.sort((a, b) => a - b);
    let done = 0;
    for (let i = 0; i < times.length && done < count; i++) {
      const k = this.rng.chance(0.75) ? 1 : this.rng.int(2, 3);
      const user = this.user();
      const req = this.rng.uuid();
      for (const node of this.rng.sample(nodes, k)) {
        const prev = this.current.get(node.id);
        let t = times[i];
        if (prev && t <= prev.t) t = prev.t + 1000;
        if (t > to) continue;
        if (prev && this.rng.chance(0.125)) this.saveRepeat(t, node, user, req);
        else this.save(t, node, prev ? mutateValue(this.valueCtx, node.template, prev.value) : initialValue(this.valueCtx, node.template), user, req);
        done++;
      }
    }
  }

  private calcSeconds(node: NodeInfo): [number, number] {
    if (node.type === 'input') return [0.02, 0.4];
    return (node.template.secs as [number, number] | undefined) ?? [0.3, 5];
  }

  /** Starts a run at `t` (µs) and records its node calcs in node_seq order. */
  run(t: number, spec: RunSpec): RunResult {
    this.check(t);
    const rng = this.rng;
    const row: FcScenarioRunRow = {
      id: rng.uuid(),
      scenario_id: this.scenario.id,
      run_status: spec.status,
      run_at: isoFromMicros(t),
      run_complete_at: null,
      run_by: spec.user ?? (rng.chance(0.1) ? SCHEDULER_USER : this.user()),
      run_req_id: rng.uuid(),
      fail_reason: null,
    };
    this.runs.push(row);
    this.touch(t);
    if (spec.status === 'queued') {
      this.lastRunEnd = t;
      return { row, endAt: t };
    }
    const micro = (spec.status === 'success' || spec.status === 'failed' || spec.status === 'timeout') && spec.micro === true;
    const unit = micro ? 1 : 1000; // µs granularity of the generated offsets
    const rand = (lo: number, hi: number): number => rng.int(Math.round((lo * US_SECOND) / unit), Math.round((hi * US_SECOND) / unit)) * unit;
    const nodes = this.model.nodes;
    let failIndex = -1;
    let reason: string | null = null;
    if (spec.status === 'failed' || spec.status === 'timeout') {
      failIndex = nodes.indexOf(spec.node);
      if (failIndex < 0) throw new Error(`node '${spec.node.name}' is not in the scenario's model`);
      reason = typeof spec.reason === 'function' ? spec.reason(row) : spec.reason;
    }
    const stopAfter = spec.status === 'running' ? rng.int(Math.floor(nodes.length * 0.3), Math.floor(nodes.length * 0.7)) : nodes.length;
    let cursor = t + rand(0.5, 12);
    let endAt = t;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      if (spec.status === 'running' && i >= stopAfter) break;
      const calc: FcScenarioNodeCalcRow = {
        id: rng.uuid(),
        run_id: row.id,
        model_node_id: node.id,
        status: 'success',
        fail_reason: null,
        processing_start_at: null,
        processing_end_at: null,
        processing_duration: null,
      };
      if (failIndex >= 0 && i > failIndex) {
        calc.status = 'skipped';
      } else {
        const [lo, hi] = this.calcSeconds(node);
        let dur = rand(lo, hi);
        if (i === failIndex) {
          calc.status = 'failed';
          calc.fail_reason = reason;
          const d = (spec as { duration?: number }).duration;
          if (d !== undefined) dur = Math.round((d * US_SECOND) / unit) * unit;
          else dur = Math.max(unit, Math.floor(dur * rng.float(0.1, 0.9) / unit) * unit);
        }
        const start = cursor;
        const end = start + dur;
        // A running run has processed only what finished before the anchor ("now").
        if (spec.status === 'running' && end > this.window.end) break;
        calc.processing_start_at = isoFromMicros(this.check(start));
        calc.processing_end_at = isoFromMicros(this.check(end));
        calc.processing_duration = (end - start) / US_SECOND;
        cursor = end + rand(0.001, 0.05);
        endAt = end;
      }
      this.nodeCalcs.push(calc);
    }
    if (spec.status !== 'running') {
      const complete = endAt + rand(0.05, 2);
      row.run_complete_at = isoFromMicros(this.check(complete));
      row.fail_reason = reason;
      endAt = complete;
    }
    this.lastRunEnd = endAt;
    this.touch(endAt);
    return { row, endAt };
  }

  /** The end (µs) of the latest run, or -Infinity. */
  get lastRunEndAt(): number {
    return this.lastRunEnd;
  }

  get lastActivityAt(): number {
    return this.lastActivity;
  }

  /**
   * Sets the lifecycle columns. `submitted`/`locked`/`archived` need room before the anchor;
   * without it the scenario stays at the furthest status reached.
   */
  finish(status: FcScenarioRow['status'], opts: { updated?: boolean } = {}): FcScenarioRow {
    const rng = this.rng;
    const s = this.scenario;
    const end = this.window.end;
    const last = this.lastActivity;
    if (opts.updated ?? rng.chance(0.7)) {
      const lo = this.createdAt + US_MINUTE;
      const t = lo < last ? lo + Math.floor(rng.next() * ((last - lo) / 1000)) * 1000 : this.createdAt + 1000;
      if (t <= end) {
        s.updated_at = isoFromMicros(t);
        s.updated_by = this.user();
        s.updated_req_id = rng.uuid();
      }
    }
    s.status = 'draft';
    if (status === 'draft') return s;
    const submit = status === 'submitted' || status === 'locked' || rng.chance(0.6);
    if (submit) {
      const sub = last + rng.int(10, 2 * 24 * 60) * US_MINUTE + rng.int(0, 59_999) * 1000;
      if (sub > end - 5 * US_MINUTE) return s;
      s.status = 'submitted';
      s.submitted_at = isoFromMicros(sub);
      s.submitted_by = this.team[0];
      s.submitted_req_id = rng.uuid();
      if (status === 'locked' || (status === 'archived' && rng.chance(0.7))) {
        const lock = sub + rng.int(60, 3 * 24 * 60) * US_MINUTE + rng.int(0, 59_999) * 1000;
        if (lock > end - US_MINUTE) return s;
        s.status = 'locked';
        s.locked_at = isoFromMicros(lock);
        s.locked_by = rng.pick(['a.moreau', 'm.schmidt', 'y.chen']);
        s.locked_req_id = rng.uuid();
      }
    }
    if (status === 'archived') s.status = 'archived';
    return s;
  }
}
