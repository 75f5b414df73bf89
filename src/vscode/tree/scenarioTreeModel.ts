/**
 * The scenarios tree's model, apart from the TreeDataProvider: which lists exist, how
 * they are paged and cached, the filter, empty states and errors, and the path used to
 * reveal a scenario. Lists are loaded only when their parent is expanded, one page at a
 * time, and kept until `refresh()`. No `vscode` import: unit-tested with a fake source.
 */
import { FAILED_RUN_STATUSES } from '../../core/runRules';
import { compareIso } from '../../core/time';
import type { NodeCalc, RunSummary, ScenarioListItem } from '../../core/types';
import type { ScenarioFilter } from '../../engine/analyses';
import type { Engine } from '../../engine/engine';
import { Commands } from '../constants';
import { errorLine } from '../errors';
import {
  FailedCalcNode,
  GroupNode,
  InfoNode,
  LoadMoreNode,
  ModelNode,
  RunNode,
  ScenarioNode,
  type GroupKey,
  type ModelSummary,
  type NumberedRun,
  type ParentNode,
  type ScenarioListKey,
  type TreeNode,
} from './scenarioNodes';

/** What the tree reads; `engineSource` adapts an Engine, tests pass a fake. */
export interface ScenarioSource {
  scenarios(filter: ScenarioFilter): Promise<ScenarioListItem[]>;
  /** Models with the number of (matching) scenarios and of failing ones. */
  models(search: string | undefined): Promise<ModelSummary[]>;
  scenario(id: string): Promise<ScenarioListItem | null>;
  runs(scenarioId: string): Promise<RunSummary[]>;
  /** The failed node calculations of a run. */
  failedCalcs(runId: string): Promise<NodeCalc[]>;
}

/**
 * The tree's source over the engine of the current connection. An id the primary source
 * does not know yet (newer than the last ETL) is looked up in the fallback, like
 * `Engine.read` does for "unknown id" errors.
 */
export function engineSource(engine: () => Promise<Engine>): ScenarioSource {
  return {
    async scenarios(filter) {
      return (await engine()).read((a) => a.scenarios(filter));
    },
    async models(search) {
      return (await engine()).read((a) => a.models(search));
    },
    async scenario(id) {
      const e = await engine();
      return (await e.primary.scenario(id)) ?? (e.fallback ? e.fallback.scenario(id) : null);
    },
    async runs(scenarioId) {
      const e = await engine();
      const runs = await e.primary.runs(scenarioId);
      return runs.length > 0 || !e.fallback ? runs : e.fallback.runs(scenarioId);
    },
    async failedCalcs(runId) {
      const e = await engine();
      let calcs = await e.primary.calcs(runId);
      if (calcs.length === 0 && e.fallback) calcs = await e.fallback.calcs(runId);
      return calcs.filter((c) => c.status === 'failed');
    },
  };
}

// ---------------------------------------------------------------------------------------
// Paging

export interface Page<T> {
  items: T[];
  /** Where the next page starts (source offset). */
  cursor: number;
  done: boolean;
}

export type PageFetcher<T> = (cursor: number, pageSize: number) => Promise<Page<T>>;

/** One lazily loaded, paged, de-duplicated list; errors are kept for display and retry. */
export class Pager<T> {
  items: T[] = [];
  cursor = 0;
  done = false;
  /** One-line message of the last failed load (cleared by the next successful one). */
  error: string | undefined;
  /** Whether a load has finished at least once (successfully or not). */
  loaded = false;
  private inflight: Promise<void> | undefined;
  private readonly keys = new Set<string>();

  constructor(
    private readonly fetch: PageFetcher<T>,
    private readonly keyOf: (item: T) => string,
  ) {}

  get loading(): boolean {
    return this.inflight !== undefined;
  }

  /** Loads the next page (or retries the failed one); concurrent calls share one load. */
  load(pageSize: number): Promise<void> {
    if (this.inflight) return this.inflight;
    if (this.done && !this.error) return Promise.resolve();
    const run = async (): Promise<void> => {
      try {
        const page = await this.fetch(this.cursor, pageSize);
        for (const item of page.items) this.add(item);
        this.cursor = page.cursor;
        this.done = page.done;
        this.error = undefined;
      } catch (err) {
        this.error = errorLine(err);
      } finally {
        this.loaded = true;
        this.inflight = undefined;
      }
    };
    this.inflight = run();
    return this.inflight;
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }

