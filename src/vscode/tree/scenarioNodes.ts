/**
 * Nodes of the scenarios tree: one class per kind. Each node knows its parent (for
 * `TreeView.reveal`), carries the ids commands read (`scenarioId`, `runId`), and
 * describes its TreeItem as a plain `ItemSpec` that the provider turns into a
 * `vscode.TreeItem`. No `vscode` import: unit-tested in plain mocha.
 */
import { Commands, TreeContext } from '../constants';
import { codeSpan } from '../../core/markdown';
import { formatDuration } from '../../core/time';
import type { NodeCalc, RunSummary, ScenarioListItem } from '../../core/types';
import {
  formatUtc,
  formatWhen,
  isFailing,
  mdExcerpt,
  mdText,
  mdValue,
  oneLine,
  runStatusIcon,
  shortId,
  statusWord,
  type IconSpec,
} from './format';

export type Collapsible = 'none' | 'collapsed' | 'expanded';

export interface CommandSpec {
  command: string;
  title: string;
  arguments: unknown[];
}

/** Everything a TreeItem shows; `tooltip` is markdown (theme icons on, untrusted). */
export interface ItemSpec {
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  icon?: IconSpec;
  collapsible: Collapsible;
  contextValue: string;
  command?: CommandSpec;
}

export interface ItemContext {
  /** Epoch ms used for relative times. */
  now: number;
}

export type GroupKey = 'failing' | 'recent' | 'models';

/** Where a scenario node sits: a root group, or a model under "By model". */
export type ScenarioListKey = 'failing' | 'recent' | `model:${string}`;

export const GROUPS: Record<GroupKey, { label: string; icon: string; tooltip: string; expanded: boolean }> = {
  failing: {
    label: 'Failing now',
    icon: 'flame',
    tooltip: 'Scenarios whose last run failed or timed out, newest first',
    expanded: true,
  },
  recent: { label: 'Recently run', icon: 'history', tooltip: 'Scenarios by their last run, newest first', expanded: false },
  models: { label: 'By model', icon: 'symbol-namespace', tooltip: 'Scenarios grouped by forecast model', expanded: false },
};

export const LOAD_MORE_LABEL = 'Load more…';

export class GroupNode {
  readonly kind = 'group';
  readonly id: string;
  readonly parent = undefined;
  constructor(readonly key: GroupKey) {
    this.id = `group:${key}`;
  }

  toItem(): ItemSpec {
    const g = GROUPS[this.key];
    return {
      id: this.id,
      label: g.label,
      tooltip: g.tooltip,
      icon: { id: g.icon },
      collapsible: g.expanded ? 'expanded' : 'collapsed',
      contextValue: TreeContext.group,
    };
  }
}

/** A model with its scenario counts (from Analyses.models). */
export type { ModelSummary } from '../../engine/analyses';
import type { ModelSummary } from '../../engine/analyses';

export class ModelNode {
  readonly kind = 'model';
  readonly id: string;
  readonly modelId: string;
  constructor(
    readonly parent: GroupNode,
    readonly model: ModelSummary,
  ) {
    this.modelId = model.model_id;
    this.id = `model:${model.model_id}`;
  }

  /** The key of the scenario list below this model. */
  get listKey(): ScenarioListKey {
    return `model:${this.modelId}`;
  }

  toItem(): ItemSpec {
    const m = this.model;
    const count = `${m.scenarios} scenario${m.scenarios === 1 ? '' : 's'}`;
    return {
      id: this.id,
      label: m.model_name,
      description: m.failing > 0 ? `${count} · ${m.failing} failing` : count,
      tooltip: `**${mdText(m.model_name)}**  \n${count}, ${m.failing} failing now  \nModel ${codeSpan(m.model_id)}`,
      icon: m.failing > 0 ? { id: 'symbol-namespace', color: 'errorForeground' } : { id: 'symbol-namespace' },
      collapsible: m.scenarios > 0 ? 'collapsed' : 'none',
      contextValue: TreeContext.group,
    };
  }
}

