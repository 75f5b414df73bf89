/**
 * The Overview panel (PanelTypes.overview): fleet KPIs and error analysis over the
 * reporting star schema. One panel, reused: its subject is the filter, which the webview
 * changes with `setFilter`; clicks ask for the runs behind a figure, a day's failing
 * scenarios or a scenario's duration trend (request / result by id), or open the
 * timeline, the diff with the last success, the tree, a user's journey.
 */
import { isUuid } from '../../core/ids';
import { OVERVIEW_LIMITS, type OverviewQuery } from '../../core/overviewData';
import { addDays, isDay, sanitizeFilter } from '../../core/overviewFilter';
import { UserError } from '../../core/errors';
import type { Db } from '../../db/db';
import { durationTrend, filterOptions, loadOverview, overviewRuns, topFailingScenarios } from '../../engine/overview';
import { sanitizeDrill } from '../../shared/panelState';
import type { CommonToHost, NavigateToHost } from '../../shared/protocol/common';
import type { ExportCsvMessage, OverviewPayload, OverviewRequest, OverviewResult, OverviewSubject, OverviewToHost, OverviewToWebview } from '../../shared/protocol/overview';
import { errorLine } from '../errors';
import { ReportingPanel } from './reportingBase';
import { reportingDb, reportingMissing } from './reportingPanels';

export class OverviewPanel extends ReportingPanel<OverviewSubject, Extract<OverviewPayload, { kind: 'data' }>, OverviewToHost> {
  /** Replaces the filter and reloads (the subject object stays; its filter is a new value). */
  setFilter(filter: unknown): Promise<void> {
    this.subject.filter = sanitizeFilter(filter);
    return this.load();
  }

  protected async fetchReporting(db: Db): Promise<Extract<OverviewPayload, { kind: 'data' }>> {
    const options = await filterOptions(db);
    const data = await loadOverview(db, this.subject.filter, options);
    return { kind: 'data', data, options };
  }

  protected titleFor(): string {
    return 'ClearSight Overview';
  }

  private reply(message: OverviewToWebview): void {
    if (!this.isDisposed) void this.panel.webview.postMessage(message);
  }

  /** Answers a click's request with the query of what is shown (same resolved range). */
  private async answer(id: number, request: OverviewRequest): Promise<void> {
    try {
      const shown = this.lastPayload;
      if (!shown || shown.kind !== 'data') throw new UserError('the Overview has no data loaded yet');
      const query: OverviewQuery = shown.data.query;
      const engine = await this.ctx.host.engine();
      if (reportingMissing(engine)) throw new UserError('the reporting schema is not available any more: refresh the Overview');
      const db = reportingDb(engine);
      let result: OverviewResult;
      switch (request?.kind) {
        case 'runs': {
          const drill = sanitizeDrill(request.drill);
          result = { kind: 'runs', drill, runs: await overviewRuns(db, query, drill), limit: OVERVIEW_LIMITS.runs };
          break;
        }
        case 'topFailing': {
          if (!isDay(request.day)) throw new UserError('not a day');
          const day = request.day;
          const rows = await topFailingScenarios(db, { ...query, range: { from: day, to: addDays(day, 1), days: 1 } });
          result = { kind: 'topFailing', day, rows, limit: OVERVIEW_LIMITS.topFailing };
          break;
        }
        case 'trend': {
          if (!isUuid(request.scenarioId)) throw new UserError('not a scenario id');
          const scenarioId = request.scenarioId.toLowerCase();
          result = { kind: 'trend', scenarioId, trend: await durationTrend(db, query, scenarioId) };
          break;
        }
        default:
          throw new UserError('unknown request');
      }
      this.reply({ type: 'result', id, result });
    } catch (err) {
      if (!(err instanceof UserError)) this.ctx.host.log.error(err instanceof Error ? err : String(err));
      this.reply({ type: 'resultError', id, message: errorLine(err) });
    }
  }

  protected async handleOwn(m: Exclude<OverviewToHost, CommonToHost | NavigateToHost | ExportCsvMessage>): Promise<void> {
    switch (m.type) {
      case 'setFilter':
        await this.setFilter(m.filter);
        return;
      case 'request':
        if (typeof m.id === 'number' && Number.isFinite(m.id)) await this.answer(m.id, m.request);
        return;
      default:
        this.unknownMessage(m);
    }
  }
}
