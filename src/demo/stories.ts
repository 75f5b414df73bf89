/**
 * Scripted failure stories and edge cases of the demo data. They are the first
 * `SCRIPTED_SCENARIO_COUNT` scenarios (indexes 0–11), so they exist at every scale.
 *
 * Each story has one clear pair: the last successful run of the scenario, then a culprit
 * input save, then the first failed run after it (no run in between, no later success).
 *
 * | index | what                                                     | model |
 * | ----- | -------------------------------------------------------- | ----- |
 * | 0     | growth-rate-invalid                                      | 0     |
 * | 1     | timeout-after-input-growth                               | 1     |
 * | 2–5   | same-validation-error-across-model (4 scenarios)         | 2     |
 * | 6     | null-input (+ edge case: repeated hash before failure)   | 0     |
 * | 7     | division-by-zero (unicode / `<script>` scenario name)    | 1     |
 * | 8     | edge case: a save at exactly a run's run_at              | 0     |
 * | 9     | edge case: a running then a queued run as the latest     | 1     |
 * | 10    | edge case: a scenario with no runs                       | 2     |
 * | 11    | edge case: a run (and saves) with microsecond timestamps | 0     |
 * | 12    | culprit-not-last (the culprit is the first of four edits) | 0     |
 * | 13    | oom-after-benign-edits (platform: no input caused it)    | 1     |
 * | 14    | rerun-same-inputs-succeeded (platform; a rerun worked)   | 0     |
 *
 * Stories 13 and 14 are failures no input caused (`stories.platform`): ordinary edits, then
 * a calc worker killed for memory / a dropped database connection, with the lines the
 * platform logged for the run (src/demo/logs writes them into the demo's engine.log).
 */
import type { Iso, Uuid } from '../core/types';
import type { ModelInfo, NodeInfo } from './catalogue';
import type { FcScenarioNodeDataRow, FcScenarioRunRow } from './rows';
import type { ScenarioBuilder, ScenarioInit, Window } from './scenarioBuilder';
import type { Patient } from './values';

export const SCRIPTED_SCENARIO_COUNT = 15;

export const STORY_IDS = [
  'growth-rate-invalid',
  'timeout-after-input-growth',
  'same-validation-error-across-model',
  'null-input',
  'division-by-zero',
  'culprit-not-last',
] as const;

export type DemoStoryId = (typeof STORY_IDS)[number];

/** One scenario of a story (stories with one scenario have one instance). */
export interface DemoStoryInstance {
  scenario_id: Uuid;
  scenario_name: string;
  last_success_run_id: Uuid;
  failed_run_id: Uuid;
  /** fc_scenario_node_data.id of the culprit save (between the two runs). */
  culprit_node_data_id: Uuid;
  fail_reason: string;
}

export interface DemoStory {
  id: DemoStoryId;
  title: string;
  scenario_id: Uuid;
  scenario_name: string;
  model_id: Uuid;
  /** The last successful run of the scenario. */
  last_success_run_id: Uuid;
  /** The first failed (or timed out) run after it. */
  failed_run_id: Uuid;
  failed_status: 'failed' | 'timeout';
  /** The input node whose save caused the failure. */
  culprit_node_id: Uuid;
  culprit_node_name: string;
  /** JSON path of the change inside input_data (`$` = the whole value). */
  culprit_path: string;
  /** fail_reason of the failed run (also on the failing node calc). */
  fail_reason: string;
  /** Every scenario of the story, `scenario_id` first (one for single-scenario stories). */
  related_scenario_ids: Uuid[];
  /** fc_scenario_node_data.id of the culprit save. */
  culprit_node_data_id: Uuid;
  /** The node whose calc failed (may differ from the culprit input node). */
  failed_node_id: Uuid;
  failed_node_name: string;
  /** One entry per related scenario (same order as related_scenario_ids). */
  instances: DemoStoryInstance[];
  /** Saves of other inputs between the culprit and the failure (not the cause), oldest first. */
  benign_node_data_ids: Uuid[];
}

export const PLATFORM_STORY_IDS = ['oom-after-benign-edits', 'rerun-same-inputs-succeeded'] as const;

export type DemoPlatformStoryId = (typeof PLATFORM_STORY_IDS)[number];

