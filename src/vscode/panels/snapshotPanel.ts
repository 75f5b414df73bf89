/** The input snapshot panel (PanelTypes.snapshot): one panel per run. */
import * as vscode from 'vscode';
import type { Engine } from '../../engine/engine';
import { subjectKey } from '../../shared/panelState';
import type { CommonToHost } from '../../shared/protocol/common';
import type { SnapshotPayload, SnapshotSubject, SnapshotToHost } from '../../shared/protocol/snapshot';
import { previousRun } from '../../shared/runOrder';
import { compareSnapshots } from '../../shared/snapshotCompare';
import { PanelTypes } from '../constants';
import { BasePanel, type PanelContext } from './basePanel';
import { DiffPanel } from './diffPanel';
import { TimelinePanel } from './timelinePanel';
import { webviewOptions } from './webviewHtml';

export class SnapshotPanel extends BasePanel<SnapshotSubject, SnapshotPayload, SnapshotToHost> {
  private static readonly panels = new Map<string, SnapshotPanel>();

  static current(runId: string): SnapshotPanel | undefined {
    return SnapshotPanel.panels.get(subjectKey(runId));
  }

  static all(): SnapshotPanel[] {
    return [...SnapshotPanel.panels.values()];
  }

  static createOrShow(ctx: PanelContext, runId: string): SnapshotPanel {
    const existing = SnapshotPanel.current(runId);
    if (existing) {
      existing.reveal();
      return existing;
    }
    const id = subjectKey(runId);
    const panel = vscode.window.createWebviewPanel(PanelTypes.snapshot, `Inputs ${id.slice(0, 8)}`, vscode.ViewColumn.Active, {
      ...webviewOptions(ctx.extensionUri),
      enableFindWidget: true,
    });
    return new SnapshotPanel(panel, ctx, id);
  }

  static revive(ctx: PanelContext, panel: vscode.WebviewPanel, runId: string): SnapshotPanel {
    const existing = SnapshotPanel.current(runId);
    if (existing) {
      panel.dispose();
      return existing;
    }
    return new SnapshotPanel(panel, ctx, subjectKey(runId));
  }

  private constructor(panel: vscode.WebviewPanel, ctx: PanelContext, runId: string) {
    super(panel, ctx, { runId }, 'snapshot');
    SnapshotPanel.panels.set(runId, this);
    void this.load();
  }

  protected fetch(engine: Engine): Promise<SnapshotPayload> {
    const id = this.subject.runId;
    return engine.read(async (a) => {
      const run = await a.requireRun(id);
      const [snapshot, runs] = await Promise.all([a.snapshot(run.run_id), a.runs(run.scenario_id)]);
      const prev = previousRun(runs, run.run_id);
      const prevSnapshot = prev ? await a.snapshot(prev.run_id) : null;
      return { run, snapshot, previousRun: prev, changes: compareSnapshots(snapshot.nodes, prevSnapshot?.nodes ?? null) };
    });
  }

  protected titleFor(p: SnapshotPayload): string {
    return `Inputs: ${p.run.scenario_name} @ ${p.run.run_at.slice(0, 16).replace('T', ' ')}`;
  }

  protected forget(): void {
    if (SnapshotPanel.panels.get(this.subject.runId) === this) SnapshotPanel.panels.delete(this.subject.runId);
  }

  private loaded(): SnapshotPayload {
    if (!this.lastPayload) throw new Error('the run is not loaded yet');
    return this.lastPayload;
  }

  protected async handle(m: Exclude<SnapshotToHost, CommonToHost>): Promise<void> {
    switch (m.type) {
      case 'openTimeline':
        TimelinePanel.createOrShow(this.ctx, this.loaded().run.scenario_id);
        return;
      case 'compareWithLastSuccess':
        await DiffPanel.showLastSuccess(this.ctx, { runId: this.subject.runId });
        return;
      case 'compareWithPrevious': {
        const prev = this.loaded().previousRun;
        if (prev) DiffPanel.createOrShow(this.ctx, prev.run_id, this.subject.runId);
        else void vscode.window.showInformationMessage(`ClearSight: Run ${this.subject.runId} is the first run of its scenario: there is no previous run to compare with.`);
        return;
      }
      case 'openPreviousSnapshot': {
        const prev = this.loaded().previousRun;
        if (prev) SnapshotPanel.createOrShow(this.ctx, prev.run_id);
        return;
      }
      default: {
        const never: never = m;
        this.ctx.host.log.warn(`snapshot panel: unknown message ${JSON.stringify(never).slice(0, 200)}`);
      }
    }
  }
}
