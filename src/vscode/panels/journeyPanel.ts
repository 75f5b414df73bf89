/**
 * The user journey panel (PanelTypes.journey): one user's actions across scenarios in
 * time order, grouped into sessions, with actions per day and the scenarios touched. One
 * panel per user; the day range (the last N days of their activity) is part of the subject.
 */
import * as vscode from 'vscode';
import type { Engine } from '../../engine/engine';
import { userJourney } from '../../engine/overview';
import { JOURNEY_DAY_PRESETS } from '../../core/overviewData';
import { journeyDays } from '../../shared/panelState';
import type { CommonToHost } from '../../shared/protocol/common';
import type { JourneyPayload, JourneySubject, JourneyToHost } from '../../shared/protocol/journey';
import { Commands, PanelTypes } from '../constants';
import { BasePanel, type PanelContext } from './basePanel';
import { DiffPanel } from './diffPanel';
import { exportCsv, reportingDb, reportingMissing, revealInTree, runIncrementalEtl } from './reportingPanels';
import { SnapshotPanel } from './snapshotPanel';
import { TimelinePanel } from './timelinePanel';
import { webviewOptions } from './webviewHtml';
import { isUuid } from '../../core/ids';

/** Panels are keyed by the user id as written (user ids are case-sensitive text). */
function keyOf(user: string): string {
  return user.trim();
}

export class JourneyPanel extends BasePanel<JourneySubject, JourneyPayload, JourneyToHost> {
  private static readonly panels = new Map<string, JourneyPanel>();

  static current(user: string): JourneyPanel | undefined {
    return JourneyPanel.panels.get(keyOf(user));
  }

  static all(): JourneyPanel[] {
    return [...JourneyPanel.panels.values()];
  }

  static createOrShow(ctx: PanelContext, user: string, days?: number): JourneyPanel {
    const existing = JourneyPanel.current(user);
    if (existing) {
      existing.reveal();
      if (days !== undefined && journeyDays(days) !== existing.subject.days) void existing.setDays(days);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(PanelTypes.journey, `Journey: ${keyOf(user).slice(0, 40)}`, vscode.ViewColumn.Active, {
      ...webviewOptions(ctx.extensionUri),
      enableFindWidget: true,
    });
    return new JourneyPanel(panel, ctx, { user: keyOf(user), days: journeyDays(days) });
  }

  static revive(ctx: PanelContext, panel: vscode.WebviewPanel, subject: JourneySubject): JourneyPanel {
    const existing = JourneyPanel.current(subject.user);
    if (existing) {
      panel.dispose();
      return existing;
    }
    return new JourneyPanel(panel, ctx, { user: keyOf(subject.user), days: journeyDays(subject.days) });
  }

  private constructor(panel: vscode.WebviewPanel, ctx: PanelContext, subject: JourneySubject) {
    super(panel, ctx, subject, 'journey');
    JourneyPanel.panels.set(subject.user, this);
    void this.load();
  }

  setDays(days: unknown): Promise<void> {
    this.subject.days = journeyDays(days);
    return this.load();
  }

  protected async fetch(engine: Engine): Promise<JourneyPayload> {
    const missing = reportingMissing(engine);
    if (missing) return { kind: 'noReporting', reason: missing };
    const journey = await userJourney(reportingDb(engine), this.subject.user, this.subject.days);
    return { kind: 'data', journey, presets: [...JOURNEY_DAY_PRESETS] };
  }

  protected titleFor(): string {
    return `Journey: ${this.subject.user.slice(0, 40)}`;
  }

  protected forget(): void {
    if (JourneyPanel.panels.get(this.subject.user) === this) JourneyPanel.panels.delete(this.subject.user);
  }

  protected async handle(m: Exclude<JourneyToHost, CommonToHost>): Promise<void> {
    switch (m.type) {
      case 'setDays':
        await this.setDays(m.days);
        return;
      case 'openTimeline':
        if (isUuid(m.scenarioId)) TimelinePanel.createOrShow(this.ctx, m.scenarioId);
        return;
      case 'compareWithLastSuccess':
        if (isUuid(m.runId)) await DiffPanel.showLastSuccess(this.ctx, { runId: m.runId });
        return;
      case 'openSnapshot':
        if (isUuid(m.runId)) SnapshotPanel.createOrShow(this.ctx, m.runId);
        return;
      case 'revealInTree':
        await revealInTree(m.scenarioId);
        return;
      case 'openOverview':
        await vscode.commands.executeCommand(Commands.openOverview);
        return;
      case 'runEtl':
        await runIncrementalEtl();
        return;
      case 'exportCsv':
        await exportCsv(this.ctx.host, m);
        return;
      default: {
        const never: never = m;
        this.ctx.host.log.warn(`journey panel: unknown message ${JSON.stringify(never).slice(0, 200)}`);
      }
    }
  }
}
