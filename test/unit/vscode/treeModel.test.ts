import assert from 'node:assert/strict';
import type { NodeCalc, RunSummary, ScenarioListItem } from '../../../src/core/types';
import type { ScenarioFilter } from '../../../src/engine/analyses';
import type { Engine } from '../../../src/engine/engine';
import { Commands, TreeContext } from '../../../src/vscode/constants';
import type { GroupNode, InfoNode, ModelNode, RunNode, ScenarioNode, TreeNode } from '../../../src/vscode/tree/scenarioNodes';
import {
  arrayPages,
  compareByLastRun,
  emptyMessage,
  engineSource,
  failingPages,
  numberRuns,
  Pager,
  ScenarioTreeModel,
  scenarioPages,
  type ScenarioSource,
} from '../../../src/vscode/tree/scenarioTreeModel';
import type { ModelSummary } from '../../../src/vscode/tree/scenarioNodes';
import { runSummary } from '../fixtures';

const NOW = Date.parse('2026-03-10T12:00:00.000Z');

function uuid(prefix: string, n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `${prefix.padEnd(8, '0').slice(0, 8)}-0000-4000-8000-${hex}`;
}

const MODELS = [
  { id: uuid('a0', 1), name: 'Revenue' },
  { id: uuid('a0', 2), name: 'Cost' },
  { id: uuid('a0', 3), name: 'Headcount' },
];

/** `count` scenarios; every 7th is failing now, every 3rd has failed once; the last 5 never ran. */
function makeScenarios(count: number): ScenarioListItem[] {
  const out: ScenarioListItem[] = [];
  for (let i = 0; i < count; i++) {
    const m = MODELS[i % MODELS.length];
    const never = i >= count - 5;
    const failing = !never && i % 7 === 0;
    const everFailed = failing || (!never && i % 3 === 0);
    out.push({
      scenario_id: uuid('5c', i),
      scenario_name: `Scenario ${String(i).padStart(4, '0')}`,
      status: 'submitted',
      model_id: m.id,
      model_name: m.name,
      last_run_id: never ? null : uuid('e0', i),
      last_run_at: never ? null : new Date(NOW - (i + 1) * 60_000).toISOString(),
      last_run_status: never ? null : failing ? (i % 2 ? 'timeout' : 'failed') : 'success',
      last_fail_reason: failing ? `reason ${i}` : null,
      runs: never ? 0 : 3,
      failed_runs: everFailed ? 1 : 0,
    });
  }
  return out.sort(compareByLastRun);
}

function makeRun(scenarioId: string, n: number, status: RunSummary['run_status']): RunSummary {
  const at = new Date(NOW - (10 - n) * 3600_000).toISOString();
  const fail_reason = status === 'failed' ? 'boom' : null;
  return runSummary({ run_id: uuid('e1', n), scenario_id: scenarioId, model_id: MODELS[0].id, model_name: MODELS[0].name, run_status: status, run_at: at, duration_ms: 1000, run_by: 'alice', fail_reason });
}

/** In-memory source with the semantics of sql/queries/<kind>/scenarios.sql; records calls. */
class FakeSource implements ScenarioSource {
  calls: Array<{ method: string; arg: unknown }> = [];
  failNext: Error | undefined;
  hidden = new Set<string>();
  constructor(
    public items: ScenarioListItem[],
    public runsBy: Map<string, RunSummary[]> = new Map(),
    public calcsBy: Map<string, NodeCalc[]> = new Map(),
  ) {}

  private check(): void {
    if (this.failNext) {
      const e = this.failNext;
      this.failNext = undefined;
      throw e;
    }
  }

  async scenarios(f: ScenarioFilter): Promise<ScenarioListItem[]> {
    this.calls.push({ method: 'scenarios', arg: f });
    this.check();
    const q = f.search?.trim().toLowerCase();
    const rows = this.items.filter(
      (s) =>
        !this.hidden.has(s.scenario_id) &&
        (!q || s.scenario_name.toLowerCase().includes(q) || s.scenario_id.startsWith(q)) &&
        (!f.failedSince || s.failed_runs > 0) &&
        (!f.lastRunStatus || (s.last_run_status !== null && f.lastRunStatus.includes(s.last_run_status))) &&
        (!f.modelId || s.model_id === f.modelId),
    );
    const offset = f.offset ?? 0;
    return rows.slice(offset, offset + (f.limit ?? 50));
  }

