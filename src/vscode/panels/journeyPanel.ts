/**
 * The user journey panel (PanelTypes.journey): one user's actions across scenarios in
 * time order, grouped into sessions, with actions per day and the scenarios touched. One
 * panel per user; the day range (the last N days of their activity) is part of the subject.
 */
import { JOURNEY_DAY_PRESETS } from '../../core/overviewData';
import type { Db } from '../../db/db';
import { userJourney } from '../../engine/overview';
import { journeyDays } from '../../shared/panelState';
import type { CommonToHost, NavigateToHost } from '../../shared/protocol/common';
import type { JourneyPayload, JourneySubject, JourneyToHost } from '../../shared/protocol/journey';
import type { ExportCsvMessage } from '../../shared/protocol/overview';
import { ReportingPanel } from './reportingBase';

export class JourneyPanel extends ReportingPanel<JourneySubject, Extract<JourneyPayload, { kind: 'data' }>, JourneyToHost> {
  setDays(days: unknown): Promise<void> {
    this.subject.days = journeyDays(days);
    return this.load();
  }

  protected async fetchReporting(db: Db): Promise<Extract<JourneyPayload, { kind: 'data' }>> {
    const journey = await userJourney(db, this.subject.user, this.subject.days);
    return { kind: 'data', journey, presets: [...JOURNEY_DAY_PRESETS] };
  }

  protected titleFor(): string {
    return `Journey: ${this.subject.user.slice(0, 40)}`;
  }

  protected async handleOwn(m: Exclude<JourneyToHost, CommonToHost | NavigateToHost | ExportCsvMessage>): Promise<void> {
    // Its one message type (a check on a lone type does not narrow it to never: hence the cast).
    if (m.type === 'setDays') await this.setDays(m.days);
    else this.unknownMessage(m as never);
  }
}
