/**
 * The run diff panel (PanelTypes.diff): one panel per (run A, run B) pair, and the
 * one-click "last success vs first failure" entry point.
 */
import * as vscode from 'vscode';
import { DEFAULT_MAX_CHANGES } from '../../core/jsonDiff';
import { UserError } from '../../db/db';
import type { Engine } from '../../engine/engine';
import { subjectKey } from '../../shared/panelState';
import type { CommonToHost } from '../../shared/protocol/common';
import type { DiffPayload, DiffSubject, DiffToHost } from '../../shared/protocol/diff';
import { lastSuccessBefore } from '../../shared/runOrder';
import { PanelTypes } from '../constants';
import { BasePanel, reportActionError, runRcaNote, type PanelContext } from './basePanel';
import { SnapshotPanel } from './snapshotPanel';
import { TimelinePanel } from './timelinePanel';
import { webviewOptions } from './webviewHtml';

export interface DiffTarget {
  scenarioId?: string;
  runId?: string;
}

/**
 * The pair "last success vs first failure":
 * - for a run: the last successful run of its scenario before it, and the run;
 * - for a scenario: the engine's failurePair (last success before the latest failure
 *   streak, and the first failure of that streak).
 * Throws a UserError saying why when there is no such pair.
 */
export async function resolveLastSuccessPair(engine: Engine, target: DiffTarget): Promise<DiffSubject> {
  if (target.runId) {
    const runId = target.runId;
    return engine.read(async (a) => {
      const run = await a.requireRun(runId);
      const prior = lastSuccessBefore(await a.runs(run.scenario_id), run.run_id);
      if (!prior) throw new UserError(`run ${run.run_id} of scenario "${run.scenario_name}" has no successful run before it to compare with`);
      return { runA: prior.run_id, runB: run.run_id };
    });
  }
  if (target.scenarioId) {
    const scenarioId = target.scenarioId;
    return engine.read(async (a) => {
      const s = await a.requireScenario(scenarioId);
      const { lastSuccess, firstFailure } = await a.failurePair(s.scenario_id);
      if (!firstFailure) throw new UserError(`scenario "${s.scenario_name}" has no failed run to compare`);
      if (!lastSuccess) throw new UserError(`scenario "${s.scenario_name}" has no successful run before its first failure (run ${firstFailure.run_id})`);
      return { runA: lastSuccess.run_id, runB: firstFailure.run_id };
    });
  }
  throw new UserError('choose a scenario or a run to compare with its last success');
}

export class DiffPanel extends BasePanel<DiffSubject, DiffPayload, DiffToHost> {
  private static readonly panels = new Map<string, DiffPanel>();

  /** The key of a pair in `current()`: `runA|runB`, lower case. */
  static keyOf(runA: string, runB: string): string {
    return subjectKey(runA, runB);
  }

  /** The open panel of a pair: `current(DiffPanel.keyOf(a, b))` or `current(a, b)`. */
  static current(keyOrRunA: string, runB?: string): DiffPanel | undefined {
    return DiffPanel.panels.get(runB === undefined ? keyOrRunA.toLowerCase() : DiffPanel.keyOf(keyOrRunA, runB));
  }

  static all(): DiffPanel[] {
    return [...DiffPanel.panels.values()];
  }

  static createOrShow(ctx: PanelContext, runA: string, runB: string): DiffPanel {
    const existing = DiffPanel.current(runA, runB);
    if (existing) {
      existing.reveal();
      return existing;
    }
    const [a, b] = [subjectKey(runA), subjectKey(runB)];
    const panel = vscode.window.createWebviewPanel(PanelTypes.diff, `Diff ${a.slice(0, 8)} → ${b.slice(0, 8)}`, vscode.ViewColumn.Active, {
      ...webviewOptions(ctx.extensionUri),
      enableFindWidget: true,
    });
    return new DiffPanel(panel, ctx, a, b);
  }

  static revive(ctx: PanelContext, panel: vscode.WebviewPanel, runA: string, runB: string): DiffPanel {
    const existing = DiffPanel.current(runA, runB);
    if (existing) {
      panel.dispose();
      return existing;
    }
    return new DiffPanel(panel, ctx, subjectKey(runA), subjectKey(runB));
  }

  /**
   * Opens "last success vs first failure" for a run or a scenario in one step; when there
   * is no such pair, an information message says why. Never throws.
   */
  static async showLastSuccess(ctx: PanelContext, target: DiffTarget): Promise<void> {
    try {
      const engine = await ctx.host.engine();
      const pair = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'ClearSight: finding the last successful run…' },
        () => resolveLastSuccessPair(engine, target),
      );
      DiffPanel.createOrShow(ctx, pair.runA, pair.runB);
    } catch (err) {
      reportActionError(ctx.host, err);
    }
  }

  private readonly key: string;

  private constructor(panel: vscode.WebviewPanel, ctx: PanelContext, runA: string, runB: string) {
    super(panel, ctx, { runA, runB }, 'diff');
    this.key = DiffPanel.keyOf(runA, runB);
    DiffPanel.panels.set(this.key, this);
    void this.load();
  }

  protected async fetch(engine: Engine): Promise<DiffPayload> {
    const { runA, runB } = this.subject;
    const diff = await engine.read((a) => a.diff(runA, runB));
    return { diff, maxPaths: DEFAULT_MAX_CHANGES };
  }

  protected titleFor(p: DiffPayload): string {
    return `Diff: ${p.diff.run_b.scenario_name}`;
  }

  protected forget(): void {
    if (DiffPanel.panels.get(this.key) === this) DiffPanel.panels.delete(this.key);
  }

  protected async handle(m: Exclude<DiffToHost, CommonToHost>): Promise<void> {
    switch (m.type) {
      case 'openSnapshot':
        SnapshotPanel.createOrShow(this.ctx, m.side === 'a' ? this.subject.runA : this.subject.runB);
        return;
      case 'openTimeline': {
        const d = this.lastPayload?.diff;
        if (d) TimelinePanel.createOrShow(this.ctx, d.run_b.scenario_id);
        return;
      }
      case 'rcaNote': {
        const d = this.lastPayload?.diff;
        await runRcaNote(this.ctx.host, { scenarioId: d?.run_b.scenario_id, runId: this.subject.runB });
        return;
      }
      default: {
        const never: never = m;
        this.ctx.host.log.warn(`diff panel: unknown message ${JSON.stringify(never).slice(0, 200)}`);
      }
    }
  }
}
