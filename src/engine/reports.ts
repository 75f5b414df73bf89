/** Findings leaving the tool: the RCA note, a Power BI bookmark, a filtered report URL. */
import { bookmarkName, buildBookmark, buildReportUrl } from '../core/powerbi';
import { buildRcaNote } from '../core/rcaNote';
import { isFailedRun, lastSuccessBefore } from '../core/runRules';
import { compareIso } from '../core/time';
import type { RunSummary, ScenarioListItem, Uuid } from '../core/types';
import { NotFoundError, UserError } from '../core/errors';
import { PAGES } from '../powerbi/report';
import { requireUuid, type Analyses } from './analyses';
import { categorizeFailure } from '../core/errorCategory';
import { errorTexts } from '../logs/search';
import type { LogSource } from '../logs/types';
import { collectLogsOf, rcaLogs } from './diagnostics';

export interface PowerBiSettings {
  /** The report's URL (https://app.powerbi.com/groups/…/reports/…/ReportSection…). */
  reportUrl?: string;
  /** Report page (section name) a bookmark opens (default: the generated report's timeline page for a scenario, Run Diagnostics for a run). */
  page?: string;
  /** `Table/Field` the scenario id filters on. */
  scenarioField?: string;
  /** `Table/Field` the run id filters on. */
  runField?: string;
}

/**
 * Defaults: the pages and fields of the report `clearsight-rca powerbi` writes (a scenario
 * opens its timeline page, a run its Run Diagnostics page, the drill-through on the run id);
 * settings override them.
 */
export const POWERBI_DEFAULTS = {
  scenarioPage: PAGES.timeline,
  runPage: PAGES.diagnostics,
  scenarioField: 'dim_scenario/scenario_id',
  runField: 'dim_run/run_id',
} as const;

export function parseField(text: string, option: string): { table: string; field: string } {
  const i = text.lastIndexOf('/');
  if (i <= 0 || i === text.length - 1) throw new UserError(`${option}: expected Table/Field, got '${text}'`);
  return { table: text.slice(0, i), field: text.slice(i + 1) };
}

/** What an id stands for in a report: a scenario, and a run when the id is one. */
export interface Subject {
  scenario: ScenarioListItem;
  run: RunSummary | null;
}

export async function resolveSubject(a: Analyses, idText: string): Promise<Subject> {
  const id = requireUuid(idText);
  const run = await a.run(id);
  if (run) return { scenario: await a.requireScenario(run.scenario_id), run };
  const scenario = await a.scenario(id);
  if (scenario) return { scenario, run: null };
  throw new NotFoundError(`unknown id ${id}: neither a run nor a scenario on ${a.db.label}`);
}

function pageOf(subject: Subject, s: PowerBiSettings): string {
  return s.page ?? (subject.run ? POWERBI_DEFAULTS.runPage : POWERBI_DEFAULTS.scenarioPage);
}

function filtersOf(subject: Subject, s: PowerBiSettings): Array<{ table: string; field: string; value: string }> {
  const out = [{ ...parseField(s.scenarioField ?? POWERBI_DEFAULTS.scenarioField, 'scenario field'), value: subject.scenario.scenario_id }];
  if (subject.run) out.push({ ...parseField(s.runField ?? POWERBI_DEFAULTS.runField, 'run field'), value: subject.run.run_id });
  return out;
}

/**
 * A report URL that names no page (`…/reports/<id>`) gets the page of the subject (the
 * setting, else the generated report's page), so the link opens where the bookmark would.
 */
