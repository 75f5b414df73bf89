import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareIso, isoToPgTimestamp } from '../../../src/core/time';
import type { Db, Queryable } from '../../../src/db/db';
import { generateDemo, generateDemoChunks } from '../../../src/demo/generator';
import { canonicalJson, inputHash } from '../../../src/demo/hashing';
import type { DemoData, FcScenarioNodeCalcRow, FcScenarioNodeDataRow, FcScenarioRunRow } from '../../../src/demo/rows';
import { isoFromMicros, microsFromIso } from '../../../src/demo/time';
import { Rng } from '../../../src/demo/random';
import { seedSource, SOURCE_TABLES } from '../../../src/demo/seed';
import { demoLogFiles } from '../../../src/demo/logs';
import { PLATFORM_STORY_IDS, SCRIPT_SCENARIO_NAME, STORY_IDS, type DemoStory } from '../../../src/demo/stories';

const ROOT = join(__dirname, '..', '..', '..');
const ANCHOR = '2026-11-20T12:00:00.000Z';
const WINDOW_START = '2026-10-21T12:00:00.000Z'; // anchor − 30 days
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.(\d{3}|\d{6})Z$/;

/** Column names per table, parsed from the source schema (the contract). */
function schemaColumns(): Map<string, string[]> {
  const sql = readFileSync(join(ROOT, 'sql', 'source', 'schema.sql'), 'utf8');
  const out = new Map<string, string[]>();
  for (const m of sql.matchAll(/CREATE TABLE (\w+) \(([\s\S]*?)\n\);/g)) {
    const cols = m[2]
      .split('\n')
      .map((l) => l.replace(/--.*$/, '').trim())
      .filter((l) => l.length > 0)
      .map((l) => l.split(/\s+/)[0]);
    out.set(m[1], cols);
  }
  return out;
}

const TABLE_KEYS = {
  fc_model: 'models',
  fc_model_node: 'nodes',
  fc_scenario: 'scenarios',
  fc_scenario_run: 'runs',
  fc_scenario_node_data: 'nodeData',
  fc_scenario_node_calc: 'nodeCalcs',
} as const;

function groupBy<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    let list = m.get(k);
    if (!list) m.set(k, (list = []));
    list.push(r);
  }
  return m;
}

const byIso =
  <T>(f: (r: T) => string) =>
  (a: T, b: T): number =>
    compareIso(f(a), f(b));

/** The version of a node in force at `at`: created_at <= at and (end_at NULL or end_at > at). */
function inForce(saves: readonly FcScenarioNodeDataRow[], at: string): FcScenarioNodeDataRow | undefined {
  const hits = saves.filter((s) => compareIso(s.created_at, at) <= 0 && (s.end_at === null || compareIso(s.end_at, at) > 0));
  assert.ok(hits.length <= 1, 'at most one version in force');
  return hits[0];
}