  find(key: string): T | undefined {
    return this.has(key) ? this.items.find((i) => this.keyOf(i) === key) : undefined;
  }

  /** Adds an item loaded out of band (reveal) at its sorted place; later pages skip it. */
  insert(item: T, compare: (a: T, b: T) => number): void {
    if (this.has(this.keyOf(item))) return;
    this.keys.add(this.keyOf(item));
    const at = this.items.findIndex((i) => compare(item, i) < 0);
    if (at < 0) this.items.push(item);
    else this.items.splice(at, 0, item);
  }

  private add(item: T): void {
    const key = this.keyOf(item);
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.items.push(item);
  }
}

/** Pages of `scenarios(filter)`: asks for one row more than a page to know whether more exist. */
export function scenarioPages(source: ScenarioSource, filter: ScenarioFilter): PageFetcher<ScenarioListItem> {
  return async (cursor, pageSize) => {
    const rows = await source.scenarios({ ...filter, limit: pageSize + 1, offset: cursor });
    const items = rows.slice(0, pageSize);
    return { items, cursor: cursor + items.length, done: rows.length <= pageSize };
  };
}

/** Pages of scenarios whose last run failed or timed out (filtered on the server). */
export function failingPages(source: ScenarioSource, search: string | undefined): PageFetcher<ScenarioListItem> {
  return scenarioPages(source, { search, lastRunStatus: [...FAILED_RUN_STATUSES] });
}

/** Client-side pages over a list loaded once (runs, failed calcs, models). */
export function arrayPages<T>(loadAll: () => Promise<T[]>): PageFetcher<T> {
  let all: T[] | undefined;
  return async (cursor, pageSize) => {
    all ??= await loadAll();
    const items = all.slice(cursor, cursor + pageSize);
    return { items, cursor: cursor + items.length, done: cursor + items.length >= all.length };
  };
}

/** Runs newest first, numbered from the oldest (#1). */
export function numberRuns(runs: readonly RunSummary[]): NumberedRun[] {
  const sorted = [...runs].sort((a, b) => compareIso(a.run_at, b.run_at) || a.run_id.localeCompare(b.run_id));
  return sorted.map((run, i) => ({ run, seq: i + 1 })).reverse();
}

/** The order of the scenarios query: newest last run first, never-run last, then name, id. */
export function compareByLastRun(a: ScenarioListItem, b: ScenarioListItem): number {
  if (a.last_run_at !== b.last_run_at) {
    if (a.last_run_at === null) return 1;
    if (b.last_run_at === null) return -1;
    const c = compareIso(b.last_run_at, a.last_run_at);
    if (c !== 0) return c;
  }
  return a.scenario_name.localeCompare(b.scenario_name) || a.scenario_id.localeCompare(b.scenario_id);
}

// ---------------------------------------------------------------------------------------
// Messages

export interface MessageContext {
  /** Connection label: `demo` or `host:port/db`. */
  label: string;
  filter: string | undefined;
}

/** What an empty list says, naming what was searched and where. */
export function emptyMessage(parent: ParentNode, ctx: MessageContext): string {
  const where = `in ${ctx.label}`;
  const match = ctx.filter !== undefined ? ` match '${ctx.filter}'` : '';
  switch (parent.kind) {
    case 'group':
      switch (parent.key) {
        case 'failing':
          return match ? `No failing scenarios${match} ${where}` : `No failing scenarios ${where} (last run failed or timed out)`;
        case 'recent':
          return match ? `No scenarios${match} ${where}` : `No scenarios ${where}`;
        case 'models':
          return match ? `No scenarios${match} ${where}` : `No models with scenarios ${where}`;
      }
      break;
    case 'model':
      return match ? `No scenarios of ${parent.model.model_name}${match}` : `No scenarios of ${parent.model.model_name}`;
    case 'scenario':
      return 'No runs of this scenario yet';
    case 'run':
      return parent.run.run_status === 'timeout'
        ? 'Timed out without a failed node calculation'
        : 'No failed node calculations recorded for this run';
  }
  return 'Nothing here';
}