export function withReportPage(reportUrl: string, page: string): string {
  const m = /^(https?:\/\/[^?#]*\/reports\/[^/?#]+)\/?([?#].*)?$/i.exec(reportUrl);
  return m ? `${m[1]}/${encodeURIComponent(page)}${m[2] ?? ''}` : reportUrl;
}

export function reportUrl(subject: Subject, s: PowerBiSettings): string {
  if (!s.reportUrl) throw new UserError('no Power BI report URL: pass --powerbi-url or set CLEARSIGHT_POWERBI_URL');
  try {
    return buildReportUrl(withReportPage(s.reportUrl, pageOf(subject, s)), filtersOf(subject, s));
  } catch (err) {
    throw new UserError(`Power BI report URL: ${(err as Error).message}`);
  }
}

export function bookmark(subject: Subject, s: PowerBiSettings): { name: string; json: object } {
  const id = subject.run?.run_id ?? subject.scenario.scenario_id;
  const name = bookmarkName('ClearSightRCA', id);
  const label = subject.run
    ? `RCA ${subject.scenario.scenario_name} · run ${subject.run.run_id.slice(0, 8)}`
    : `RCA ${subject.scenario.scenario_name}`;
  const json = buildBookmark({
    name,
    displayName: label.length > 120 ? `${label.slice(0, 119)}…` : label,
    reportPage: pageOf(subject, s),
    filters: filtersOf(subject, s).map((f) => ({ table: f.table, field: f.field, values: [f.value] })),
  });
  return { name, json };
}

/** The failed run an RCA is about: the given run, or the scenario's first failure of its latest failure streak. */
export async function failedRunOf(a: Analyses, subject: Subject): Promise<{ failed: RunSummary; lastSuccess: RunSummary | null }> {
  const runs = await a.runs(subject.scenario.scenario_id);
  if (subject.run) {
    if (!isFailedRun(subject.run.run_status)) {
      throw new UserError(`run ${subject.run.run_id} is ${subject.run.run_status}: an RCA note needs a failed or timed-out run`);
    }
    return { failed: subject.run, lastSuccess: lastSuccessBefore(runs, subject.run) };
  }
  const pair = await a.failurePair(subject.scenario.scenario_id);
  if (!pair.firstFailure) throw new UserError(`scenario ${subject.scenario.scenario_id} has no failed run`);
  return { failed: pair.firstFailure, lastSuccess: pair.lastSuccess };
}

export async function rcaNote(
  a: Analyses,
  idText: string,
  options: {
    generatedAt?: string;
    powerBi?: PowerBiSettings;
    cliName?: string;
    /** The named environment the analyses read (shown in the note). */
    environment?: string;
    /** Log sources for "Errors in the logs" and the category (none: no such section). */
    logs?: { sources: readonly LogSource[]; marginMinutes?: number; signal?: AbortSignal };
  } = {},
): Promise<string> {
  const subject = await resolveSubject(a, idText);
  const { failed, lastSuccess } = await failedRunOf(a, subject);
  const scenarioId: Uuid = subject.scenario.scenario_id;
  // The logs first (when configured): their error lines feed the verdict of the diff.
  const logsRead = options.logs?.sources.length
    ? collectLogsOf(a, failed, options.logs.sources, { marginMinutes: options.logs.marginMinutes, signal: options.logs.signal })
    : Promise.resolve(null);
  const [diff, changes, timeline, calcs, signature, runLogs] = await Promise.all([
    lastSuccess
      ? logsRead.then((l) => a.diff(lastSuccess.run_id, failed.run_id, l ? { logErrors: errorTexts(l.lines) } : {}))
      : Promise.resolve(null),
    a.changes(scenarioId),
    a.timeline(scenarioId),
    a.calcs(failed.run_id, failed.scenario_id),
    a.sameError(failed),
    logsRead,
  ]);
  const from = lastSuccess?.run_at ?? null;
  const end = failed.run_complete_at ?? failed.run_at;
  const changesBeforeFailure = changes.filter(
    (c) => (from === null || compareIso(c.changed_at, from) > 0) && compareIso(c.changed_at, failed.run_at) <= 0,
  );
  const excerpt = timeline.filter(
    (e) => (from === null || compareIso(e.event_timestamp, from) >= 0) && compareIso(e.event_timestamp, end) <= 0,
  );
  const failedNodes = calcs.filter((c) => c.status === 'failed');
  const category = categorizeFailure({
    status: failed.run_status,
    fail_reason: failed.fail_reason ?? failedNodes[0]?.fail_reason ?? null,
    log_errors: runLogs ? errorTexts(runLogs.lines) : [],
  });
  let powerBiUrl: string | undefined;
  if (options.powerBi?.reportUrl) powerBiUrl = reportUrl({ scenario: subject.scenario, run: failed }, options.powerBi);
  return buildRcaNote({
    generatedAt: options.generatedAt ?? new Date().toISOString(),
    sourceLabel: `${a.db.label} (${a.kind})`,
    ...(options.environment ? { environment: options.environment } : {}),
    scenario: subject.scenario,
    failedRun: failed,
    lastSuccess,
    diff,
    changesBeforeFailure: from === null ? changesBeforeFailure.slice(-20) : changesBeforeFailure,
    timeline: excerpt,
    failedNodes,
    signature,
    category,
    logs: runLogs ? rcaLogs(runLogs) : null,
    links: powerBiUrl ? { powerBiUrl } : undefined,
    cliName: options.cliName,
  });
}