  /** Same semantics as sql/queries/<kind>/models.sql. */
  async models(search: string | undefined): Promise<ModelSummary[]> {
    this.calls.push({ method: 'models', arg: search });
    this.check();
    const q = search?.trim().toLowerCase();
    const byId = new Map<string, ModelSummary>();
    for (const x of this.items) {
      if (this.hidden.has(x.scenario_id) || (q && !x.scenario_name.toLowerCase().includes(q) && !x.scenario_id.startsWith(q))) continue;
      const m = byId.get(x.model_id) ?? { model_id: x.model_id, model_name: x.model_name, scenarios: 0, failing: 0 };
      m.scenarios++;
      if (x.last_run_status === 'failed' || x.last_run_status === 'timeout') m.failing++;
      byId.set(x.model_id, m);
    }
    return [...byId.values()].sort((a, b) => a.model_name.localeCompare(b.model_name) || a.model_id.localeCompare(b.model_id));
  }

  async scenario(id: string): Promise<ScenarioListItem | null> {
    this.calls.push({ method: 'scenario', arg: id });
    this.check();
    return this.items.find((s) => s.scenario_id === id) ?? null;
  }

  async runs(scenarioId: string): Promise<RunSummary[]> {
    this.calls.push({ method: 'runs', arg: scenarioId });
    this.check();
    return this.runsBy.get(scenarioId) ?? [];
  }

  async failedCalcs(runId: string): Promise<NodeCalc[]> {
    this.calls.push({ method: 'failedCalcs', arg: runId });
    this.check();
    return (this.calcsBy.get(runId) ?? []).filter((c) => c.status === 'failed');
  }

  count(method: string): number {
    return this.calls.filter((c) => c.method === method).length;
  }
}

function setup(source: FakeSource, pageSize = 100) {
  const changes: Array<TreeNode | undefined> = [];
  let tracked = 0;
  const model = new ScenarioTreeModel({
    source,
    pageSize: () => pageSize,
    label: () => 'demo',
    onDidChange: (n) => changes.push(n),
    track: (task) => {
      tracked++;
      return task();
    },
  });
  return { model, changes, tracked: () => tracked };
}

function group(model: ScenarioTreeModel, key: 'failing' | 'recent' | 'models'): GroupNode {
  return model.group(key);
}

function labels(nodes: TreeNode[]): string[] {
  return nodes.map((n) => n.toItem({ now: NOW }).label);
}