/** Short facts of a scenario: `failed 3 h ago · 4/12 runs failed`. */
export function scenarioDescription(s: ScenarioListItem, now: number, withModel: boolean): string {
  const parts: string[] = [];
  parts.push(s.last_run_at ? `${statusWord(s.last_run_status)} ${formatWhen(s.last_run_at, now)}` : 'never run');
  if (s.runs > 0) parts.push(s.failed_runs > 0 ? `${s.failed_runs}/${s.runs} runs failed` : `${s.runs} run${s.runs === 1 ? '' : 's'}`);
  if (withModel) parts.push(s.model_name);
  return parts.join(' · ');
}

export function scenarioTooltip(s: ScenarioListItem, now: number): string {
  const icon = runStatusIcon(s.last_run_status).id;
  const lines = [
    `**${mdText(s.scenario_name)}**`,
    `Model: ${mdText(s.model_name)} · Status: ${mdText(String(s.status))}`,
    s.last_run_at
      ? `Last run: $(${icon}) ${mdValue(statusWord(s.last_run_status))} · ${mdValue(formatUtc(s.last_run_at))} (${mdValue(formatWhen(s.last_run_at, now))})`
      : 'Never run',
    `Runs: ${mdValue(s.runs)} · failed: ${mdValue(s.failed_runs)}`,
  ];
  if (isFailing(s.last_run_status) && s.last_fail_reason) lines.push(`Fail reason: ${mdExcerpt(s.last_fail_reason, 300)}`);
  lines.push(`Scenario ${codeSpan(s.scenario_id)}`);
  return lines.join('  \n');
}

export class ScenarioNode {
  readonly kind = 'scenario';
  readonly id: string;
  readonly scenarioId: string;
  constructor(
    readonly parent: GroupNode | ModelNode,
    readonly listKey: ScenarioListKey,
    readonly scenario: ScenarioListItem,
  ) {
    this.scenarioId = scenario.scenario_id;
    this.id = `scenario:${listKey}:${scenario.scenario_id}`;
  }

  get failing(): boolean {
    return isFailing(this.scenario.last_run_status);
  }

  toItem(ctx: ItemContext): ItemSpec {
    const s = this.scenario;
    return {
      id: this.id,
      label: s.scenario_name,
      description: scenarioDescription(s, ctx.now, this.parent.kind === 'group'),
      tooltip: scenarioTooltip(s, ctx.now),
      icon: runStatusIcon(s.last_run_status),
      collapsible: s.runs > 0 ? 'collapsed' : 'none',
      contextValue: this.failing ? TreeContext.scenarioFailing : TreeContext.scenario,
      command: { command: Commands.openTimeline, title: 'Open Timeline', arguments: [{ scenarioId: s.scenario_id }] },
    };
  }
}

/** A run with its number in the scenario (1 = oldest). */
export interface NumberedRun {
  run: RunSummary;
  seq: number;
}

export function runTooltip(r: RunSummary): string {
  const lines = [
    `$(${runStatusIcon(r.run_status).id}) **Run ${mdValue(statusWord(r.run_status))}** · ${mdText(r.scenario_name)}`,
    `Started: ${mdValue(formatUtc(r.run_at))}`,
    r.duration_ms !== null ? `Duration: ${formatDuration(r.duration_ms)}` : r.run_complete_at ? '' : 'Not finished',
    `Run by: ${r.run_by ? mdText(r.run_by) : '—'}`,
  ];
  if (r.fail_reason) lines.push(`Fail reason: ${mdExcerpt(r.fail_reason, 300)}`);
  lines.push(`Run ${codeSpan(r.run_id)}`);
  return lines.filter((l) => l !== '').join('  \n');
}

export class RunNode {
  readonly kind = 'run';
  readonly id: string;
  readonly scenarioId: string;
  readonly runId: string;
  readonly run: RunSummary;
  readonly seq: number;
  constructor(
    readonly parent: ScenarioNode,
    numbered: NumberedRun,
  ) {
    this.run = numbered.run;
    this.seq = numbered.seq;
    this.scenarioId = this.run.scenario_id;
    this.runId = this.run.run_id;
    this.id = `run:${parent.listKey}:${this.runId}`;
  }

  get failing(): boolean {
    return isFailing(this.run.run_status);
  }