/** What a failed load says: `Cannot load scenarios: <one-line error>`. */
export function errorMessage(parent: ParentNode, error: string): string {
  const what = parent.kind === 'scenario' ? 'runs' : parent.kind === 'run' ? 'failed nodes' : parent.kind === 'group' && parent.key === 'models' ? 'models' : 'scenarios';
  return `Cannot load ${what}: ${error}`;
}

// ---------------------------------------------------------------------------------------
// Model

export interface ScenarioTreeModelOptions {
  source: ScenarioSource;
  /** Scenarios per page (`clearsight.tree.pageSize`). */
  pageSize(): number;
  /** The connection label for messages. */
  label(): string;
  /** A node's children changed (`undefined`: everything). */
  onDidChange(node: TreeNode | undefined): void;
  /** Wraps every load (the provider shows progress in the view). */
  track?<T>(task: () => Promise<T>): Promise<T>;
}

type AnyPager = Pager<ScenarioListItem> | Pager<ModelSummary> | Pager<NumberedRun> | Pager<NodeCalc>;

export class ScenarioTreeModel {
  private readonly pagers = new Map<string, AnyPager>();
  /** Node objects by id, so the same element is returned until refresh (reveal, getParent). */
  private readonly nodes = new Map<string, TreeNode>();
  private filterText: string | undefined;

  constructor(private readonly options: ScenarioTreeModelOptions) {}

  get filter(): string | undefined {
    return this.filterText;
  }

  /** Sets (or with empty text clears) the server-side search; reloads everything when it changed. */
  setFilter(text: string | undefined): boolean {
    const next = text?.trim() || undefined;
    if (next === this.filterText) return false;
    this.filterText = next;
    this.refresh();
    return true;
  }

  /** Drops every cached list and node; the view asks again for what is expanded. */
  refresh(): void {
    this.pagers.clear();
    this.nodes.clear();
    this.options.onDidChange(undefined);
  }

  roots(): GroupNode[] {
    return (['failing', 'recent', 'models'] as GroupKey[]).map((k) => this.intern(`group:${k}`, () => new GroupNode(k)));
  }

  group(key: GroupKey): GroupNode {
    return this.intern(`group:${key}`, () => new GroupNode(key));
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  /** Whether `node`'s children are cached (no query needed to show them). */
  isLoaded(node: TreeNode | undefined): boolean {
    if (!node) return true;
    const pager = this.pagers.get(node.id);
    return pager !== undefined && pager.loaded && !pager.loading;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) return this.roots();
    switch (node.kind) {
      case 'group':
      case 'model':
      case 'scenario':
        return this.listChildren(node);
      case 'run':
        return node.failing ? this.listChildren(node) : [];
      default:
        return [];
    }
  }

  /**
   * Loads the next page below the node with id `key` (or retries a failed load) and
   * tells the view. `key` is the id of a LoadMoreNode's parent, or the LoadMoreNode.
   */
  async loadMore(key: string | LoadMoreNode): Promise<void> {
    const id = typeof key === 'string' ? key : key.key;
    const pager = this.pagers.get(id);
    const node = this.nodes.get(id);
    if (!pager || !node) return;
    await this.track(() => pager.load(this.pageSize()));
    this.options.onDidChange(node);
  }

  /**
   * The node of a scenario in "Recently run", loading it (and inserting it at its place)
   * when it is not in the loaded pages. `undefined` when the scenario does not exist.
   */
  async revealScenario(scenarioId: string): Promise<ScenarioNode | undefined> {
    const id = scenarioId.trim().toLowerCase();
    const group = this.group('recent');
    const pager = this.pagerOf(group) as Pager<ScenarioListItem>;
    if (!pager.loaded) await this.track(() => pager.load(this.pageSize()));
    let item = pager.find(id);
    if (!item) {
      const loaded = await this.track(() => this.options.source.scenario(id));
      if (!loaded) return undefined;
      item = pager.find(id) ?? loaded;
      if (!pager.has(id)) {
        pager.insert(loaded, compareByLastRun);
        this.options.onDidChange(group);
      }
    }
    return this.scenarioNode(group, 'recent', item);
  }