describe('tree model: paging helpers', () => {
  it('scenarioPages asks one row more than a page to know whether more exist', async () => {
    const src = new FakeSource(makeScenarios(250));
    const fetch = scenarioPages(src, { search: 'Scenario' });
    const p1 = await fetch(0, 100);
    assert.equal(p1.items.length, 100);
    assert.equal(p1.cursor, 100);
    assert.equal(p1.done, false);
    assert.deepEqual(src.calls[0].arg, { search: 'Scenario', limit: 101, offset: 0 });
    const src2 = new FakeSource(makeScenarios(200));
    const f2 = scenarioPages(src2, {});
    await f2(0, 100);
    const last = await f2(100, 100);
    assert.equal(last.items.length, 100);
    assert.equal(last.done, true);
  });

  it('failingPages asks the server for last runs that failed or timed out: one query per page', async () => {
    const items = makeScenarios(1000);
    const src = new FakeSource(items);
    const fetch = failingPages(src, undefined);
    const page = await fetch(0, 20);
    assert.equal(page.items.length, 20);
    assert.equal(src.count('scenarios'), 1);
    assert.deepEqual((src.calls[0].arg as ScenarioFilter).lastRunStatus, ['failed', 'timeout']);
    const all = [...page.items];
    let cursor = page.cursor;
    for (let done: boolean = page.done; !done; ) {
      const next = await fetch(cursor, 20);
      all.push(...next.items);
      cursor = next.cursor;
      done = next.done;
    }
    const expected = items.filter((s) => s.last_run_status === 'failed' || s.last_run_status === 'timeout');
    assert.deepEqual(
      all.map((s) => s.scenario_id),
      expected.map((s) => s.scenario_id),
    );
  });

  it('arrayPages loads once and slices', async () => {
    let loads = 0;
    const fetch = arrayPages(async () => {
      loads++;
      return [1, 2, 3, 4, 5];
    });
    assert.deepEqual(await fetch(0, 2), { items: [1, 2], cursor: 2, done: false });
    assert.deepEqual(await fetch(2, 2), { items: [3, 4], cursor: 4, done: false });
    assert.deepEqual(await fetch(4, 2), { items: [5], cursor: 5, done: true });
    assert.equal(loads, 1);
    assert.deepEqual(await arrayPages(async () => [])(0, 10), { items: [], cursor: 0, done: true });
  });

  it('Pager shares concurrent loads, de-duplicates, keeps errors and retries the same page', async () => {
    let calls = 0;
    let fail = true;
    const pager = new Pager<number>(async (cursor, size) => {
      calls++;
      if (fail) {
        fail = false;
        throw new Error('connection reset\nat socket');
      }
      const items = [cursor, cursor + 1, 1].slice(0, size);
      return { items, cursor: cursor + 2, done: cursor >= 2 };
    }, String);
    await pager.load(3);
    assert.equal(pager.error, 'connection reset');
    assert.equal(pager.loaded, true);
    assert.deepEqual(pager.items, []);
    await Promise.all([pager.load(3), pager.load(3)]);
    assert.equal(calls, 2);
    assert.equal(pager.error, undefined);
    assert.deepEqual(pager.items, [0, 1]);
    await pager.load(3);
    assert.deepEqual(pager.items, [0, 1, 2, 3]);
    assert.equal(pager.done, true);
    await pager.load(3);
    assert.equal(calls, 3);
    pager.insert(7, (a, b) => a - b);
    pager.insert(-1, (a, b) => a - b);
    pager.insert(2, (a, b) => a - b);
    assert.deepEqual(pager.items, [-1, 0, 1, 2, 3, 7]);
  });

  it('numberRuns: newest first, numbered from the oldest', () => {
    const s = uuid('5c', 1);
    const runs = [makeRun(s, 2, 'success'), makeRun(s, 1, 'failed'), makeRun(s, 3, 'timeout')];
    const numbered = numberRuns(runs);
    assert.deepEqual(
      numbered.map((r) => [r.seq, r.run.run_id]),
      [
        [3, uuid('e1', 3)],
        [2, uuid('e1', 2)],
        [1, uuid('e1', 1)],
      ],
    );
  });

  it('compareByLastRun: newest first, never-run last, then name', () => {
    const [a, b, c] = makeScenarios(8).slice(0, 3);
    const never = { ...a, scenario_id: uuid('5c', 99), last_run_at: null };
    const sorted = [never, c, a, b].sort(compareByLastRun);
    assert.deepEqual(sorted, [a, b, c, never]);
  });
});