  toItem(ctx: ItemContext): ItemSpec {
    const r = this.run;
    const parts = [statusWord(r.run_status)];
    if (r.duration_ms !== null) parts.push(formatDuration(r.duration_ms));
    parts.push(formatWhen(r.run_at, ctx.now));
    return {
      id: this.id,
      label: `#${this.seq} ${shortId(r.run_id)}`,
      description: parts.join(' · '),
      tooltip: runTooltip(r),
      icon: runStatusIcon(r.run_status),
      collapsible: this.failing ? 'collapsed' : 'none',
      contextValue: this.failing ? TreeContext.runFailed : TreeContext.run,
      command: {
        command: Commands.openSnapshot,
        title: 'Open Input Snapshot',
        arguments: [{ scenarioId: this.scenarioId, runId: this.runId }],
      },
    };
  }
}

/** A node calculation that failed in a failed run. */
export class FailedCalcNode {
  readonly kind = 'failedNode';
  readonly id: string;
  readonly scenarioId: string;
  readonly runId: string;
  readonly nodeId: string;
  readonly nodeName: string;
  constructor(
    readonly parent: RunNode,
    readonly calc: NodeCalc,
  ) {
    this.scenarioId = parent.scenarioId;
    this.runId = parent.runId;
    this.nodeId = calc.node_id;
    this.nodeName = calc.node_name;
    this.id = `failed:${parent.parent.listKey}:${parent.runId}:${calc.calc_id}`;
  }

  toItem(): ItemSpec {
    const c = this.calc;
    const lines = [`$(error) **${mdText(c.node_name)}** failed (${mdText(c.node_type)})`];
    if (c.processing_start_at) lines.push(`Started: ${formatUtc(c.processing_start_at)}`);
    if (c.processing_duration !== null) lines.push(`Duration: ${formatDuration(c.processing_duration * 1000)}`);
    lines.push(`Fail reason: ${c.fail_reason ? mdExcerpt(c.fail_reason, 300) : '—'}`);
    return {
      id: this.id,
      label: c.node_name,
      description: c.fail_reason ? oneLine(c.fail_reason, 100) : 'no fail reason recorded',
      tooltip: lines.join('  \n'),
      icon: { id: 'error', color: 'errorForeground' },
      collapsible: 'none',
      contextValue: TreeContext.failedNode,
      command: {
        command: Commands.compareWithLastSuccess,
        title: 'Compare with Last Success',
        arguments: [{ scenarioId: this.scenarioId, runId: this.runId }],
      },
    };
  }
}

export type ParentNode = GroupNode | ModelNode | ScenarioNode | RunNode;

/** An empty state or an error, saying what was searched; errors offer a retry. */
export class InfoNode {
  readonly kind = 'info';
  readonly id: string;
  constructor(
    readonly parent: ParentNode | undefined,
    slug: string,
    readonly message: string,
    readonly error = false,
    readonly retry?: CommandSpec,
  ) {
    this.id = `info:${parent?.id ?? 'root'}:${slug}`;
  }

  toItem(): ItemSpec {
    return {
      id: this.id,
      label: this.message,
      description: this.retry ? 'click to retry' : undefined,
      tooltip: mdText(this.message),
      icon: this.error ? { id: 'warning', color: 'list.warningForeground' } : { id: 'info' },
      collapsible: 'none',
      contextValue: TreeContext.info,
      command: this.retry,
    };
  }
}

/** "Load more…" below a paged list; `key` is the parent node's id. */
export class LoadMoreNode {
  readonly kind = 'loadMore';
  readonly id: string;
  readonly key: string;
  constructor(
    readonly parent: ParentNode,
    readonly shown: number,
  ) {
    this.key = parent.id;
    this.id = `more:${parent.id}`;
  }

  toItem(): ItemSpec {
    return {
      id: this.id,
      label: LOAD_MORE_LABEL,
      description: `${this.shown} shown`,
      icon: { id: 'ellipsis' },
      collapsible: 'none',
      contextValue: TreeContext.loadMore,
      command: { command: Commands.loadMore, title: 'Load More', arguments: [this.key] },
    };
  }
}

export type TreeNode = GroupNode | ModelNode | ScenarioNode | RunNode | FailedCalcNode | InfoNode | LoadMoreNode;
