/**
 * The design's seven `/rca` answers (schemas.ts), read from the reporting schema only (logs
 * from fact_cloudwatch_log: a reader needs neither production nor AWS). The comparison and
 * the verdicts reuse the engine's diff, culprit ranking and verdict (Analyses over the
 * reporting source), so `/rca/scenario/{id}/run-comparison` ranks as `diff --scenario` does.
 * Unknown ids are NotFoundErrors (the id alone), bad combinations of parameters UserErrors.
 */
import { NotFoundError, UserError } from '../../core/errors';
import { isFailedRun } from '../../core/runRules';
import { isoToPgTimestamp } from '../../core/time';
import type { Db } from '../../db/db';
import { sqlText } from '../../db/sqlFiles';
import { reportingVersion } from '../../etl/migrate';
import { Analyses, requireUuid } from '../analyses';
import {
  designOf,
  errorSummaryOf,
  failureDeltaOf,
  inputChangesOf,
  levelRank,
  noFailureVerdict,
  runCard,
  secondsBetween,
  topCategoriesOf,
  type CategoryGroupRow,
  type LogLevelFilter,
  type RunCardRow,
  type SummaryRunRow,
} from './shape';
import type { AuditEntry, AuditTrail, ErrorSummary, FailedNode, JourneyAction, JourneySession, LogRecord, RunCard, RunComparison, RunDiagnostics, StateChange, StateChanges, TopCategories, UserJourney } from './schemas';

/** The first reporting schema version with the audit layer (migration 010). */
const AUDIT_LAYER_VERSION = 10;
/** The journey's default window: this many days up to the user's latest action. */
export const JOURNEY_DAYS = 30;
const DAY_MS = 86_400_000;

const ready = new WeakSet<Db>();

/**
 * Why the reporting schema cannot answer `/rca` yet (no schema, or one without the audit
 * layer), or null when it can. A positive answer is remembered per database.
 */
export async function rcaUnavailable(db: Db): Promise<string | null> {
  if (ready.has(db)) return null;
  const v = await reportingVersion(db);
  if (v.current === 0) return 'the /rca endpoints read the reporting schema, which is not there yet: run the ETL (clearsight-rca etl) first';
  if (v.current < AUDIT_LAYER_VERSION) return `the reporting schema is at version ${v.current}, without the audit layer (version ${AUDIT_LAYER_VERSION}): run the ETL to upgrade it`;
  ready.add(db);
  return null;
}

export interface Window {
  since: string | null;
  until: string | null;
}

const pgTime = (iso: string | null): string | null => (iso === null ? null : isoToPgTimestamp(iso));
const window = (w: Window) => ({ from: w.since, until: w.until });

export class Rca {
  private readonly analyses: Analyses;

  constructor(readonly db: Db) {
    this.analyses = new Analyses(db, 'reporting');
  }

  private async scenario(idText: string): Promise<{ scenario_id: string; scenario_name: string; scenario_status: string; model_id: string }> {
    const id = requireUuid(idText, 'scenario id');
    const rows = await this.db.query<{ scenario_id: string; scenario_name: string; scenario_status: string; model_id: string }>(sqlText('queries/reporting/rca_scenario'), [id]);
    if (!rows[0]) throw new NotFoundError(`unknown scenario id ${id}`);
    return rows[0];
  }

  private async cards(ids: readonly string[]): Promise<Map<string, RunCardRow>> {
    const rows = await this.db.query<RunCardRow>(sqlText('queries/reporting/rca_run_cards'), [[...ids]]);
    return new Map(rows.map((r) => [r.run_id, r]));
  }

  /** GET /rca/scenario/{id}/audit-trail: one page of the unified timeline, oldest first; total = rows matching. */
  async auditTrail(scenarioId: string, o: Window & { sources?: readonly string[]; eventTypes?: readonly string[]; user?: string; limit: number; offset: number }): Promise<AuditTrail> {
    const s = await this.scenario(scenarioId);
    const filters = [s.scenario_id, pgTime(o.since), pgTime(o.until), o.sources?.length ? [...o.sources] : null, o.eventTypes?.length ? [...o.eventTypes] : null, o.user ?? null];
    const [items, count] = await Promise.all([
      this.db.query<AuditEntry>(sqlText('queries/reporting/rca_audit_trail'), [...filters, o.limit, o.offset]),
      this.db.query<{ total: number }>(sqlText('queries/reporting/rca_audit_trail_count'), filters),
    ]);
    return {
      scenario_id: s.scenario_id,
      ...window(o),
      total: Number(count[0]?.total ?? 0),
      limit: o.limit,
      offset: o.offset,
      items: items.map((e) => ({ ...e, error_category: designOf(e.error_category, null, null), metadata: e.metadata ?? {} })),
    };
  }