  private pageSize(): number {
    const n = Math.floor(this.options.pageSize());
    return Number.isFinite(n) ? Math.min(Math.max(n, 1), 10_000) : 100;
  }

  private track<T>(task: () => Promise<T>): Promise<T> {
    return this.options.track ? this.options.track(task) : task();
  }

  private intern<N extends TreeNode>(id: string, make: () => N): N {
    const existing = this.nodes.get(id);
    if (existing) return existing as N;
    const node = make();
    this.nodes.set(id, node);
    return node;
  }

  private scenarioNode(parent: GroupNode | ModelNode, listKey: ScenarioListKey, s: ScenarioListItem): ScenarioNode {
    return this.intern(`scenario:${listKey}:${s.scenario_id}`, () => new ScenarioNode(parent, listKey, s));
  }

  /** The pager of a parent node, created on first use. */
  private pagerOf(node: ParentNode): AnyPager {
    const existing = this.pagers.get(node.id);
    if (existing) return existing;
    const source = this.options.source;
    const search = this.filterText;
    let pager: AnyPager;
    switch (node.kind) {
      case 'group':
        if (node.key === 'models') pager = new Pager(arrayPages(() => source.models(search)), (m) => m.model_id);
        else if (node.key === 'failing') pager = new Pager(failingPages(source, search), (s) => s.scenario_id);
        else pager = new Pager(scenarioPages(source, { search }), (s) => s.scenario_id);
        break;
      case 'model':
        pager = new Pager(scenarioPages(source, { search, modelId: node.modelId }), (s) => s.scenario_id);
        break;
      case 'scenario':
        pager = new Pager(
          arrayPages(async () => numberRuns(await source.runs(node.scenarioId))),
          (r) => r.run.run_id,
        );
        break;
      case 'run':
        pager = new Pager(
          arrayPages(() => source.failedCalcs(node.runId)),
          (c) => c.calc_id,
        );
        break;
    }
    this.pagers.set(node.id, pager);
    return pager;
  }

  private nodesOf(parent: ParentNode, pager: AnyPager): TreeNode[] {
    switch (parent.kind) {
      case 'group':
        if (parent.key === 'models') {
          return (pager as Pager<ModelSummary>).items.map((m) => this.intern(`model:${m.model_id}`, () => new ModelNode(parent, m)));
        }
        return (pager as Pager<ScenarioListItem>).items.map((s) => this.scenarioNode(parent, parent.key as ScenarioListKey, s));
      case 'model':
        return (pager as Pager<ScenarioListItem>).items.map((s) => this.scenarioNode(parent, parent.listKey, s));
      case 'scenario':
        return (pager as Pager<NumberedRun>).items.map((r) =>
          this.intern(`run:${parent.listKey}:${r.run.run_id}`, () => new RunNode(parent, r)),
        );
      case 'run':
        return (pager as Pager<NodeCalc>).items.map((c) =>
          this.intern(`failed:${parent.parent.listKey}:${parent.runId}:${c.calc_id}`, () => new FailedCalcNode(parent, c)),
        );
    }
  }

  private async listChildren(parent: ParentNode): Promise<TreeNode[]> {
    const pager = this.pagerOf(parent);
    if (!pager.loaded) await this.track(() => pager.load(this.pageSize()));
    // A refresh while loading dropped this pager: the view asks again after the change event.
    if (this.pagers.get(parent.id) !== pager) return [];
    const out = this.nodesOf(parent, pager);
    if (pager.error) {
      out.push(
        new InfoNode(parent, 'error', errorMessage(parent, pager.error), true, {
          command: Commands.loadMore,
          title: 'Retry',
          arguments: [parent.id],
        }),
      );
    } else if (out.length === 0 && pager.done) {
      out.push(new InfoNode(parent, 'empty', emptyMessage(parent, { label: this.options.label(), filter: this.filterText })));
    } else if (!pager.done) {
      out.push(new LoadMoreNode(parent, out.length));
    }
    return out;
  }
}