/** A line the platform (supervisor, Kubernetes, database) logged for a platform story's run. */
export interface DemoPlatformLogLine {
  at: Iso;
  level: 'INFO' | 'WARNING' | 'ERROR';
  logger: string;
  message: string;
}

/** A failure no input caused: ordinary edits between the last success and the failure. */
export interface DemoPlatformStory {
  id: DemoPlatformStoryId;
  title: string;
  scenario_id: Uuid;
  scenario_name: string;
  model_id: Uuid;
  last_success_run_id: Uuid;
  failed_run_id: Uuid;
  failed_status: 'failed' | 'timeout';
  failed_node_id: Uuid;
  failed_node_name: string;
  fail_reason: string;
  /** What broke, in the words of the error categories (`infrastructure`, `database`). */
  cause: string;
  /** The ordinary saves between the last success and the failure (none is the cause), oldest first. */
  benign_node_data_ids: Uuid[];
  /** A later run on the same input hashes that succeeded, or null. */
  rerun_run_id: Uuid | null;
  /** What the platform logged for the failed run. */
  log: DemoPlatformLogLine[];
}

export interface DemoEdgeCases {
  /**
   * A save whose created_at equals the run's run_at exactly: that save is in force at the
   * run; the previous version (end_at = run_at) is not.
   */
  saveAtRunAt: {
    scenario_id: Uuid;
    run_id: Uuid;
    run_at: Iso;
    node_id: Uuid;
    node_name: string;
    node_data_id: Uuid;
    previous_node_data_id: Uuid;
  };
  /**
   * In the null-input story: a save between the last success and the failure that repeats
   * the previous hash (not a change).
   */
  repeatedHashBeforeFailure: {
    story_id: 'null-input';
    scenario_id: Uuid;
    node_id: Uuid;
    node_name: string;
    node_data_id: Uuid;
    previous_node_data_id: Uuid;
    input_hash: string;
    failed_run_id: Uuid;
  };
  /** The two latest runs of the scenario: a running one, then a queued one (both without run_complete_at). */
  runningAndQueued: {
    scenario_id: Uuid;
    running_run_id: Uuid;
    queued_run_id: Uuid;
  };
  scenarioWithoutRuns: { scenario_id: Uuid };
  /**
   * A run at `...:SS.123456Z` with microsecond calcs; the node's version saved 1 µs before
   * run_at is in force, the one saved 1 µs after is not (same millisecond).
   */
  microsecondRun: {
    scenario_id: Uuid;
    run_id: Uuid;
    run_at: Iso;
    node_id: Uuid;
    node_name: string;
    in_force_node_data_id: Uuid;
    next_node_data_id: Uuid;
  };
}

export interface DemoStories {
  list: DemoStory[];
  byId: Record<DemoStoryId, DemoStory>;
  /** Failures no input caused (not in `list`: they have no culprit). */
  platform: DemoPlatformStory[];
  edgeCases: DemoEdgeCases;
}

/** What the generator hands to the scripts (dependency injection keeps the import one-way). */
export interface StoryFactory {
  models: ModelInfo[];
  window: Window;
  newScenario(index: number, model: ModelInfo, init: ScenarioInit): ScenarioBuilder;
}

export const SCRIPT_SCENARIO_NAME = 'Prévision 日本 – <script>alert(1)</script>';

const MIN = 60_000_000;
const SEC = 1_000_000;

function instance(b: ScenarioBuilder, lastOk: FcScenarioRunRow, culprit: FcScenarioNodeDataRow, failed: FcScenarioRunRow): DemoStoryInstance {
  return {
    scenario_id: b.scenario.id,
    scenario_name: b.scenario.scenario_display_name,
    last_success_run_id: lastOk.id,
    failed_run_id: failed.id,
    culprit_node_data_id: culprit.id,
    fail_reason: failed.fail_reason ?? '',
  };
}