  /** GET /rca/scenario/{id}/state-changes: transitions in time order; the scenario's status now. */
  async stateChanges(scenarioId: string, o: Window & { entity?: 'scenario' | 'run' }): Promise<StateChanges> {
    const s = await this.scenario(scenarioId);
    const items = await this.db.query<StateChange>(sqlText('queries/reporting/rca_state_changes'), [s.scenario_id, pgTime(o.since), pgTime(o.until), o.entity ?? null]);
    return { scenario_id: s.scenario_id, current_state: s.scenario_status, ...window(o), items: items.map((c) => ({ ...c, entity: c.entity === 'run' ? 'run' : 'scenario' })) };
  }

  /**
   * GET /rca/user/{id}/journey: the user's sessions, velocity and latest `limit` actions (in
   * time order) in the window; by default the 30 days up to the user's latest action.
   */
  async journey(userId: string, o: Window & { limit: number }): Promise<UserJourney> {
    const [known] = await this.db.query<{ known: boolean; last_action_at: string | null }>(sqlText('queries/reporting/rca_user'), [userId]);
    if (!known?.known) throw new NotFoundError(`unknown user '${userId.length > 60 ? `${userId.slice(0, 60)}…` : userId}'`);
    const last = known.last_action_at;
    const until = o.until ?? (last !== null && (o.since === null || Date.parse(last) >= Date.parse(o.since)) ? last : o.since);
    const since = o.since ?? (until !== null ? new Date(Date.parse(until) - JOURNEY_DAYS * DAY_MS).toISOString() : null);
    const empty: UserJourney = {
      user_id: userId,
      from: since,
      until,
      velocity: { actions: 0, active_days: 0, actions_per_day: 0, scenarios_touched: 0, sessions: 0, most_common_actions: [] },
      sessions: [],
      actions: [],
      truncated: false,
    };
    if (since === null || until === null) return empty;
    const range = [userId, pgTime(since), pgTime(until)];
    type SessionRow = JourneySession & { total_actions: number; active_days: number; scenarios_touched: number; most_common_actions: Array<{ action_type: string; count: number }> };
    const [actions, rows] = await Promise.all([
      this.db.query<JourneyAction>(sqlText('queries/reporting/rca_user_actions'), [...range, o.limit + 1]),
      this.db.query<SessionRow>(sqlText('queries/reporting/rca_user_sessions'), range),
    ]);
    const v = rows[0];
    const n = Number(v?.total_actions ?? 0);
    const days = Number(v?.active_days ?? 0);
    return {
      ...empty,
      velocity: {
        actions: n,
        active_days: days,
        actions_per_day: days === 0 ? 0 : Math.round((n / days) * 100) / 100,
        scenarios_touched: Number(v?.scenarios_touched ?? 0),
        sessions: rows.length,
        most_common_actions: v?.most_common_actions ?? [],
      },
      sessions: rows.map((x) => ({ session_id: x.session_id, started_at: x.started_at, ended_at: x.ended_at, duration_seconds: x.duration_seconds, actions: Number(x.actions), scenarios: x.scenarios })),
      actions: actions.slice(0, o.limit).reverse(),
      truncated: actions.length > o.limit,
    };
  }

  /**
   * GET /rca/run/{id}/diagnostics: the run card, its failed nodes, its log records (at `level`
   * or above, oldest first, at most `logLimit`), the first stack trace and the verdict on its
   * failure, the error records of fact_cloudwatch_log as evidence (none when the table holds
   * no record of the run: the logs may not be loaded, which is not "no error in the logs").
   */
  async diagnostics(runIdText: string, o: { logLimit: number; level?: LogLevelFilter }): Promise<RunDiagnostics> {
    const id = requireUuid(runIdText, 'run id');
    const rank = levelRank(o.level);
    // One round trip: an unknown run has no logs or nodes either.
    const [cards, logs, counts, nodes] = await Promise.all([
      this.cards([id]),
      this.db.query<LogRecord>(sqlText('queries/reporting/rca_run_logs'), [id, rank, o.logLimit]),
      this.db.query<{ records: number; matching: number; errors: number; error_texts: string[]; first_stack_trace: string | null }>(sqlText('queries/reporting/rca_run_log_counts'), [id, rank]),
      this.db.query<Omit<FailedNode, 'error_category'> & { error_category_detail: string | null }>(sqlText('queries/reporting/rca_run_failed_nodes'), [id]),
    ]);
    const row = cards.get(id);
    if (!row) throw new NotFoundError(`unknown run id ${id}`);
    const c = counts[0] ?? { records: 0, matching: 0, errors: 0, error_texts: [], first_stack_trace: null };
    const verdict = isFailedRun(row.run_status)
      ? await this.analyses.explain(id, Number(c.records) > 0 ? { logErrors: c.error_texts } : {})
      : noFailureVerdict(row.run_status);
    return {
      run: runCard(row),
      failed_nodes: nodes.map(({ error_category_detail, ...n }) => ({ ...n, error_category: designOf(null, error_category_detail, n.fail_reason) })),
      logs: {
        from: 'reporting',
        total: Number(c.matching),
        errors: Number(c.errors),
        items: logs.map((l) => ({ ...l, log_source: l.log_source === 'cloudwatch' ? 'cloudwatch' : 'files', error_category: designOf(l.error_category, null, null) })),
        truncated: Number(c.matching) > logs.length,
      },
      stack_trace: row.stack_trace ?? c.first_stack_trace,
      previous_success_run_id: row.previous_success_run_id,
      confidence: verdict.confidence,
      verdict: verdict.verdict,
    };
  }