function atPath(value: unknown, path: string): unknown {
  const parts = [...path.matchAll(/\.(\w+)|\["([^"]+)"\]|\[(\d+)\]/g)].map((m) => m[1] ?? m[2] ?? Number(m[3]));
  let v: unknown = value;
  for (const p of parts) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

function allTimestamps(d: DemoData): string[] {
  const out: string[] = [];
  const push = (v: string | null): void => {
    if (v !== null) out.push(v);
  };
  for (const s of d.scenarios) [s.created_at, s.updated_at, s.submitted_at, s.locked_at].forEach(push);
  for (const r of d.runs) [r.run_at, r.run_complete_at].forEach(push);
  for (const r of d.nodeData) [r.created_at, r.end_at].forEach(push);
  for (const r of d.nodeCalcs) [r.processing_start_at, r.processing_end_at].forEach(push);
  return out;
}

describe('demo generator', function () {
  this.timeout(120_000);

  let d: DemoData;
  before(() => {
    d = generateDemo({ scenarios: 200 });
  });

  describe('random', () => {
    it('is deterministic per seed and makes valid v4 UUIDs', () => {
      const a = new Rng(42);
      const b = new Rng(42);
      const c = new Rng(43);
      const sa = Array.from({ length: 50 }, () => a.uuid());
      assert.deepEqual(sa, Array.from({ length: 50 }, () => b.uuid()));
      assert.notDeepEqual(sa, Array.from({ length: 50 }, () => c.uuid()));
      for (const u of sa) assert.match(u, UUID_V4);
      const r = new Rng(7);
      for (let i = 0; i < 1000; i++) {
        const n = r.int(3, 9);
        assert.ok(n >= 3 && n <= 9 && Number.isInteger(n));
        const x = r.next();
        assert.ok(x >= 0 && x < 1);
      }
      assert.equal(Rng.derive('a', 1).uint32(), Rng.derive('a', 1).uint32());
      assert.notEqual(Rng.derive('a', 1).uint32(), Rng.derive('a', 2).uint32());
    });
  });

  describe('timestamps and hashes', () => {
    it('formats microseconds as ISO with 3 or 6 fraction digits and parses them back', () => {
      assert.equal(isoFromMicros(Date.parse('2026-11-03T10:00:00.123Z') * 1000), '2026-11-03T10:00:00.123Z');
      assert.equal(isoFromMicros(Date.parse('2026-11-03T10:00:00.123Z') * 1000 + 456), '2026-11-03T10:00:00.123456Z');
      assert.equal(isoFromMicros(Date.parse('2026-11-03T00:00:00.000Z') * 1000 + 7), '2026-11-03T00:00:00.000007Z');
      assert.equal(microsFromIso('2026-11-03T10:00:00.123456Z'), Date.parse('2026-11-03T10:00:00.123Z') * 1000 + 456);
      const r = new Rng(1);
      for (let i = 0; i < 200; i++) {
        const us = Date.parse('2026-01-01T00:00:00Z') * 1000 + r.int(0, 2 ** 31) * 1000 + r.int(0, 999);
        assert.equal(microsFromIso(isoFromMicros(us)), us);
        assert.equal(isoFromMicros(us).slice(0, 23), new Date(Math.floor(us / 1000)).toISOString().slice(0, 23));
      }
    });

    it('hashes canonical JSON: same data ⇒ same hash whatever the key order', () => {
      assert.equal(canonicalJson({ b: 1, a: [1, { d: 2, c: null }] }), '{"a":[1,{"c":null,"d":2}],"b":1}');
      assert.equal(canonicalJson({ '10': 1, '9': 2 }), '{"10":1,"9":2}');
      assert.equal(inputHash({ b: 1, a: 2 }), inputHash({ a: 2, b: 1 }));
      assert.notEqual(inputHash({ a: 1 }), inputHash({ a: 2 }));
      assert.match(inputHash(null), /^[0-9a-f]{16}$/);
    });
  });

  describe('determinism', () => {
    it('same seed ⇒ identical output; another seed ⇒ different output', () => {
      const a = generateDemo({ scenarios: 30, seed: 5 });
      const b = generateDemo({ scenarios: 30, seed: 5 });
      assert.deepEqual(a, b);
      const c = generateDemo({ scenarios: 30, seed: 6 });
      assert.notEqual(a.scenarios[0].id, c.scenarios[0].id);
      assert.notDeepEqual(
        a.nodeData.map((r) => r.input_hash),
        c.nodeData.map((r) => r.input_hash),
      );
    });

    it('the stories are the same at every scale ≥ 20 (same seed)', () => {
      const small = generateDemo({ scenarios: 20 });
      assert.deepEqual(small.stories, generateDemo({ scenarios: 60 }).stories);
      assert.deepEqual(small.stories, d.stories);
    });

    it('the chunked generator yields the same rows as generateDemo', () => {
      const chunks = [...generateDemoChunks({ scenarios: 200, chunkScenarios: 50 })];
      assert.ok(chunks.length >= 4);
      assert.equal(chunks[1].models.length, 0);
      const keys = ['models', 'nodes', 'scenarios', 'runs', 'nodeData', 'nodeCalcs'] as const;
      for (const k of keys) {
        const joined = chunks.flatMap((c) => c[k] as unknown[]);
        assert.deepEqual(joined, d[k], k);
      }
      // No row refers to a scenario of a later chunk.
      const seen = new Set<string>();
      for (const c of chunks) {
        for (const s of c.scenarios) seen.add(s.id);
        for (const r of c.runs) assert.ok(seen.has(r.scenario_id));
        for (const r of c.nodeData) assert.ok(seen.has(r.scenario_id));
      }
    });
  });

  describe('shape and scale (200 scenarios)', () => {
    it('rows carry exactly the columns of the source schema', () => {
      const cols = schemaColumns();
      assert.equal(cols.size, 6);
      for (const [table, key] of Object.entries(TABLE_KEYS)) {
        const expected = cols.get(table);
        assert.ok(expected, table);
        const rows = d[key] as unknown as Array<Record<string, unknown>>;
        assert.ok(rows.length > 0, table);
        for (const row of rows) assert.deepEqual(Object.keys(row), expected, table);
      }
    });

    it('has the stated ratios', () => {
      const n = d.scenarios.length;
      assert.equal(n, 200);
      assert.equal(d.models.length, 20);
      const runsPer = d.runs.length / n;
      const savesPer = d.nodeData.length / n;
      const calcsPerRun = d.nodeCalcs.length / d.runs.length;
      console.log(`      200 scenarios: ${d.runs.length} runs (${runsPer.toFixed(2)}/scenario), ${d.nodeData.length} saves (${savesPer.toFixed(1)}/scenario), ${d.nodeCalcs.length} calcs (${calcsPerRun.toFixed(1)}/run)`);
      assert.ok(runsPer > 3.5 && runsPer < 6.5, `runs/scenario ${runsPer}`);
      assert.ok(savesPer > 75 && savesPer < 125, `saves/scenario ${savesPer}`);
      assert.ok(calcsPerRun > 40 && calcsPerRun < 60, `calcs/run ${calcsPerRun}`);
      for (const [modelId, nodes] of groupBy(d.nodes, (x) => x.model_id)) {
        assert.ok(nodes.length >= 20 && nodes.length <= 60, `model ${modelId} has ${nodes.length} nodes`);
        assert.ok(nodes.some((x) => x.node_type === 'input') && nodes.some((x) => x.node_type === 'calculation') && nodes.some((x) => x.node_type === 'output'));
        assert.equal(new Set(nodes.map((x) => x.node_seq)).size, nodes.length, 'distinct node_seq');
        assert.equal(new Set(nodes.map((x) => x.node_display_name)).size, nodes.length, 'distinct node names');
      }
      const completed = d.runs.filter((r) => r.run_status !== 'queued' && r.run_status !== 'running');
      const failures = completed.filter((r) => r.run_status === 'failed' || r.run_status === 'timeout').length / completed.length;
      assert.ok(failures > 0.04 && failures < 0.15, `failure rate ${failures}`);
      const statuses = new Set(d.runs.map((r) => r.run_status));
      for (const s of ['success', 'failed', 'timeout', 'queued', 'running']) assert.ok(statuses.has(s as FcScenarioRunRow['run_status']), s);
      const scenarioStatuses = new Set(d.scenarios.map((s) => s.status));
      for (const s of ['draft', 'submitted', 'locked', 'archived']) assert.ok(scenarioStatuses.has(s as 'draft'), s);
      assert.ok(new Set(d.runs.filter((r) => r.fail_reason).map((r) => r.fail_reason!.split(':')[0])).size >= 8, 'varied failure messages');
    });

    it('ids are valid, unique v4 UUIDs', () => {
      const ids = new Set<string>();
      const check = (u: string | null): void => {
        if (u !== null) assert.match(u, UUID_V4);
      };
      for (const key of Object.values(TABLE_KEYS)) {
        for (const row of d[key] as unknown as Array<{ id: string }>) {
          check(row.id);
          assert.ok(!ids.has(row.id), `duplicate id ${row.id}`);
          ids.add(row.id);
        }
      }
      for (const s of d.scenarios) [s.created_req_id, s.updated_req_id, s.submitted_req_id, s.locked_req_id, s.forecast_init_id].forEach(check);
      for (const r of d.runs) check(r.run_req_id);
      for (const r of d.nodeData) check(r.created_req_id);
    });

    it('every foreign key points to an existing row, and saves/calcs belong to the scenario model', () => {
      const models = new Set(d.models.map((m) => m.id));
      const nodes = new Map(d.nodes.map((x) => [x.id, x]));
      const scenarios = new Map(d.scenarios.map((s) => [s.id, s]));
      const runs = new Map(d.runs.map((r) => [r.id, r]));
      for (const x of d.nodes) assert.ok(models.has(x.model_id));
      for (const s of d.scenarios) assert.ok(models.has(s.model_id));
      for (const r of d.runs) assert.ok(scenarios.has(r.scenario_id));
      for (const r of d.nodeData) {
        const s = scenarios.get(r.scenario_id);
        const x = nodes.get(r.model_node_id);
        assert.ok(s && x);
        assert.equal(x.model_id, s.model_id);
        assert.equal(x.node_type, 'input');
      }
      for (const c of d.nodeCalcs) {
        const r = runs.get(c.run_id);
        const x = nodes.get(c.model_node_id);
        assert.ok(r && x);
        assert.equal(x.model_id, scenarios.get(r.scenario_id)!.model_id);
      }
    });

    it('timestamps end in Z, have 3 or 6 fraction digits, lie in [anchor − days, anchor], a few with microseconds', () => {
      const all = allTimestamps(d);
      let micro = 0;
      for (const t of all) {
        assert.match(t, ISO);
        assert.ok(compareIso(t, WINDOW_START) >= 0 && compareIso(t, ANCHOR) <= 0, t);
        if (t.length === 27) micro++;
      }
      assert.ok(micro >= 5 && micro < 200, `microsecond timestamps: ${micro}`);
    });

    it('honours anchor and days', () => {
      const small = generateDemo({ scenarios: 30, days: 3, anchor: '2025-03-01T00:00:00.000Z' });
      for (const t of allTimestamps(small)) {
        assert.match(t, ISO);
        assert.ok(compareIso(t, '2025-02-26T00:00:00.000Z') >= 0 && compareIso(t, '2025-03-01T00:00:00.000Z') <= 0, t);
      }
      assert.equal(small.stories.list.length, STORY_IDS.length);
    });

    it('scenario lifecycle columns match the status', () => {
      for (const s of d.scenarios) {
        for (const step of ['updated', 'submitted', 'locked'] as const) {
          const at = s[`${step}_at`];
          assert.equal(s[`${step}_by`] === null, at === null, `${step}_by`);
          assert.equal(s[`${step}_req_id`] === null, at === null, `${step}_req_id`);
          if (at !== null) assert.ok(compareIso(s.created_at, at) <= 0);
        }
        if (s.status === 'draft') assert.equal(s.submitted_at, null);
        if (s.status === 'submitted') assert.ok(s.submitted_at !== null && s.locked_at === null);
        if (s.status === 'locked') assert.ok(s.submitted_at !== null && s.locked_at !== null);
        if (s.locked_at) assert.ok(s.submitted_at && compareIso(s.submitted_at, s.locked_at) < 0);
        assert.ok(s.scenario_start_year! < s.scenario_end_year!);
      }
    });

    it('end_at chains: each version ends when the next one is saved; exactly one current version', () => {
      for (const [, saves] of groupBy(d.nodeData, (r) => `${r.scenario_id}/${r.model_node_id}`)) {
        const sorted = saves.slice().sort(byIso((r) => r.created_at));
        for (let i = 0; i < sorted.length; i++) {
          if (i > 0) assert.ok(compareIso(sorted[i - 1].created_at, sorted[i].created_at) < 0, 'strictly increasing created_at');
          if (i < sorted.length - 1) assert.equal(sorted[i].end_at, sorted[i + 1].created_at);
          else assert.equal(sorted[i].end_at, null);
        }
        assert.equal(sorted.filter((r) => r.end_at === null).length, 1);
      }
      // every input node of every scenario has a history
      const inputsByModel = groupBy(
        d.nodes.filter((x) => x.node_type === 'input'),
        (x) => x.model_id,
      );
      const saved = new Set(d.nodeData.map((r) => `${r.scenario_id}/${r.model_node_id}`));
      for (const s of d.scenarios) for (const x of inputsByModel.get(s.model_id)!) assert.ok(saved.has(`${s.id}/${x.id}`));
    });

    it('input_hash is the hash of input_data; about 10 % of saves repeat the previous hash', () => {
      for (const r of d.nodeData) assert.equal(r.input_hash, inputHash(r.input_data));
      let repeats = 0;
      for (const [, saves] of groupBy(d.nodeData, (r) => `${r.scenario_id}/${r.model_node_id}`)) {
        const sorted = saves.slice().sort(byIso((r) => r.created_at));
        for (let i = 1; i < sorted.length; i++) if (sorted[i].input_hash === sorted[i - 1].input_hash) repeats++;
      }
      const share = repeats / d.nodeData.length;
      assert.ok(share > 0.05 && share < 0.15, `repeat share ${share}`);
      const shapes = new Set<string>(d.nodeData.map((r) => (r.input_data === null ? 'null' : Array.isArray(r.input_data) ? 'array' : typeof r.input_data)));
      for (const s of ['number', 'string', 'object', 'array', 'null']) assert.ok(shapes.has(s), s);
    });

    it('runs and node calcs agree', () => {
      const nodes = new Map(d.nodes.map((x) => [x.id, x]));
      const modelNodes = groupBy(d.nodes, (x) => x.model_id);
      const scenarios = new Map(d.scenarios.map((s) => [s.id, s]));
      const calcsByRun = groupBy(d.nodeCalcs, (c) => c.run_id);
      for (const run of d.runs) {
        const calcs = (calcsByRun.get(run.id) ?? []).slice().sort((a, b) => nodes.get(a.model_node_id)!.node_seq! - nodes.get(b.model_node_id)!.node_seq!);
        const all = modelNodes.get(scenarios.get(run.scenario_id)!.model_id)!;
        for (const c of calcs) {
          if (c.status === 'skipped') {
            assert.ok(c.processing_start_at === null && c.processing_end_at === null && c.processing_duration === null);
          } else {
            assert.ok(c.processing_start_at && c.processing_end_at);
            assert.ok(compareIso(run.run_at, c.processing_start_at) < 0);
            assert.equal(c.processing_duration, (microsFromIso(c.processing_end_at) - microsFromIso(c.processing_start_at)) / 1e6);
            if (run.run_complete_at) assert.ok(compareIso(c.processing_end_at, run.run_complete_at) < 0);
          }
        }
        switch (run.run_status) {
          case 'queued':
            assert.equal(calcs.length, 0);
            assert.equal(run.run_complete_at, null);
            assert.equal(run.fail_reason, null);
            break;
          case 'running':
            assert.equal(run.run_complete_at, null);
            assert.equal(run.fail_reason, null);
            assert.ok(calcs.length < all.length);
            assert.ok(calcs.every((c) => c.status === 'success'));
            // a prefix of the nodes in node_seq order
            calcs.forEach((c, i) => assert.equal(c.model_node_id, all.slice().sort((a, b) => a.node_seq! - b.node_seq!)[i].id));
            break;
          case 'success':
            assert.equal(calcs.length, all.length);
            assert.ok(run.run_complete_at && run.fail_reason === null);
            assert.ok(calcs.every((c) => c.status === 'success' && c.fail_reason === null));
            break;
          case 'failed':
          case 'timeout': {
            assert.equal(calcs.length, all.length);
            assert.ok(run.run_complete_at && run.fail_reason);
            const failed = calcs.filter((c) => c.status === 'failed');
            assert.equal(failed.length, 1);
            const at = calcs.indexOf(failed[0]);
            assert.ok(calcs.slice(0, at).every((c) => c.status === 'success'), 'before the failure: success');
            assert.ok(calcs.slice(at + 1).every((c) => c.status === 'skipped'), 'after the failure: skipped');
            assert.equal(failed[0].fail_reason, run.fail_reason);
            if (run.run_status === 'timeout') {
              assert.match(run.fail_reason, /^Timeout: node '.+' exceeded 900 s$/);
              assert.ok(failed[0].processing_duration! >= 900 && failed[0].processing_duration! < 906);
            }
            break;
          }
        }
      }
    });
  });

  describe('stories', () => {
    const runsOf = (scenarioId: string): FcScenarioRunRow[] => d.runs.filter((r) => r.scenario_id === scenarioId).sort(byIso((r) => r.run_at));
    const savesOf = (scenarioId: string, nodeId: string): FcScenarioNodeDataRow[] =>
      d.nodeData.filter((r) => r.scenario_id === scenarioId && r.model_node_id === nodeId).sort(byIso((r) => r.created_at));
    const story = (id: string): DemoStory => d.stories.byId[id as DemoStory['id']];

    it('lists every story with a consistent last-success → first-failure pair and its culprit change between them', () => {
      assert.deepEqual(
        d.stories.list.map((s) => s.id),
        [...STORY_IDS],
      );
      const runById = new Map(d.runs.map((r) => [r.id, r]));
      const nodeById = new Map(d.nodes.map((x) => [x.id, x]));
      for (const s of d.stories.list) {
        assert.equal(s.related_scenario_ids[0], s.scenario_id);
        assert.equal(s.instances.length, s.related_scenario_ids.length);
        assert.equal(nodeById.get(s.culprit_node_id)?.node_display_name, s.culprit_node_name);
        assert.equal(nodeById.get(s.failed_node_id)?.node_display_name, s.failed_node_name);
        for (const inst of s.instances) {
          const scenario = d.scenarios.find((x) => x.id === inst.scenario_id)!;
          assert.equal(scenario.model_id, s.model_id);
          assert.equal(scenario.scenario_display_name, inst.scenario_name);
          const runs = runsOf(inst.scenario_id);
          const ok = runById.get(inst.last_success_run_id)!;
          const failed = runById.get(inst.failed_run_id)!;
          assert.equal(ok.run_status, 'success');
          assert.equal(failed.run_status, s.failed_status);
          assert.equal(failed.fail_reason, inst.fail_reason);
          // the last success of the scenario, immediately followed by the failure
          const i = runs.indexOf(ok);
          assert.equal(runs[i + 1], failed, `${s.id}: the failure follows the last success`);
          assert.ok(runs.slice(i + 1).every((r) => r.run_status !== 'success'), `${s.id}: no success after`);
          // the culprit save sits between the two runs and changes the value at the path
          const saves = savesOf(inst.scenario_id, s.culprit_node_id);
          const culprit = saves.find((r) => r.id === inst.culprit_node_data_id)!;
          assert.ok(compareIso(ok.run_at, culprit.created_at) < 0 && compareIso(culprit.created_at, failed.run_at) <= 0);
          const before = inForce(saves, ok.run_at)!;
          const after = inForce(saves, failed.run_at)!;
          assert.equal(after.id, culprit.id);
          assert.notEqual(before.input_hash, after.input_hash);
          assert.notDeepEqual(atPath(before.input_data, s.culprit_path), atPath(after.input_data, s.culprit_path));
          // nothing else changed in between (the null-input story adds a save that repeats a hash)
          const between = d.nodeData.filter(
            (r) => r.scenario_id === inst.scenario_id && compareIso(r.created_at, ok.run_at) > 0 && compareIso(r.created_at, failed.run_at) <= 0,
          );
          const expected = [inst.culprit_node_data_id, ...s.benign_node_data_ids];
          if (s.id === d.stories.edgeCases.repeatedHashBeforeFailure.story_id) expected.push(d.stories.edgeCases.repeatedHashBeforeFailure.node_data_id);
          assert.deepEqual(between.map((r) => r.id).sort(), expected.sort(), `${s.id}: saves between the runs`);
          // the failing calc
          const calc = d.nodeCalcs.find((c) => c.run_id === failed.id && c.status === 'failed') as FcScenarioNodeCalcRow;
          assert.equal(calc.model_node_id, s.failed_node_id);
        }
      }
    });

    it('culprit-not-last: Compliance rate becomes 1.35, then three other inputs are edited before the failure', () => {
      const s = story('culprit-not-last');
      assert.equal(s.culprit_node_name, 'Compliance rate');
      const culprit = d.nodeData.find((r) => r.id === s.culprit_node_data_id)!;
      assert.equal(culprit.input_data, 1.35);
      assert.equal(s.benign_node_data_ids.length, 3);
      const later = s.benign_node_data_ids.map((id) => d.nodeData.find((r) => r.id === id)!);
      assert.ok(later.every((r) => r.model_node_id !== s.culprit_node_id && compareIso(culprit.created_at, r.created_at) < 0));
      assert.equal(s.failed_node_name, 'Net revenue');
      assert.doesNotMatch(s.fail_reason, /compliance/i);
    });

    it('growth-rate-invalid: 2028 becomes -1.5 and validation fails', () => {
      const s = story('growth-rate-invalid');
      assert.equal(s.culprit_node_name, 'Market growth rate');
      assert.equal(s.culprit_path, '$["2028"]');
      const culprit = d.nodeData.find((r) => r.id === s.culprit_node_data_id)!;
      assert.equal((culprit.input_data as Record<string, number>)['2028'], -1.5);
      const failed = d.runs.find((r) => r.id === s.failed_run_id)!;
      assert.equal(s.fail_reason, `ValidationError: growth rate -1.5 for year 2028 outside [-1, 1] in node 'Market growth rate' (request ${failed.run_req_id})`);
      // an earlier failure, fixed by a re-run, precedes the pair
      assert.ok(runsOf(s.scenario_id).filter((r) => r.run_status === 'failed').length >= 2);
    });

    it('timeout-after-input-growth: the cohort grows from 50 to 12,000 records (> 200 KB) and times out', () => {
      const s = story('timeout-after-input-growth');
      assert.equal(s.failed_status, 'timeout');
      assert.equal(s.failed_node_name, 'Patient flow simulation');
      assert.equal(s.fail_reason, "Timeout: node 'Patient flow simulation' exceeded 900 s");
      const saves = savesOf(s.scenario_id, s.culprit_node_id);
      const ok = d.runs.find((r) => r.id === s.last_success_run_id)!;
      const before = inForce(saves, ok.run_at)!.input_data as { patients: unknown[] };
      const after = d.nodeData.find((r) => r.id === s.culprit_node_data_id)!;
      assert.equal(before.patients.length, 50);
      assert.equal((after.input_data as { patients: unknown[] }).patients.length, 12_000);
      assert.ok(JSON.stringify(after.input_data).length > 200_000);
      const calc = d.nodeCalcs.find((c) => c.run_id === s.failed_run_id && c.status === 'failed')!;
      assert.ok(calc.processing_duration! > 900 && calc.processing_duration! < 905);
    });

    it('same-validation-error-across-model: four scenarios of one model fail with the same KeyError', () => {
      const s = story('same-validation-error-across-model');
      assert.equal(s.related_scenario_ids.length, 4);
      assert.equal(new Set(d.scenarios.filter((x) => s.related_scenario_ids.includes(x.id)).map((x) => x.model_id)).size, 1);
      assert.equal(s.culprit_node_name, 'Region mapping');
      assert.equal(s.culprit_path, '$.mapping.region_code');
      for (const inst of s.instances) {
        assert.equal(inst.fail_reason, `KeyError: 'region_code' missing in mapping for node 'Price erosion' (scenario ${inst.scenario_id})`);
        const after = d.nodeData.find((r) => r.id === inst.culprit_node_data_id)!.input_data as { mapping: Record<string, string> };
        assert.ok(!('region_code' in after.mapping));
      }
      // one scenario retried: 5 failed runs with this message over 4 scenarios
      assert.equal(d.runs.filter((r) => r.fail_reason?.startsWith("KeyError: 'region_code'")).length, 5);
    });

    it('platform stories: ordinary edits between the last success and a failure no input caused, the platform lines for the run, a rerun on the same hashes', () => {
      assert.deepEqual(
        d.stories.platform.map((p) => p.id),
        [...PLATFORM_STORY_IDS],
      );
      const runById = new Map(d.runs.map((r) => [r.id, r]));
      const logText = demoLogFiles(d).find((f) => f.path === 'engine.log')!.content.toString();
      const inForce = (scenarioId: string, at: string): Map<string, string | null> => {
        const m = new Map<string, string | null>();
        for (const r of d.nodeData.filter((x) => x.scenario_id === scenarioId).sort(byIso((x) => x.created_at))) if (compareIso(r.created_at, at) <= 0) m.set(r.model_node_id, r.input_hash);
        return m;
      };
      for (const p of d.stories.platform) {
        const ok = runById.get(p.last_success_run_id)!;
        const failed = runById.get(p.failed_run_id)!;
        assert.equal(ok.run_status, 'success');
        assert.equal(failed.run_status, p.failed_status);
        assert.equal(failed.fail_reason, p.fail_reason);
        // No run between the pair; the benign saves are the only changes between them.
        const runs = runsOf(p.scenario_id);
        assert.equal(runs.indexOf(failed), runs.indexOf(ok) + 1);
        const between = d.nodeData.filter((r) => r.scenario_id === p.scenario_id && compareIso(r.created_at, ok.run_at) > 0 && compareIso(r.created_at, failed.run_at) <= 0);
        assert.deepEqual(between.map((r) => r.id).sort(), [...p.benign_node_data_ids].sort());
        assert.equal(between.length, 3);
        // Every platform line names the failed run and is in the demo's engine.log.
        assert.ok(p.log.length >= 2);
        for (const l of p.log) {
          assert.ok(l.message.includes(p.failed_run_id), l.message);
          assert.ok(logText.includes(l.message), `engine.log has: ${l.message}`);
        }
      }
      const oom = d.stories.platform.find((p) => p.id === 'oom-after-benign-edits')!;
      assert.match(oom.fail_reason, /OOMKilled \(exit code 137\)/);
      assert.equal(oom.rerun_run_id, null);
      // A cohort edit in the failed calc's group, without growth.
      const cohortEdit = d.nodeData.find((r) => r.id === oom.benign_node_data_ids[2])!;
      const cohortBefore = d.nodeData.filter((r) => r.scenario_id === oom.scenario_id && r.model_node_id === cohortEdit.model_node_id && compareIso(r.created_at, cohortEdit.created_at) < 0).pop()!;
      const size = (x: unknown): number => (x as { patients: unknown[] }).patients.length;
      assert.ok(size(cohortEdit.input_data) <= size(cohortBefore.input_data) + 6);
      const rerun = d.stories.platform.find((p) => p.id === 'rerun-same-inputs-succeeded')!;
      const again = runById.get(rerun.rerun_run_id!)!;
      assert.equal(again.run_status, 'success');
      assert.ok(compareIso(again.run_at, runById.get(rerun.failed_run_id)!.run_complete_at!) > 0);
      assert.deepEqual(inForce(rerun.scenario_id, again.run_at), inForce(rerun.scenario_id, runById.get(rerun.failed_run_id)!.run_at));
      assert.notDeepEqual(inForce(rerun.scenario_id, again.run_at), inForce(rerun.scenario_id, runById.get(rerun.last_success_run_id)!.run_at));
    });

    it('null-input and division-by-zero', () => {
      const n = story('null-input');
      assert.equal(n.culprit_node_name, 'Peak share');
      assert.equal(n.culprit_path, '$');
      assert.equal(d.nodeData.find((r) => r.id === n.culprit_node_data_id)!.input_data, null);
      assert.equal(n.fail_reason, "TypeError: cannot read property 'share' of null in node 'Peak share'");
      const z = story('division-by-zero');
      assert.equal(z.scenario_name, SCRIPT_SCENARIO_NAME);
      assert.equal(z.scenario_name, 'Prévision 日本 – <script>alert(1)</script>');
      assert.equal(z.culprit_node_name, 'Eligible population');
      assert.equal(z.culprit_path, '$.value');
      assert.equal((d.nodeData.find((r) => r.id === z.culprit_node_data_id)!.input_data as { value: number }).value, 0);
      assert.ok(z.fail_reason.startsWith("ZeroDivisionError: division by zero in node 'Treated patients' (denominator eligible_pop = 0)"));
      assert.ok(z.fail_reason.includes('<script>'));
    });
  });

  describe('edge cases', () => {
    it('a save at exactly a run’s run_at is in force at that run', () => {
      const e = d.stories.edgeCases.saveAtRunAt;
      const run = d.runs.find((r) => r.id === e.run_id)!;
      const saved = d.nodeData.find((r) => r.id === e.node_data_id)!;
      const prev = d.nodeData.find((r) => r.id === e.previous_node_data_id)!;
      assert.equal(run.run_at, e.run_at);
      assert.equal(saved.created_at, run.run_at);
      assert.equal(prev.end_at, run.run_at);
      assert.notEqual(saved.input_hash, prev.input_hash);
      const saves = d.nodeData.filter((r) => r.scenario_id === e.scenario_id && r.model_node_id === e.node_id);
      assert.equal(inForce(saves, run.run_at)!.id, saved.id);
    });

    it('a save repeating the previous hash sits just before the null-input failure', () => {
      const e = d.stories.edgeCases.repeatedHashBeforeFailure;
      const s = d.stories.byId['null-input'];
      assert.equal(e.scenario_id, s.scenario_id);
      assert.equal(e.failed_run_id, s.failed_run_id);
      const row = d.nodeData.find((r) => r.id === e.node_data_id)!;
      const prev = d.nodeData.find((r) => r.id === e.previous_node_data_id)!;
      assert.equal(row.input_hash, prev.input_hash);
      assert.equal(row.input_hash, e.input_hash);
      assert.equal(prev.end_at, row.created_at);
      const ok = d.runs.find((r) => r.id === s.last_success_run_id)!;
      const failed = d.runs.find((r) => r.id === s.failed_run_id)!;
      assert.ok(compareIso(ok.run_at, row.created_at) < 0 && compareIso(row.created_at, failed.run_at) < 0);
      // only the culprit node really changed between the two runs
      const changed = d.nodeData.filter(
        (r) => r.scenario_id === s.scenario_id && compareIso(r.created_at, ok.run_at) > 0 && compareIso(r.created_at, failed.run_at) <= 0,
      );
      assert.deepEqual(changed.map((r) => r.id).sort(), [s.culprit_node_data_id, row.id].sort());
    });

    it('a running then a queued run are the latest runs of a scenario; a scenario has no runs', () => {
      const e = d.stories.edgeCases.runningAndQueued;
      const runs = d.runs.filter((r) => r.scenario_id === e.scenario_id).sort(byIso((r) => r.run_at));
      const [running, queued] = runs.slice(-2);
      assert.equal(running.id, e.running_run_id);
      assert.equal(running.run_status, 'running');
      assert.equal(queued.id, e.queued_run_id);
      assert.equal(queued.run_status, 'queued');
      assert.equal(running.run_complete_at, null);
      assert.equal(queued.run_complete_at, null);
      const none = d.stories.edgeCases.scenarioWithoutRuns;
      assert.equal(d.runs.filter((r) => r.scenario_id === none.scenario_id).length, 0);
      assert.ok(d.nodeData.some((r) => r.scenario_id === none.scenario_id));
    });

    it('a run with microsecond timestamps; the version saved 1 µs before is in force, the one 1 µs after is not', () => {
      const e = d.stories.edgeCases.microsecondRun;
      const run = d.runs.find((r) => r.id === e.run_id)!;
      assert.match(run.run_at, /\.\d{3}456Z$/);
      assert.match(run.run_complete_at!, /\.\d{6}Z$/);
      const calcs = d.nodeCalcs.filter((c) => c.run_id === run.id);
      assert.ok(calcs.some((c) => /\.\d{6}Z$/.test(c.processing_start_at!)));
      const inForceRow = d.nodeData.find((r) => r.id === e.in_force_node_data_id)!;
      const next = d.nodeData.find((r) => r.id === e.next_node_data_id)!;
      assert.equal(microsFromIso(run.run_at) - microsFromIso(inForceRow.created_at), 1);
      assert.equal(microsFromIso(next.created_at) - microsFromIso(run.run_at), 1);
      assert.equal(inForceRow.end_at, next.created_at);
      assert.equal(inForceRow.created_at.slice(0, 23), next.created_at.slice(0, 23), 'same millisecond');
      const saves = d.nodeData.filter((r) => r.scenario_id === e.scenario_id && r.model_node_id === e.node_id);
      assert.equal(inForce(saves, run.run_at)!.id, inForceRow.id);
    });
  });

  describe('seed', () => {
    it('the insert files take the columns of SOURCE_TABLES, in order, one array parameter each', () => {
      const cols = schemaColumns();
      for (const spec of SOURCE_TABLES) {
        assert.deepEqual(
          spec.columns.map(([c]) => c),
          cols.get(spec.table),
          spec.table,
        );
        const sql = readFileSync(join(ROOT, 'sql', 'demo', `insert_${spec.table}.sql`), 'utf8');
        const list = /INSERT INTO \w+ \(([^)]*)\)/.exec(sql)![1].split(',').map((c) => c.trim());
        assert.deepEqual(list, cols.get(spec.table), spec.table);
        const params = [...sql.matchAll(/\$(\d+)::(\w+)\[\]/g)];
        assert.equal(params.length, spec.columns.length, spec.table);
        params.forEach((m, i) => assert.equal(Number(m[1]), i + 1));
      }
    });

    it('creates the schema, loads batches in one transaction with one array per column, then analyzes', async () => {
      const small = generateDemo({ scenarios: 12 });
      const calls: Array<{ kind: string; sql: string; params?: readonly unknown[] }> = [];
      const tx: Queryable = {
        async query<R>(sql: string, params?: readonly unknown[]): Promise<R[]> {
          calls.push({ kind: 'tx', sql, params });
          return [];
        },
      };
      const db = {
        kind: 'pglite',
        label: 'fake',
        readOnly: false,
        query: async () => [],
        exec: async (sql: string) => {
          calls.push({ kind: 'exec', sql });
        },
        transaction: async <T>(fn: (q: Queryable) => Promise<T>) => {
          calls.push({ kind: 'begin', sql: '' });
          const r = await fn(tx);
          calls.push({ kind: 'commit', sql: '' });
          return r;
        },
        session: async () => {
          throw new Error('unused');
        },
        cancelRunning: async () => 0,
        close: async () => undefined,
      } as unknown as Db;
      const progress: string[] = [];
      const counts = await seedSource(db, small, { batchSize: 1000, onProgress: (t, n) => progress.push(`${t}:${n}`) });
      assert.deepEqual(counts, {
        fc_model: small.models.length,
        fc_model_node: small.nodes.length,
        fc_scenario: small.scenarios.length,
        fc_scenario_run: small.runs.length,
        fc_scenario_node_data: small.nodeData.length,
        fc_scenario_node_calc: small.nodeCalcs.length,
      });
      assert.equal(calls[0].kind, 'exec');
      assert.match(calls[0].sql, /CREATE TABLE fc_model /);
      assert.equal(calls[1].kind, 'begin');
      assert.equal(calls.at(-2)!.kind, 'commit');
      assert.match(calls.at(-1)!.sql, /^\s*(--.*\n)*ANALYZE /m);
      const inserts = calls.filter((c) => c.kind === 'tx');
      assert.equal(inserts.length, Object.values(counts).reduce((a, n) => a + Math.ceil(n / 1000), 0));
      for (const c of inserts) {
        assert.match(c.sql, /INSERT INTO \w+/);
        assert.doesNotMatch(c.sql, /'[0-9a-f]{8}-/, 'no values in SQL text');
        const arrays = c.params as unknown[][];
        assert.ok(arrays.every((a) => Array.isArray(a) && a.length === arrays[0].length && a.length <= 1000));
      }
      assert.equal(progress.at(-1), `fc_scenario_node_calc:${small.nodeCalcs.length}`);
      // parameters: timestamps as UTC text without zone, jsonb as JSON text (SQL NULL for null), numerics as text
      const runIns = inserts.find((c) => /INSERT INTO fc_scenario_run/.test(c.sql))!;
      const runParams = runIns.params as unknown[][];
      assert.equal(runParams[3][0], isoToPgTimestamp(small.runs[0].run_at));
      assert.match(runParams[3][0] as string, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3,6}$/);
      const dataIns = inserts.filter((c) => /INSERT INTO fc_scenario_node_data/.test(c.sql));
      const jsonTexts = dataIns.flatMap((c) => (c.params as unknown[][])[3]);
      assert.equal(jsonTexts.length, small.nodeData.length);
      small.nodeData.forEach((r, i) => assert.equal(jsonTexts[i], r.input_data === null ? null : JSON.stringify(r.input_data)));
      const calcIns = inserts.find((c) => /INSERT INTO fc_scenario_node_calc/.test(c.sql))!;
      assert.ok((calcIns.params as unknown[][])[7].every((v) => v === null || typeof v === 'string'));
    });
  });

  describe('scale', () => {
    it('generates 3,000 scenarios', () => {
      const t = Date.now();
      const big = generateDemo({ scenarios: 3000 });
      const ms = Date.now() - t;
      const counts = {
        models: big.models.length,
        nodes: big.nodes.length,
        scenarios: big.scenarios.length,
        runs: big.runs.length,
        nodeData: big.nodeData.length,
        nodeCalcs: big.nodeCalcs.length,
      };
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      console.log(`      3,000 scenarios: ${JSON.stringify(counts)} = ${total} rows in ${ms} ms, heap ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB`);
      assert.equal(big.scenarios.length, 3000);
      assert.equal(big.models.length, 40);
    });
  });
});