describe('tree model: groups and lazy loading', () => {
  it('3,000 scenarios: roots need no query, opening a group queries only the first page', async () => {
    const src = new FakeSource(makeScenarios(3000));
    const { model } = setup(src);
    const roots = await model.getChildren();
    assert.deepEqual(labels(roots), ['Failing now', 'Recently run', 'By model']);
    assert.equal(src.calls.length, 0);
    const recent = await model.getChildren(group(model, 'recent'));
    assert.equal(src.calls.length, 1);
    assert.deepEqual(src.calls[0], { method: 'scenarios', arg: { search: undefined, limit: 101, offset: 0 } });
    assert.equal(recent.length, 101);
    assert.equal(recent.at(-1)?.kind, 'loadMore');
    assert.equal(recent.at(-1)?.toItem({ now: NOW }).description, '100 shown');
    // Cached until refresh.
    const again = await model.getChildren(group(model, 'recent'));
    assert.equal(src.calls.length, 1);
    assert.deepEqual(again.slice(0, -1), recent.slice(0, -1));
  });

  it('"Load more…" appends the next page, fires a change for the group, and disappears at the end', async () => {
    const src = new FakeSource(makeScenarios(250));
    const { model, changes } = setup(src);
    const g = group(model, 'recent');
    const first = await model.getChildren(g);
    const more = first.at(-1);
    assert.equal(more?.kind, 'loadMore');
    await model.loadMore(more?.kind === 'loadMore' ? more : 'x');
    assert.deepEqual(changes, [g]);
    const second = await model.getChildren(g);
    assert.equal(second.length, 201);
    assert.equal(second[0], first[0], 'the same node objects are kept');
    await model.loadMore(g.id);
    const third = await model.getChildren(g);
    assert.equal(third.length, 250);
    assert.ok(third.every((n) => n.kind === 'scenario'));
    assert.deepEqual(
      (third as ScenarioNode[]).map((n) => n.scenarioId),
      makeScenarios(250).map((s) => s.scenario_id),
    );
    // Unknown keys are ignored.
    await model.loadMore('group:nope');
  });

  it('"Failing now" shows only scenarios whose last run failed or timed out, with failing contexts', async () => {
    const src = new FakeSource(makeScenarios(300));
    const { model } = setup(src, 10);
    const kids = await model.getChildren(group(model, 'failing'));
    const scenarios = kids.filter((k): k is ScenarioNode => k.kind === 'scenario');
    assert.equal(scenarios.length, 10);
    for (const s of scenarios) {
      assert.equal(s.toItem({ now: NOW }).contextValue, TreeContext.scenarioFailing);
      assert.ok(s.id.startsWith('scenario:failing:'));
    }
    assert.equal(kids.at(-1)?.kind, 'loadMore');
  });

  it('"By model": models with counts, then a model\'s scenarios paged server-side by model id', async () => {
    const src = new FakeSource(makeScenarios(30));
    const { model } = setup(src, 4);
    const models = (await model.getChildren(group(model, 'models'))) as ModelNode[];
    assert.deepEqual(labels(models), ['Cost', 'Headcount', 'Revenue']);
    assert.equal(models[0].toItem().description?.startsWith('10 scenarios'), true);
    const cost = models[0];
    assert.equal(model.getParent(cost)?.id, 'group:models');
    const kids = await model.getChildren(cost);
    const last = src.calls.at(-1);
    assert.deepEqual(last, { method: 'scenarios', arg: { search: undefined, modelId: cost.modelId, limit: 5, offset: 0 } });
    assert.equal(kids.length, 5);
    assert.equal(kids.at(-1)?.kind, 'loadMore');
    const s = kids[0] as ScenarioNode;
    assert.equal(s.scenario.model_id, cost.modelId);
    assert.equal(s.id, `scenario:model:${cost.modelId}:${s.scenarioId}`);
    assert.equal(model.getParent(s), cost);
  });

  it('scenario → runs newest first → failed nodes of a failed run; getParent walks back up', async () => {
    const items = makeScenarios(20);
    const sid = items[0].scenario_id;
    const runs = [makeRun(sid, 1, 'success'), makeRun(sid, 2, 'failed'), makeRun(sid, 3, 'running')];
    const calcs: NodeCalc[] = [
      {
        calc_id: uuid('ca', 1),
        run_id: runs[1].run_id,
        node_id: uuid('0d', 1),
        node_name: 'Growth',
        node_type: 'formula',
        status: 'failed',
        fail_reason: 'x',
        processing_start_at: null,
        processing_end_at: null,
        processing_duration: null,
      },
      {
        calc_id: uuid('ca', 2),
        run_id: runs[1].run_id,
        node_id: uuid('0d', 2),
        node_name: 'Other',
        node_type: 'formula',
        status: 'success',
        fail_reason: null,
        processing_start_at: null,
        processing_end_at: null,
        processing_duration: null,
      },
    ];
    const src = new FakeSource(items, new Map([[sid, runs]]), new Map([[runs[1].run_id, calcs]]));
    const { model } = setup(src);
    const g = group(model, 'recent');
    const scenario = (await model.getChildren(g))[0] as ScenarioNode;
    assert.equal(scenario.scenarioId, sid);
    assert.equal(src.count('runs'), 0, 'runs load only when the scenario is expanded');
    const runNodes = (await model.getChildren(scenario)) as RunNode[];
    assert.deepEqual(
      runNodes.map((r) => r.toItem({ now: NOW }).label),
      [`#3 ${runs[2].run_id.slice(0, 8)}`, `#2 ${runs[1].run_id.slice(0, 8)}`, `#1 ${runs[0].run_id.slice(0, 8)}`],
    );
    assert.deepEqual(
      runNodes.map((r) => r.toItem({ now: NOW }).contextValue),
      [TreeContext.run, TreeContext.runFailed, TreeContext.run],
    );
    assert.deepEqual(await model.getChildren(runNodes[0]), [], 'no children below a run that did not fail');
    const failed = await model.getChildren(runNodes[1]);
    assert.deepEqual(labels(failed), ['Growth']);
    assert.equal(failed[0].kind, 'failedNode');
    assert.equal(src.count('failedCalcs'), 1);
    // getParent chain up to the root.
    const chain: string[] = [];
    for (let n: TreeNode | undefined = failed[0]; n; n = model.getParent(n)) chain.push(n.id);
    assert.deepEqual(chain, [failed[0].id, runNodes[1].id, scenario.id, 'group:recent']);
    // Ids are unique across the tree although the same scenario shows in several groups.
    const failing = (await model.getChildren(group(model, 'failing'))) as ScenarioNode[];
    const same = failing.find((n) => n.scenarioId === sid);
    assert.ok(same);
    const runsThere = await model.getChildren(same);
    assert.notEqual(runsThere[0].id, runNodes[0].id);
  });

  it('empty states say what was searched and where', async () => {
    const src = new FakeSource(makeScenarios(10).map((s) => ({ ...s, last_run_status: 'success' as const })));
    const { model } = setup(src);
    const failing = await model.getChildren(group(model, 'failing'));
    assert.equal(failing.length, 1);
    assert.equal(failing[0].kind, 'info');
    assert.deepEqual(labels(failing), ['No failing scenarios in demo (last run failed or timed out)']);
    assert.equal((failing[0] as InfoNode).toItem().contextValue, TreeContext.info);
    model.setFilter('xyz');
    assert.equal(labels(await model.getChildren(group(model, 'failing')))[0], "No failing scenarios match 'xyz' in demo");
    assert.equal(labels(await model.getChildren(group(model, 'recent')))[0], "No scenarios match 'xyz' in demo");
    assert.equal(labels(await model.getChildren(group(model, 'models')))[0], "No scenarios match 'xyz' in demo");
    model.setFilter('');
    const s = (await model.getChildren(group(model, 'recent')))[0] as ScenarioNode;
    assert.equal(labels(await model.getChildren(s))[0], 'No runs of this scenario yet');
  });

  it('emptyMessage for the remaining kinds', () => {
    const src = new FakeSource([]);
    const { model } = setup(src);
    assert.equal(emptyMessage(model.group('recent'), { label: 'db:5432/forecast', filter: undefined }), 'No scenarios in db:5432/forecast');
    assert.equal(emptyMessage(model.group('models'), { label: 'demo', filter: undefined }), 'No models with scenarios in demo');
  });

  it('errors show as an info item with a retry (load more on the same parent) that reloads', async () => {
    const src = new FakeSource(makeScenarios(5));
    const { model, changes } = setup(src);
    src.failNext = new Error('could not connect to server: Connection refused\n\tIs the server running?');
    const g = group(model, 'recent');
    const kids = await model.getChildren(g);
    assert.equal(kids.length, 1);
    const info = kids[0] as InfoNode;
    const item = info.toItem();
    assert.equal(item.label, 'Cannot load scenarios: could not connect to server: Connection refused');
    assert.equal(item.contextValue, TreeContext.info);
    assert.deepEqual(item.command, { command: Commands.loadMore, title: 'Retry', arguments: ['group:recent'] });
    await model.loadMore('group:recent');
    assert.deepEqual(changes, [g]);
    const after = await model.getChildren(g);
    assert.equal(after.length, 5);
    assert.ok(after.every((n) => n.kind === 'scenario'));
  });

  it('a failed "Load more" keeps the loaded items and offers a retry', async () => {
    const src = new FakeSource(makeScenarios(15));
    const { model } = setup(src, 10);
    const g = group(model, 'recent');
    await model.getChildren(g);
    src.failNext = new Error('timeout');
    await model.loadMore(g.id);
    const kids = await model.getChildren(g);
    assert.equal(kids.length, 11);
    assert.equal(kids.at(-1)?.toItem({ now: NOW }).label, 'Cannot load scenarios: timeout');
    await model.loadMore(g.id);
    assert.equal((await model.getChildren(g)).length, 15);
  });

  it('errors loading runs and failed nodes name what failed', async () => {
    const items = makeScenarios(3);
    const sid = items[0].scenario_id;
    const src = new FakeSource(items, new Map([[sid, [makeRun(sid, 1, 'failed')]]]));
    const { model } = setup(src);
    const s = (await model.getChildren(group(model, 'recent')))[0] as ScenarioNode;
    src.failNext = new Error('boom');
    assert.equal(labels(await model.getChildren(s))[0], 'Cannot load runs: boom');
    await model.loadMore(s.id);
    const r = (await model.getChildren(s))[0] as RunNode;
    src.failNext = new Error('bang');
    assert.equal(labels(await model.getChildren(r))[0], 'Cannot load failed nodes: bang');
    await model.loadMore(r.id);
    assert.equal(labels(await model.getChildren(r))[0], 'No failed node calculations recorded for this run');
  });

  it('refresh drops every cache and fires a full change', async () => {
    const src = new FakeSource(makeScenarios(5));
    const { model, changes } = setup(src);
    const g = group(model, 'recent');
    const before = await model.getChildren(g);
    assert.equal(model.isLoaded(g), true);
    model.refresh();
    assert.deepEqual(changes, [undefined]);
    assert.equal(model.isLoaded(model.group('recent')), false);
    const after = await model.getChildren(model.group('recent'));
    assert.equal(src.count('scenarios'), 2);
    assert.notEqual(after[0], before[0], 'new node objects after a refresh');
    assert.equal(after[0].id, before[0].id, 'with the same stable ids');
  });

  it('the filter is applied server-side to every group and clears with empty text', async () => {
    const src = new FakeSource(makeScenarios(300));
    const { model, changes } = setup(src);
    assert.equal(model.setFilter('  Scenario 001 '), true);
    assert.equal(model.filter, 'Scenario 001');
    assert.deepEqual(changes, [undefined]);
    assert.equal(model.setFilter('Scenario 001'), false, 'same filter: no reload');
    const recent = (await model.getChildren(group(model, 'recent'))) as ScenarioNode[];
    assert.equal(recent.length, 10);
    assert.ok(recent.every((n) => n.scenario.scenario_name.startsWith('Scenario 001')));
    await model.getChildren(group(model, 'failing'));
    await model.getChildren(group(model, 'models'));
    for (const c of src.calls) assert.equal(c.method === 'models' ? c.arg : (c.arg as ScenarioFilter).search, 'Scenario 001');
    model.setFilter('   ');
    assert.equal(model.filter, undefined);
    assert.equal((await model.getChildren(group(model, 'recent'))).length, 101);
  });

  it('loads are wrapped by track (progress in the view)', async () => {
    const src = new FakeSource(makeScenarios(5));
    const { model, tracked } = setup(src);
    await model.getChildren(group(model, 'recent'));
    assert.equal(tracked(), 1);
    await model.getChildren(group(model, 'recent'));
    assert.equal(tracked(), 1, 'cached: no load, no progress');
  });

  it('concurrent expansions of one group share one query', async () => {
    const src = new FakeSource(makeScenarios(5));
    const { model } = setup(src);
    const [a, b] = await Promise.all([model.getChildren(group(model, 'recent')), model.getChildren(group(model, 'recent'))]);
    assert.equal(src.count('scenarios'), 1);
    assert.deepEqual(a, b);
  });
});

