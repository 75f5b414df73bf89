/** The scenario timeline panel (PanelTypes.timeline): one panel per scenario. */
import * as vscode from 'vscode';
import type { Engine } from '../../engine/engine';
import type { CommonToHost } from '../../shared/protocol/common';
import type { TimelinePayload, TimelineSubject, TimelineToHost } from '../../shared/protocol/timeline';
import { subjectKey } from '../../shared/panelState';
import { PanelTypes } from '../constants';
import { BasePanel, runRcaNote, type PanelContext } from './basePanel';
import { DiagnosticsPanel } from './diagnosticsPanel';
import { DiffPanel } from './diffPanel';
import { JourneyPanel } from './journeyPanel';
import { SnapshotPanel } from './snapshotPanel';
import { webviewOptions } from './webviewHtml';
import { isUuid } from '../../core/ids';

export class TimelinePanel extends BasePanel<TimelineSubject, TimelinePayload, TimelineToHost> {
  private static readonly panels = new Map<string, TimelinePanel>();

  /** The open panel of a scenario (tests read `lastPayload` from it). */
  static current(scenarioId: string): TimelinePanel | undefined {
    return TimelinePanel.panels.get(subjectKey(scenarioId));
  }

  static all(): TimelinePanel[] {
    return [...TimelinePanel.panels.values()];
  }

  static createOrShow(ctx: PanelContext, scenarioId: string): TimelinePanel {
    const existing = TimelinePanel.current(scenarioId);
    if (existing) {
      existing.reveal();
      return existing;
    }
    const id = subjectKey(scenarioId);
    const panel = vscode.window.createWebviewPanel(PanelTypes.timeline, `Timeline ${id.slice(0, 8)}`, vscode.ViewColumn.Active, {
      ...webviewOptions(ctx.extensionUri),
      enableFindWidget: true,
    });
    return new TimelinePanel(panel, ctx, id);
  }

  /** A panel restored after a window reload (registration.ts). */
  static revive(ctx: PanelContext, panel: vscode.WebviewPanel, scenarioId: string): TimelinePanel {
    const existing = TimelinePanel.current(scenarioId);
    if (existing) {
      panel.dispose();
      return existing;
    }
    return new TimelinePanel(panel, ctx, subjectKey(scenarioId));
  }

  private constructor(panel: vscode.WebviewPanel, ctx: PanelContext, scenarioId: string) {
    super(panel, ctx, { scenarioId }, 'timeline');
    TimelinePanel.panels.set(scenarioId, this);
    void this.load();
  }

  protected fetch(engine: Engine): Promise<TimelinePayload> {
    const id = this.subject.scenarioId;
    return engine.read(async (a) => {
      const scenario = await a.requireScenario(id);
      const [events, runs] = await Promise.all([a.timeline(scenario.scenario_id), a.runs(scenario.scenario_id)]);
      return { scenario, events, runs };
    });
  }

  protected titleFor(p: TimelinePayload): string {
    return `Timeline: ${p.scenario.scenario_name}`;
  }

  protected forget(): void {
    if (TimelinePanel.panels.get(this.subject.scenarioId) === this) TimelinePanel.panels.delete(this.subject.scenarioId);
  }

  protected async handle(m: Exclude<TimelineToHost, CommonToHost>): Promise<void> {
    switch (m.type) {
      case 'openSnapshot':
        if (isUuid(m.runId)) SnapshotPanel.createOrShow(this.ctx, m.runId);
        return;
      case 'compareWithLastSuccess':
        if (isUuid(m.runId)) await DiffPanel.showLastSuccess(this.ctx, { runId: m.runId });
        return;
      case 'openDiagnostics':
        if (isUuidText(m.runId)) DiagnosticsPanel.createOrShow(this.ctx, m.runId);
        return;
      case 'compareFailurePair':
        await DiffPanel.showLastSuccess(this.ctx, { scenarioId: this.subject.scenarioId });
        return;
      case 'rcaNote':
        await runRcaNote(this.ctx.host, { scenarioId: this.subject.scenarioId });
        return;
      case 'openUser': {
        const user = typeof m.user === 'string' ? m.user.trim().slice(0, 200) : '';
        if (user) JourneyPanel.createOrShow(this.ctx, user);
        return;
      }
      default: {
        const never: never = m;
        this.ctx.host.log.warn(`timeline panel: unknown message ${JSON.stringify(never).slice(0, 200)}`);
      }
    }
  }
}
