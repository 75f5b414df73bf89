/**
 * The panels: one registry per kind, the only module that imports panel classes. The
 * navigator loads it with the first panel it opens (or restores after a window reload),
 * so activation does not pay for them. package.json lists `onWebviewPanel:<type>`
 * activation events for every type in PANEL_TYPES.
 */
import type * as vscode from 'vscode';
import { DEFAULT_FILTER, sanitizeFilter, type OverviewFilter } from '../../core/overviewFilter';
import { diagnosticsSubjectOf, diffSubjectOf, journeyDays, journeySubjectOf, overviewSubjectOf, snapshotSubjectOf, subjectKey, timelineSubjectOf } from '../../shared/panelState';
import { PanelTypes } from '../constants';
import type { BasePanel, PanelContext } from './basePanel';
import { DiagnosticsPanel } from './diagnosticsPanel';
import { DiffPanel } from './diffPanel';
import { JourneyPanel } from './journeyPanel';
import { OverviewPanel } from './overviewPanel';
import { PanelRegistry, type PanelKind } from './panelRegistry';
import { SnapshotPanel } from './snapshotPanel';
import { TimelinePanel } from './timelinePanel';

/**
 * A kind of panel whose subject is one id (`{ [field]: id }`), keyed by it and titled
 * `<label> <its first 8 characters>` until the data is there.
 */
function oneIdKind<F extends string, P extends BasePanel<Record<F, string>, unknown, { type: string }>>(
  type: string,
  field: F,
  label: string,
  create: PanelKind<Record<F, string>, P>['create'],
  subjectOf: (state: unknown) => Record<F, string> | null,
): PanelKind<Record<F, string>, P> {
  return { type, key: (s) => s[field], title: (s) => `${label} ${s[field].slice(0, 8)}`, create, subjectOf };
}

export const timelines = new PanelRegistry(oneIdKind(PanelTypes.timeline, 'scenarioId', 'Timeline', (panel, ctx, s) => new TimelinePanel(panel, ctx, s, 'timeline'), timelineSubjectOf));

export const snapshots = new PanelRegistry(oneIdKind(PanelTypes.snapshot, 'runId', 'Inputs', (panel, ctx, s) => new SnapshotPanel(panel, ctx, s, 'snapshot'), snapshotSubjectOf));

export const diffs = new PanelRegistry({
  type: PanelTypes.diff,
  /** `runA|runB`, lower case. */
  key: (s: { runA: string; runB: string }) => subjectKey(s.runA, s.runB),
  title: (s) => `Diff ${s.runA.slice(0, 8)} → ${s.runB.slice(0, 8)}`,
  create: (panel, ctx, s) => new DiffPanel(panel, ctx, s, 'diff'),
  subjectOf: diffSubjectOf,
});

export const diagnostics = new PanelRegistry(oneIdKind(PanelTypes.diagnostics, 'runId', 'Diagnostics', (panel, ctx, s) => new DiagnosticsPanel(panel, ctx, s, 'diagnostics'), diagnosticsSubjectOf));

export const journeys = new PanelRegistry({
  type: PanelTypes.journey,
  /** User ids are case-sensitive text: keyed as written (trimmed). */
  key: (s: { user: string; days: number }) => s.user,
  title: (s) => `Journey: ${s.user.slice(0, 40)}`,
  create: (panel, ctx, s) => new JourneyPanel(panel, ctx, s, 'journey'),
  subjectOf: (state) => {
    const s = journeySubjectOf(state);
    return s && { user: s.user.trim(), days: journeyDays(s.days) };
  },
});

/** One Overview, reused: its subject is the filter. */
export const overviews = new PanelRegistry({
  type: PanelTypes.overview,
  key: (_s: { filter: OverviewFilter }) => 'overview',
  title: () => 'ClearSight Overview',
  create: (panel, ctx, s) => new OverviewPanel(panel, ctx, s, 'overview'),
  // The Overview reopens even without a saved state (the default filter).
  subjectOf: (state) => overviewSubjectOf(state) ?? { filter: sanitizeFilter(null) },
});

const registries = [timelines, snapshots, diffs, diagnostics, journeys, overviews];

export function showTimeline(ctx: PanelContext, scenarioId: string): TimelinePanel {
  return timelines.show(ctx, { scenarioId: subjectKey(scenarioId) });
}

export function showSnapshot(ctx: PanelContext, runId: string): SnapshotPanel {
  return snapshots.show(ctx, { runId: subjectKey(runId) });
}

export function showDiff(ctx: PanelContext, runA: string, runB: string): DiffPanel {
  return diffs.show(ctx, { runA: subjectKey(runA), runB: subjectKey(runB) });
}

export function showDiagnostics(ctx: PanelContext, runId: string): DiagnosticsPanel {
  return diagnostics.show(ctx, { runId: subjectKey(runId) });
}

export function showJourney(ctx: PanelContext, user: string, days?: number): JourneyPanel {
  return journeys.show(ctx, { user: user.trim(), days: journeyDays(days) }, (open) => {
    if (days !== undefined && journeyDays(days) !== open.subject.days) void open.setDays(days);
  });
}

export function showOverview(ctx: PanelContext, filter?: Partial<OverviewFilter>): OverviewPanel {
  return overviews.show(ctx, { filter: sanitizeFilter({ ...DEFAULT_FILTER, ...filter }) }, (open) => {
    if (filter) void open.setFilter({ ...open.subject.filter, ...filter });
  });
}

/** Restores a panel VS Code kept across a window reload; false when its state is unusable. */
export function revive(ctx: PanelContext, type: string, panel: vscode.WebviewPanel, state: unknown): boolean {
  return registries.find((r) => r.kind.type === type)?.restore(ctx, panel, state) ?? false;
}

/** The open panel of a subject (extension-host tests read what it shows). */
export function openPanel(kind: 'timeline' | 'snapshot' | 'diff' | 'diagnostics', id: string, otherId?: string): BasePanel<unknown, unknown, { type: string }> | undefined {
  if (kind === 'timeline') return timelines.current(subjectKey(id));
  if (kind === 'diagnostics') return diagnostics.current(subjectKey(id));
  if (kind === 'snapshot') return snapshots.current(subjectKey(id));
  return diffs.current(otherId === undefined ? id.toLowerCase() : subjectKey(id, otherId));
}