describe('tree model: reveal', () => {
  it('finds a scenario of the loaded page without another query', async () => {
    const items = makeScenarios(50);
    const src = new FakeSource(items);
    const { model } = setup(src);
    const node = await model.revealScenario(items[3].scenario_id.toUpperCase());
    assert.ok(node);
    assert.equal(node.scenarioId, items[3].scenario_id);
    assert.equal(node.parent.id, 'group:recent');
    assert.equal(src.count('scenario'), 0);
    const kids = await model.getChildren(model.group('recent'));
    assert.equal(kids[3], node, 'the revealed node is the element the view shows');
  });

  it('loads a scenario beyond the first page and inserts it, without duplicating it on "Load more"', async () => {
    const items = makeScenarios(300);
    const src = new FakeSource(items);
    const { model, changes } = setup(src);
    const target = items[250];
    const node = await model.revealScenario(target.scenario_id);
    assert.ok(node);
    assert.equal(src.count('scenario'), 1);
    assert.deepEqual(changes, [model.group('recent')]);
    const kids = await model.getChildren(model.group('recent'));
    assert.equal(kids.length, 102);
    assert.equal(kids[100], node, 'sorted after the loaded page, before "Load more…"');
    assert.equal(kids[101].kind, 'loadMore');
    await model.loadMore('group:recent');
    await model.loadMore('group:recent');
    const all = (await model.getChildren(model.group('recent'))).filter((n): n is ScenarioNode => n.kind === 'scenario');
    assert.equal(all.length, 300);
    assert.equal(new Set(all.map((n) => n.scenarioId)).size, 300);
  });

  it('inserts a scenario hidden by the filter at its sorted place', async () => {
    const items = makeScenarios(20);
    const src = new FakeSource(items);
    src.hidden.add(items[5].scenario_id);
    const { model } = setup(src);
    const node = await model.revealScenario(items[5].scenario_id);
    const kids = (await model.getChildren(model.group('recent'))) as ScenarioNode[];
    assert.equal(kids.indexOf(node as ScenarioNode), 5);
  });

  it('returns undefined for an unknown scenario', async () => {
    const src = new FakeSource(makeScenarios(3));
    const { model } = setup(src);
    assert.equal(await model.revealScenario(uuid('ff', 1)), undefined);
  });
});