function story(
  id: DemoStoryId,
  title: string,
  b: ScenarioBuilder,
  instances: DemoStoryInstance[],
  failedStatus: 'failed' | 'timeout',
  culpritNode: NodeInfo,
  culpritPath: string,
  failedNode: NodeInfo,
  benign: FcScenarioNodeDataRow[] = [],
): DemoStory {
  const first = instances[0];
  return {
    id,
    title,
    scenario_id: first.scenario_id,
    scenario_name: first.scenario_name,
    model_id: b.model.row.id,
    last_success_run_id: first.last_success_run_id,
    failed_run_id: first.failed_run_id,
    failed_status: failedStatus,
    culprit_node_id: culpritNode.id,
    culprit_node_name: culpritNode.name,
    culprit_path: culpritPath,
    fail_reason: first.fail_reason,
    related_scenario_ids: instances.map((i) => i.scenario_id),
    culprit_node_data_id: first.culprit_node_data_id,
    failed_node_id: failedNode.id,
    failed_node_name: failedNode.name,
    instances,
    benign_node_data_ids: benign.map((r) => r.id),
  };
}

/** Builds the 15 scripted scenarios (indexes 0–14) and describes them. */
export function buildScriptedScenarios(f: StoryFactory): { builders: ScenarioBuilder[]; stories: DemoStories } {
  const { models, window } = f;
  const at = (fraction: number): number => Math.floor((window.end - Math.round(fraction * window.span)) / 1000) * 1000;
  const builders: ScenarioBuilder[] = [];
  const open = (index: number, model: ModelInfo, init: ScenarioInit): ScenarioBuilder => {
    const b = f.newScenario(index, model, init);
    builders.push(b);
    return b;
  };
  const ok = { status: 'success' } as const;

  // 0 — growth-rate-invalid --------------------------------------------------------------------
  const growthStory = ((): DemoStory => {
    const b = open(0, models[0], { name: 'NSCLC 2L – Base case LRP 2027 (DE)', createdAt: at(0.93), owner: 'a.moreau', team: ['j.tanaka'], region: 'EU', country: 'DE', startYear: 2026, endYear: 2036 });
    const growth = b.node('Market growth rate');
    const t = b.saveInitial(at(0.93) + 90 * SEC, 'a.moreau');
    b.randomEdits(t + MIN, b.at(0.82), 22);
    b.run(b.at(0.8), ok);
    b.randomEdits(b.at(0.78), b.at(0.66), 18);
    // An earlier failure, fixed by a re-run: the story's pair is the later one.
    b.run(b.at(0.64), { status: 'failed', node: b.node('Net revenue'), reason: "ConnectionError: lost connection to calc worker calc-7 during node 'Net revenue'" });
    b.run(b.at(0.62), ok);
    b.randomEdits(b.at(0.6), b.at(0.37), 30);
    const lastOk = b.run(b.at(0.34), ok).row;
    const prev = b.value(growth) as Record<string, number>;
    const culprit = b.save(b.at(0.3), growth, { ...prev, '2028': -1.5 }, 'j.tanaka');
    const failed = b.run(b.at(0.3) + 35 * MIN, {
      status: 'failed',
      node: growth,
      user: 'j.tanaka',
      reason: (run) => `ValidationError: growth rate -1.5 for year 2028 outside [-1, 1] in node 'Market growth rate' (request ${run.run_req_id})`,
    }).row;
    b.finish('draft', { updated: true });
    return story('growth-rate-invalid', 'A growth rate of −150 % for 2028 fails validation', b, [instance(b, lastOk, culprit, failed)], 'failed', growth, '$["2028"]', growth);
  })();

  // 1 — timeout-after-input-growth -------------------------------------------------------------
  const timeoutStory = ((): DemoStory => {
    const b = open(1, models[1], { name: 'MM 3L+ – Patient flow base case (FR)', createdAt: at(0.9), owner: 'r.okafor', team: ['e.johansson'], region: 'EU', country: 'FR' });
    const cohort = b.node('Patient cohort records');
    const pfs = b.node('Patient flow simulation');
    const initialCohort = { patients: b.patients(50), source: 'RWE extract 2026-Q2', version: 1 };
    const t = b.saveInitial(at(0.9) + 45 * SEC, 'r.okafor', new Map([[cohort.name, initialCohort]]));
    b.randomEdits(t + MIN, b.at(0.75), 30, [cohort]);
    b.run(b.at(0.72), ok);
    b.randomEdits(b.at(0.7), b.at(0.5), 30, [cohort]);
    b.run(b.at(0.48), ok);
    b.randomEdits(b.at(0.46), b.at(0.42), 10, [cohort]);
    const lastOk = b.run(b.at(0.4), ok).row;
    const prev = b.value(cohort) as { patients: Patient[]; source: string; version: number };
    const grown = { patients: prev.patients.concat(b.patients(12_000 - prev.patients.length)), source: 'RWE extract 2026-Q3 (full registry)', version: prev.version + 1 };
    const culprit = b.save(b.at(0.37), cohort, grown, 'e.johansson');
    const failed = b.run(b.at(0.37) + 50 * MIN, {
      status: 'timeout',
      node: pfs,
      user: 'e.johansson',
      duration: 900 + b.rng.int(300, 3900) / 1000,
      reason: "Timeout: node 'Patient flow simulation' exceeded 900 s",
    }).row;
    b.finish('draft', { updated: true });
    return story('timeout-after-input-growth', 'The patient cohort grew from 50 to 12,000 records; the simulation timed out', b, [instance(b, lastOk, culprit, failed)], 'timeout', cohort, '$.patients', pfs);
  })();

  // 2–5 — same-validation-error-across-model ---------------------------------------------------
  const keyErrorStory = ((): DemoStory => {
    const names = ["Crohn's – EU5 biosimilar wave base case", "Crohn's – DE tender scenario", "Crohn's – FR price erosion what-if", "Crohn's – IT regional pricing"];
    const owners = ['l.rossi', 'k.mueller', 'c.dubois', 'l.rossi'];
    const countries = [null, 'DE', 'FR', 'IT'];
    const instances: DemoStoryInstance[] = [];
    let first: ScenarioBuilder | undefined;
    let mappingNode: NodeInfo | undefined;
    let erosionNode: NodeInfo | undefined;
    for (let k = 0; k < 4; k++) {
      const b = open(2 + k, models[2], { name: names[k], createdAt: at(0.9 - 0.04 * k), owner: owners[k], team: ['p.nowak'], region: 'EU', country: countries[k] });
      first ??= b;
      const mapping = b.node('Region mapping');
      const erosion = b.node('Price erosion');
      mappingNode = mapping;
      erosionNode = erosion;
      const t = b.saveInitial(at(0.9 - 0.04 * k) + 60 * SEC, owners[k]);
      b.randomEdits(t + MIN, b.at(0.62 - 0.04 * k), 40);
      b.run(b.at(0.6 - 0.04 * k), ok);
      b.randomEdits(b.at(0.58 - 0.04 * k), b.at(0.34 - 0.05 * k), 30);
      const lastOk = b.run(b.at(0.3 - 0.05 * k), ok).row;
      // The pricing lead pastes the new mapping template, which lacks region_code.
      const prev = b.value(mapping) as { mapping: Record<string, string>; version: number };
      const { region_code: _dropped, ...rest } = prev.mapping;
      void _dropped;
      const culprit = b.save(b.at(0.28 - 0.05 * k), mapping, { mapping: rest, version: prev.version + 1 }, 'p.nowak');
      const reason = `KeyError: 'region_code' missing in mapping for node 'Price erosion' (scenario ${b.scenario.id})`;
      const failed = b.run(b.at(0.28 - 0.05 * k) + 20 * MIN, { status: 'failed', node: erosion, reason, user: owners[k] });
      if (k === 2) {
        // A retry with the same result: the story's failed run stays the first one.
        b.run(failed.endAt + 2 * 60 * MIN, { status: 'failed', node: erosion, reason, user: owners[k] });
      }
      b.finish('draft', { updated: k % 2 === 0 });
      instances.push(instance(b, lastOk, culprit, failed.row));
    }
    if (!first || !mappingNode || !erosionNode) throw new Error('unreachable');
    return story('same-validation-error-across-model', "The same KeyError in four scenarios of one model after a 'Region mapping' template change", first, instances, 'failed', mappingNode, '$.mapping.region_code', erosionNode);
  })();

  // 6 — null-input (+ repeated hash before the failure) ----------------------------------------
  let repeatedEdge: DemoEdgeCases['repeatedHashBeforeFailure'] | undefined;
  const nullStory = ((): DemoStory => {
    const b = open(6, models[0], { name: 'NSCLC 2L – Upside peak share (US)', createdAt: at(0.7), owner: 'd.fernandez', team: ['y.chen'], region: 'North America', country: 'US' });
    const peak = b.node('Peak share');
    const compliance = b.node('Compliance rate');
    const t = b.saveInitial(at(0.7) + 30 * SEC, 'd.fernandez');
    b.randomEdits(t + MIN, b.at(0.5), 35);
    b.run(b.at(0.48), ok);
    b.randomEdits(b.at(0.46), b.at(0.25), 35);
    const lastOk = b.run(b.at(0.22), ok).row;
    const culprit = b.save(b.at(0.19), peak, null, 'd.fernandez');
    const before = b.latestRow(compliance);
    if (!before?.input_hash) throw new Error('unreachable');
    const repeat = b.saveRepeat(b.at(0.19) + 25 * MIN, compliance, 'y.chen');
    const failed = b.run(b.at(0.19) + 30 * MIN, { status: 'failed', node: peak, user: 'y.chen', reason: "TypeError: cannot read property 'share' of null in node 'Peak share'" }).row;
    repeatedEdge = {
      story_id: 'null-input',
      scenario_id: b.scenario.id,
      node_id: compliance.id,
      node_name: compliance.name,
      node_data_id: repeat.id,
      previous_node_data_id: before.id,
      input_hash: before.input_hash,
      failed_run_id: failed.id,
    };
    b.finish('draft', { updated: true });
    return story('null-input', "'Peak share' was set to null", b, [instance(b, lastOk, culprit, failed)], 'failed', peak, '$', peak);
  })();

  // 7 — division-by-zero ------------------------------------------------------------------------
  const zeroStory = ((): DemoStory => {
    const b = open(7, models[1], { name: SCRIPT_SCENARIO_NAME, createdAt: at(0.6), owner: 'j.tanaka', team: ['s.kim'], region: 'APAC', country: 'JP' });
    const eligible = b.node('Eligible population');
    const treated = b.node('Treated patients');
    const t = b.saveInitial(at(0.6) + 20 * SEC, 'j.tanaka');
    b.randomEdits(t + MIN, b.at(0.4), 40, [eligible]);
    b.run(b.at(0.38), ok);
    b.randomEdits(b.at(0.36), b.at(0.18), 30);
    const lastOk = b.run(b.at(0.15), ok).row;
    const prev = b.value(eligible) as { unit: string; value: number };
    const culprit = b.save(b.at(0.12), eligible, { unit: prev.unit, value: 0 }, 's.kim');
    const failed = b.run(b.at(0.12) + 15 * MIN, {
      status: 'failed',
      node: treated,
      user: 's.kim',
      reason: `ZeroDivisionError: division by zero in node 'Treated patients' (denominator eligible_pop = 0) in scenario '${SCRIPT_SCENARIO_NAME}'`,
    }).row;
    b.finish('draft', { updated: false });
    return story('division-by-zero', "'Eligible population' set to 0 makes 'Treated patients' divide by zero", b, [instance(b, lastOk, culprit, failed)], 'failed', eligible, '$.value', treated);
  })();

  // 8 — a save at exactly a run's run_at --------------------------------------------------------
  const saveAtRunAt = ((): DemoEdgeCases['saveAtRunAt'] => {
    const b = open(8, models[0], { name: 'NSCLC 2L – Pricing refresh (FR)', createdAt: at(0.85), owner: 'c.dubois', team: ['f.costa'], region: 'EU', country: 'FR' });
    const price = b.node('Price per unit (EUR)');
    const t = b.saveInitial(at(0.85) + 50 * SEC, 'c.dubois');
    b.randomEdits(t + MIN, b.at(0.72), 40);
    b.run(b.at(0.7), ok);
    b.randomEdits(b.at(0.68), b.at(0.52), 30);
    const runAt = b.at(0.5);
    const previous = b.latestRow(price);
    if (!previous) throw new Error('unreachable');
    const saved = b.save(runAt, price, b.mutated(price), 'c.dubois');
    const run = b.run(runAt, { status: 'success', user: 'c.dubois' }).row;
    b.randomEdits(b.at(0.45), b.at(0.32), 20);
    b.run(b.at(0.3), ok);
    b.finish('submitted', { updated: true });
    return { scenario_id: b.scenario.id, run_id: run.id, run_at: run.run_at, node_id: price.id, node_name: price.name, node_data_id: saved.id, previous_node_data_id: previous.id };
  })();

  // 9 — running and queued as the latest runs ---------------------------------------------------
  const runningAndQueued = ((): DemoEdgeCases['runningAndQueued'] => {
    const b = open(9, models[1], { name: 'MM 3L+ – Q4 refresh (US)', createdAt: at(0.4), owner: 'n.patel', team: ['t.nguyen'], region: 'North America', country: 'US' });
    const t = b.saveInitial(at(0.4) + 40 * SEC, 'n.patel');
    b.randomEdits(t + MIN, b.at(0.25), 45);
    b.run(b.at(0.22), ok);
    b.randomEdits(b.at(0.2), b.at(0.06), 35);
    b.run(b.at(0.04), ok);
    const running = b.run(window.end - 20 * MIN, { status: 'running', user: 'n.patel' }).row;
    const queued = b.run(window.end - 4 * MIN, { status: 'queued', user: 't.nguyen' }).row;
    b.finish('draft', { updated: true });
    return { scenario_id: b.scenario.id, running_run_id: running.id, queued_run_id: queued.id };
  })();

  // 10 — no runs --------------------------------------------------------------------------------
  const scenarioWithoutRuns = ((): DemoEdgeCases['scenarioWithoutRuns'] => {
    const b = open(10, models[2], { name: "Crohn's – New draft (not run yet)", createdAt: at(0.05), owner: 'o.adeyemi', region: 'EU', country: 'ES' });
    const t = b.saveInitial(at(0.05) + 10 * SEC, 'o.adeyemi');
    b.randomEdits(t + MIN, b.at(0.01), 12);
    b.finish('draft', { updated: false });
    return { scenario_id: b.scenario.id };
  })();

  // 11 — microsecond timestamps -----------------------------------------------------------------
  const microsecondRun = ((): DemoEdgeCases['microsecondRun'] => {
    const b = open(11, models[0], { name: 'NSCLC 2L – Budget 2027 final (IT)', createdAt: at(0.88), owner: 'm.schmidt', team: ['g.silva'], region: 'EU', country: 'IT' });
    const compliance = b.node('Compliance rate');
    const t = b.saveInitial(at(0.88) + 70 * SEC, 'm.schmidt');
    b.randomEdits(t + MIN, b.at(0.78), 40);
    b.run(b.at(0.75), ok);
    b.randomEdits(b.at(0.73), b.at(0.62), 25);
    const runAt = Math.floor(b.at(0.6) / SEC) * SEC + 123_456;
    const inForce = b.save(runAt - 1, compliance, b.mutated(compliance), 'm.schmidt');
    const run = b.run(runAt, { status: 'success', micro: true, user: 'm.schmidt' }).row;
    const next = b.save(runAt + 1, compliance, b.mutated(compliance), 'g.silva');
    b.randomEdits(b.at(0.55), b.at(0.42), 20);
    b.run(b.at(0.4), ok);
    b.finish('locked', { updated: true });
    return { scenario_id: b.scenario.id, run_id: run.id, run_at: run.run_at, node_id: compliance.id, node_name: compliance.name, in_force_node_data_id: inForce.id, next_node_data_id: next.id };
  })();

  // 12 — culprit-not-last: the culprit is the first of four edits -------------------------------
  const notLastStory = ((): DemoStory => {
    const b = open(12, models[0], { name: 'NSCLC 2L – Launch refresh 2027 (ES)', createdAt: at(0.8), owner: 'f.costa', team: ['m.schmidt'], region: 'EU', country: 'ES' });
    const compliance = b.node('Compliance rate');
    const revenue = b.node('Net revenue');
    const t = b.saveInitial(at(0.8) + 40 * SEC, 'f.costa');
    b.randomEdits(t + MIN, b.at(0.6), 40);
    b.run(b.at(0.58), ok);
    b.randomEdits(b.at(0.56), b.at(0.3), 30);
    const lastOk = b.run(b.at(0.28), ok).row;
    // A percentage typed as a number above 1 (135 % compliance), then three ordinary edits:
    // the last edit before the failure is not the cause.
    const culprit = b.save(b.at(0.25), compliance, 1.35, 'f.costa');
    const later = [b.node('Launch date'), b.node('Price per unit (EUR)'), b.node('Market growth rate')];
    const benign = later.map((node, i) => b.save(b.at(0.25) + (25 + 20 * i) * MIN, node, b.mutated(node), i === 1 ? 'm.schmidt' : 'f.costa'));
    const failed = b.run(b.at(0.25) + 95 * MIN, {
      status: 'failed',
      node: revenue,
      user: 'm.schmidt',
      reason: "ValueError: treated volume exceeds eligible patients in node 'Net revenue'",
    }).row;
    b.finish('draft', { updated: true });
    return story('culprit-not-last', "'Compliance rate' set to 1.35 (135 %), then three ordinary edits; net revenue fails", b, [instance(b, lastOk, culprit, failed)], 'failed', compliance, '$', revenue, benign);
  })();

  // 13 — oom-after-benign-edits: three ordinary edits, then the calc worker is killed for memory
  const oomStory = ((): DemoPlatformStory => {
    const b = open(13, models[1], { name: 'MM 3L+ – Q4 forecast refresh (DE)', createdAt: at(0.55), owner: 'e.johansson', team: ['r.okafor'], region: 'EU', country: 'DE' });
    const cohort = b.node('Patient cohort records');
    const pfs = b.node('Patient flow simulation');
    const t = b.saveInitial(at(0.55) + 35 * SEC, 'e.johansson');
    b.randomEdits(t + MIN, b.at(0.4), 35);
    b.run(b.at(0.38), ok);
    b.randomEdits(b.at(0.36), b.at(0.2), 25);
    const lastOk = b.run(b.at(0.18), ok).row;
    // Ordinary edits: a compliance nudge, a price update and a few cohort records corrected
    // (the same number of patients: no growth), the last one in the failed calc's group.
    const benign = [
      b.save(b.at(0.16), b.node('Compliance rate'), b.mutated(b.node('Compliance rate')), 'e.johansson'),
      b.save(b.at(0.16) + 22 * MIN, b.node('Price per unit (EUR)'), b.mutated(b.node('Price per unit (EUR)')), 'r.okafor'),
      b.save(b.at(0.16) + 41 * MIN, cohort, b.mutated(cohort), 'e.johansson'),
    ];
    const pod = 'calc-worker-7d9c6b5f48-x2kqp';
    const failed = b.run(b.at(0.16) + 55 * MIN, {
      status: 'failed',
      node: pfs,
      user: 'e.johansson',
      reason: `WorkerCrashed: worker calc-4 (pod ${pod}) was killed while calculating 'Patient flow simulation': OOMKilled (exit code 137)`,
    });
    const calc = b.nodeCalcs.find((c) => c.run_id === failed.row.id && c.model_node_id === pfs.id)!;
    const iso = (us: number): Iso => new Date(Math.floor(us / 1000)).toISOString();
    const killedAt = Date.parse(calc.processing_end_at!) * 1000;
    const log: DemoPlatformLogLine[] = [
      { at: iso(killedAt - 95 * SEC), level: 'WARNING', logger: 'engine.supervisor', message: `run=${failed.row.id} worker calc-4 (pod ${pod}) memory 7.1 GiB of 8 GiB; also running 2 other runs (batch refresh)` },
      { at: iso(killedAt - 2 * SEC), level: 'WARNING', logger: 'k8s.events', message: `pod/${pod} container calc-worker: Reason: OOMKilled, Exit Code: 137, memory limit 8Gi (run_id=${failed.row.id})` },
      { at: iso(killedAt), level: 'ERROR', logger: 'engine.supervisor', message: `run=${failed.row.id} worker calc-4 terminated while calculating 'Patient flow simulation': OOMKilled; 2 other runs on the worker were requeued` },
    ];
    b.finish('draft', { updated: true });
    return {
      id: 'oom-after-benign-edits',
      title: 'Three ordinary edits, then the calc worker was killed for memory (OOMKilled) during a batch refresh',
      scenario_id: b.scenario.id,
      scenario_name: b.scenario.scenario_display_name,
      model_id: b.model.row.id,
      last_success_run_id: lastOk.id,
      failed_run_id: failed.row.id,
      failed_status: 'failed',
      failed_node_id: pfs.id,
      failed_node_name: pfs.name,
      fail_reason: failed.row.fail_reason ?? '',
      cause: 'infrastructure',
      benign_node_data_ids: benign.map((r) => r.id),
      rerun_run_id: null,
      log,
    };
  })();

  // 14 — rerun-same-inputs-succeeded: ordinary edits, a dropped database connection, then the
  // scheduler's rerun on the same inputs succeeds
  const rerunStory = ((): DemoPlatformStory => {
    const b = open(14, models[0], { name: 'NSCLC 2L – Payer negotiation case (UK)', createdAt: at(0.5), owner: 'p.nowak', team: ['a.moreau'], region: 'EU', country: 'GB' });
    const erosion = b.node('Price erosion');
    const t = b.saveInitial(at(0.5) + 25 * SEC, 'p.nowak');
    b.randomEdits(t + MIN, b.at(0.35), 30);
    b.run(b.at(0.33), ok);
    b.randomEdits(b.at(0.31), b.at(0.14), 25);
    const lastOk = b.run(b.at(0.12), ok).row;
    const mapping = b.node('Region mapping');
    const benign = [
      b.save(b.at(0.1), b.node('Launch date'), b.mutated(b.node('Launch date')), 'p.nowak'),
      b.save(b.at(0.1) + 18 * MIN, mapping, b.mutated(mapping), 'a.moreau'),
      b.save(b.at(0.1) + 26 * MIN, b.node('Market growth rate'), b.mutated(b.node('Market growth rate')), 'p.nowak'),
    ];
    const failed = b.run(b.at(0.1) + 40 * MIN, {
      status: 'failed',
      node: erosion,
      user: 'p.nowak',
      reason: 'psycopg2.OperationalError: server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally\n\tbefore or while processing the request.',
    });
    const rerun = b.run(failed.endAt + 38 * MIN, { status: 'success', user: 'clearsight-scheduler' });
    const end = Date.parse(failed.row.run_complete_at!) * 1000;
    const iso = (us: number): Iso => new Date(Math.floor(us / 1000)).toISOString();
    const log: DemoPlatformLogLine[] = [
      { at: iso(end - 6 * SEC), level: 'WARNING', logger: 'engine.store', message: `run=${failed.row.id} lost database connection while writing results of 'Price erosion' (forecast-db failover in progress); retrying (1/3)` },
      { at: iso(end - 2 * SEC), level: 'ERROR', logger: 'engine.store', message: `run=${failed.row.id} giving up after 3 attempts: server closed the connection unexpectedly` },
    ];
    b.finish('draft', { updated: true });
    return {
      id: 'rerun-same-inputs-succeeded',
      title: 'The database connection dropped during a failover; the rerun on the same inputs 38 minutes later succeeded',
      scenario_id: b.scenario.id,
      scenario_name: b.scenario.scenario_display_name,
      model_id: b.model.row.id,
      last_success_run_id: lastOk.id,
      failed_run_id: failed.row.id,
      failed_status: 'failed',
      failed_node_id: erosion.id,
      failed_node_name: erosion.name,
      fail_reason: failed.row.fail_reason ?? '',
      cause: 'infrastructure',
      benign_node_data_ids: benign.map((r) => r.id),
      rerun_run_id: rerun.row.id,
      log,
    };
  })();

  if (!repeatedEdge) throw new Error('unreachable');
  const list = [growthStory, timeoutStory, keyErrorStory, nullStory, zeroStory, notLastStory];
  const byId = Object.fromEntries(list.map((s) => [s.id, s])) as Record<DemoStoryId, DemoStory>;
  return {
    builders,
    stories: {
      list,
      byId,
      platform: [oomStory, rerunStory],
      edgeCases: { saveAtRunAt, repeatedHashBeforeFailure: repeatedEdge, runningAndQueued, scenarioWithoutRuns, microsecondRun },
    },
  };
}