  /**
   * GET /rca/scenario/{id}/run-comparison: by default the last success vs the first failure
   * after it (the engine's failurePair and diff: the pair and ranking of `diff --scenario`);
   * with `fromRun` and `toRun`, any two runs of the scenario. No pair (never failed, or no
   * success before the failure) is an answer: comparable false and why.
   */
  async comparison(scenarioId: string, o: { fromRun?: string; toRun?: string }): Promise<RunComparison> {
    const s = await this.scenario(scenarioId);
    if ((o.fromRun === undefined) !== (o.toRun === undefined)) {
      throw new UserError('from_run and to_run go together: give both to compare two chosen runs, or neither for the last success vs the first failure');
    }
    let pair: [string, string];
    if (o.fromRun !== undefined && o.toRun !== undefined) {
      const ids = [requireUuid(o.fromRun, 'from_run'), requireUuid(o.toRun, 'to_run')] as const;
      const cards = await this.cards(ids);
      for (const [name, rid] of [['from_run', ids[0]], ['to_run', ids[1]]] as const) {
        const card = cards.get(rid);
        if (!card) throw new NotFoundError(`unknown run id ${rid}`);
        if (card.scenario_id !== s.scenario_id) throw new UserError(`${name} ${rid} is a run of scenario ${card.scenario_id}, not of scenario ${s.scenario_id}`);
      }
      pair = [ids[0], ids[1]];
    } else {
      const { lastSuccess, firstFailure } = await this.analyses.failurePair(s.scenario_id);
      const none = (reason: string, to: RunCard | null): RunComparison => ({
        scenario_id: s.scenario_id,
        comparable: false,
        reason,
        selection: 'default',
        from_run: null,
        to_run: to,
        time_gap_seconds: null,
        input_changes: [],
        failure_delta: null,
        confidence: 'none',
        verdict: { kind: 'unknown', node_id: null, summary: reason },
      });
      if (!firstFailure) return none(`scenario ${s.scenario_id} has never failed: there is no failure to compare with a success`, null);
      if (!lastSuccess) {
        const card = (await this.cards([firstFailure.run_id])).get(firstFailure.run_id)!;
        return none(`scenario ${s.scenario_id} has no successful run before its first failure (run ${firstFailure.run_id}): there is no success to compare it with`, runCard(card));
      }
      pair = [lastSuccess.run_id, firstFailure.run_id];
    }
    const [cards, diff] = await Promise.all([this.cards(pair), this.analyses.diff(pair[0], pair[1])]);
    const from = runCard(cards.get(pair[0])!);
    const to = runCard(cards.get(pair[1])!);
    return {
      scenario_id: s.scenario_id,
      comparable: true,
      reason: null,
      selection: o.fromRun !== undefined ? 'chosen' : 'default',
      from_run: from,
      to_run: to,
      time_gap_seconds: secondsBetween(from.run_at, to.run_at),
      input_changes: inputChangesOf(diff),
      failure_delta: failureDeltaOf(diff, from, to),
      confidence: diff.confidence,
      verdict: diff.verdict,
    };
  }

  /** GET /rca/errors/top-categories: failed runs started in the window per design category. */
  async topCategories(o: Window & { modelId?: string; limit: number }): Promise<TopCategories> {
    const rows = await this.db.query<CategoryGroupRow>(sqlText('queries/reporting/rca_top_categories'), [pgTime(o.since), pgTime(o.until), o.modelId ? requireUuid(o.modelId, 'model_id') : null]);
    return topCategoriesOf(
      rows.map((r) => ({ ...r, failures: Number(r.failures) })),
      window(o),
      o.limit,
    );
  }

  /** GET /rca/scenario/{id}/error-summary: the scenario's failures of runs started in the window. */
  async errorSummary(scenarioId: string, o: Window): Promise<ErrorSummary> {
    const s = await this.scenario(scenarioId);
    const range = [s.scenario_id, pgTime(o.since), pgTime(o.until)];
    const [runs, nodes, logs] = await Promise.all([
      this.db.query<SummaryRunRow>(sqlText('queries/reporting/rca_error_summary'), range),
      this.db.query<{ node_id: string; node_name: string | null; failures: number }>(sqlText('queries/reporting/rca_error_summary_nodes'), range),
      this.db.query<{ log_errors: number }>(sqlText('queries/reporting/rca_error_summary_logs'), range),
    ]);
    return errorSummaryOf(s, window(o), runs, nodes.map((n) => ({ ...n, failures: Number(n.failures) })), Number(logs[0]?.log_errors ?? 0));
  }
}