describe('tree model: engineSource', () => {
  const s = makeScenarios(2);
  const analyses = (scenarios: ScenarioListItem[], runs: RunSummary[], calcs: NodeCalc[]) => ({
    scenarios: async () => scenarios,
    scenario: async (id: string) => scenarios.find((x) => x.scenario_id === id) ?? null,
    runs: async () => runs,
    calcs: async () => calcs,
  });

  it('reads the primary source and falls back for ids it does not know yet', async () => {
    const run = makeRun(s[1].scenario_id, 1, 'failed');
    const calc: NodeCalc = {
      calc_id: uuid('ca', 1),
      run_id: run.run_id,
      node_id: uuid('0d', 1),
      node_name: 'N',
      node_type: 't',
      status: 'failed',
      fail_reason: null,
      processing_start_at: null,
      processing_end_at: null,
      processing_duration: null,
    };
    const primary = analyses([s[0]], [], []);
    const fallback = analyses(s, [run], [calc, { ...calc, calc_id: uuid('ca', 2), status: 'success' }]);
    const engine = { primary, fallback, read: (fn: (a: unknown) => unknown) => fn(primary) } as unknown as Engine;
    const src = engineSource(async () => engine);
    assert.deepEqual(await src.scenarios({}), [s[0]]);
    assert.deepEqual(await src.scenario(s[1].scenario_id), s[1]);
    assert.deepEqual(await src.runs(s[1].scenario_id), [run]);
    assert.deepEqual(await src.failedCalcs(run.run_id), [calc]);
    const solo = engineSource(async () => ({ primary, fallback: null, read: (fn: (a: unknown) => unknown) => fn(primary) }) as unknown as Engine);
    assert.equal(await solo.scenario(s[1].scenario_id), null);
    assert.deepEqual(await solo.runs(s[1].scenario_id), []);
  });
});
