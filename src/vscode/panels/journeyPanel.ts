/**
 * The user journey panel (PanelTypes.journey): one user's actions across scenarios in
 * time order, grouped into sessions, with actions per day and the scenarios touched. One
 * panel per user; the day range (the last N days of their activity) is part of the subject.
 */
import type * as vscode from 'vscode';
import { JOURNEY_DAY_PRESETS } from '../../core/overviewData';
import type { Engine } from '../../engine/engine';
import { userJourney } from '../../engine/overview';
import { journeyDays } from '../../shared/panelState';
import type { CommonToHost, NavigateToHost } from '../../shared/protocol/common';
import type { JourneyPayload, JourneySubject, JourneyToHost } from '../../shared/protocol/journey';
import { BasePanel, type PanelContext } from './basePanel';
import { exportCsv, reportingDb, reportingMissing } from './reportingPanels';

export class JourneyPanel extends BasePanel<JourneySubject, JourneyPayload, JourneyToHost> {
  constructor(panel: vscode.WebviewPanel, ctx: PanelContext, subject: JourneySubject) {
    super(panel, ctx, subject, 'journey');
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

  protected override async handle(m: Exclude<JourneyToHost, CommonToHost | NavigateToHost>): Promise<void> {
    switch (m.type) {
      case 'setDays':
        await this.setDays(m.days);
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
