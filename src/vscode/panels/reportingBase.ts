/**
 * The base class of the two panels over the reporting star schema (Overview, user journey):
 * it says why there is no reporting schema to read, or reads it; it exports their tables as
 * CSV. Kept apart from reportingPanels.ts, which the commands import without loading panels.
 */
import type { Db } from '../../db/db';
import type { Engine } from '../../engine/engine';
import type { CommonToHost, NavigateToHost } from '../../shared/protocol/common';
import type { ExportCsvMessage } from '../../shared/protocol/overview';
import { BasePanel } from './basePanel';
import { exportCsv, reportingDb, reportingMissing } from './reportingPanels';

type NoReporting = { kind: 'noReporting'; reason: 'not-loaded' | 'prod-source' };

/** A panel over the reporting schema: it shows `Data`, or why there is no reporting schema to read. */
export abstract class ReportingPanel<Subject, Data, ToHost extends { type: string }> extends BasePanel<Subject, Data | NoReporting, ToHost> {
  protected async fetch(engine: Engine): Promise<Data | NoReporting> {
    const missing = reportingMissing(engine);
    if (missing) return { kind: 'noReporting', reason: missing };
    return this.fetchReporting(reportingDb(engine));
  }

  /** Reads what the panel shows from the reporting database. */
  protected abstract fetchReporting(db: Db): Promise<Data>;

  protected override async handle(m: Exclude<ToHost, CommonToHost | NavigateToHost>): Promise<void> {
    if (m.type === 'exportCsv') await exportCsv(this.ctx.host, m as unknown as ExportCsvMessage);
    else await this.handleOwn(m as Exclude<ToHost, CommonToHost | NavigateToHost | ExportCsvMessage>);
  }

  /** The panel's own messages (its tables' CSV export is handled here). */
  protected abstract handleOwn(m: Exclude<ToHost, CommonToHost | NavigateToHost | ExportCsvMessage>): Promise<void>;
}
