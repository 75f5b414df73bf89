/**
 * The answers of the design's seven `/rca/...` endpoints (`serve`), as JSON Schema (TypeBox)
 * with their TypeScript types derived from them: one source of truth for the engine functions
 * that build them (src/engine/rca/), the OpenAPI document (src/api) and the tests that validate
 * every response against that document. Every field is required (a missing value is `null`),
 * objects are closed (`additionalProperties: false`) except the free-form `metadata`.
 * Timestamps: ISO 8601 UTC with `Z`. Categories: the design's four (core/errorCategory
 * `designCategory`), with ours as `*_detail`.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { DESIGN_CATEGORIES, ERROR_CATEGORIES } from '../../core/errorCategory';

const closed = { additionalProperties: false } as const;
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
/**
 * A named schema used inside another: a `$ref` to its `$id` (each named schema is registered on
 * its own: Fastify's addSchema, the OpenAPI components, ajv in the tests), typed as the schema.
 * A schema inlined twice in one document would declare its `$id` twice, which ajv refuses.
 */
const RefTo = <T extends TSchema>(t: T) => Type.Unsafe<Static<T>>(Type.Ref(t.$id!));
export const Uuid = Type.String({ format: 'uuid', description: 'a UUID (lower case)' });
export const Timestamp = Type.String({ format: 'date-time', description: 'ISO 8601 UTC with Z', examples: ['2026-11-20T09:14:03.120Z'] });
export const DesignCategorySchema = Type.Union(DESIGN_CATEGORIES.map((c) => Type.Literal(c)), { description: 'the design\'s error category' });
export const DetailCategorySchema = Type.Union(ERROR_CATEGORIES.map((c) => Type.Literal(c)), { description: 'our finer error category' });
const Metadata = Type.Record(Type.String(), Type.Unknown(), { description: 'free-form details (JSONB)' });

/** The verdict on a failure (src/core/culprit/verdict.ts), as `explain --json` has it. */
export const VerdictFields = {
  confidence: Type.Union([Type.Literal('strong'), Type.Literal('weak'), Type.Literal('none')], { description: 'how sure the verdict is' }),
  verdict: Type.Object(
    {
      kind: Type.Union([Type.Literal('input'), Type.Literal('infrastructure'), Type.Literal('unknown')]),
      node_id: Nullable(Uuid),
      summary: Type.String({ description: 'one plain sentence (names and data as Markdown code spans)' }),
    },
    closed,
  ),
};

/** A window the answer covers (the request's `since` / `until`, or the defaults). */
const Window = { from: Nullable(Timestamp), until: Nullable(Timestamp) };
/** Paging of a list. */
const Page = { total: Type.Integer({ minimum: 0 }), limit: Type.Integer({ minimum: 1 }), offset: Type.Integer({ minimum: 0 }) };

// 1. GET /rca/scenario/{id}/audit-trail
export const AUDIT_SOURCES = ['event', 'state_change', 'user_action', 'run_diagnostic', 'log'] as const;
export const AuditEntry = Type.Object(
  {
    audit_key: Type.String({ description: '<source>:<natural key>, unique' }),
    source: Type.Union(AUDIT_SOURCES.map((s) => Type.Literal(s))),
    timestamp: Timestamp,
    event_type: Type.String({ examples: ['RUN_FAILED', 'SCENARIO_SUBMITTED', 'LOG_ERROR'] }),
    user_id: Nullable(Type.String()),
    run_id: Nullable(Uuid),
    node_id: Nullable(Uuid),
    correlation_id: Nullable(Type.String()),
    description: Type.String(),
    error_category: Nullable(DesignCategorySchema),
    metadata: Metadata,
  },
  { ...closed, $id: 'AuditEntry' },
);
export const AuditTrail = Type.Object({ scenario_id: Uuid, ...Window, ...Page, items: Type.Array(RefTo(AuditEntry)) }, { ...closed, $id: 'AuditTrail' });

// 2. GET /rca/scenario/{id}/state-changes
export const StateChange = Type.Object(
  {
    entity: Type.Union([Type.Literal('scenario'), Type.Literal('run')]),
    run_id: Nullable(Uuid),
    from_state: Nullable(Type.String()),
    to_state: Type.String({ examples: ['submitted', 'failed'] }),
    changed_at: Timestamp,
    changed_by: Nullable(Type.String()),
    request_id: Nullable(Uuid),
    seconds_in_previous_state: Nullable(Type.Number()),
  },
  { ...closed, $id: 'StateChange' },
);
export const StateChanges = Type.Object(
  { scenario_id: Uuid, current_state: Type.String({ description: 'the scenario\'s status now (draft, submitted, locked, …)' }), ...Window, items: Type.Array(RefTo(StateChange)) },
  { ...closed, $id: 'StateChanges' },
);

// 3. GET /rca/user/{id}/journey
export const JourneyAction = Type.Object(
  {
    action_at: Timestamp,
    action_type: Type.String({ examples: ['INPUT_CHANGED', 'RUN_STARTED'] }),
    scenario_id: Uuid,
    scenario_name: Nullable(Type.String()),
    run_id: Nullable(Uuid),
    node_id: Nullable(Uuid),
    description: Type.String(),
    session_id: Type.String(),
  },
  { ...closed, $id: 'JourneyAction' },
);
export const JourneySession = Type.Object(
  {
    session_id: Type.String({ description: '<user id>/<start ISO>; a session ends after 30 minutes without an action' }),
    started_at: Timestamp,
    ended_at: Timestamp,
    duration_seconds: Type.Number({ minimum: 0 }),
    actions: Type.Integer({ minimum: 1 }),
    scenarios: Type.Array(Uuid),
  },
  { ...closed, $id: 'JourneySession' },
);
export const Velocity = Type.Object(
  {
    actions: Type.Integer({ minimum: 0 }),
    active_days: Type.Integer({ minimum: 0 }),
    actions_per_day: Type.Number({ minimum: 0, description: 'actions ÷ active days (0 when none)' }),
    scenarios_touched: Type.Integer({ minimum: 0 }),
    sessions: Type.Integer({ minimum: 0 }),
    most_common_actions: Type.Array(Type.Object({ action_type: Type.String(), count: Type.Integer({ minimum: 1 }) }, closed)),
  },
  { ...closed, $id: 'Velocity' },
);
export const UserJourney = Type.Object(
  { user_id: Type.String(), ...Window, velocity: RefTo(Velocity), sessions: Type.Array(RefTo(JourneySession)), actions: Type.Array(RefTo(JourneyAction)), truncated: Type.Boolean({ description: 'more actions than `limit` in the window' }) },
  { ...closed, $id: 'UserJourney' },
);

// 4. GET /rca/run/{id}/diagnostics
export const RunCard = Type.Object(
  {
    run_id: Uuid,
    scenario_id: Uuid,
    scenario_name: Nullable(Type.String()),
    run_status: Type.String({ examples: ['failed', 'success', 'timeout'] }),
    run_at: Timestamp,
    run_complete_at: Nullable(Timestamp),
    duration_seconds: Nullable(Type.Number()),
    run_by: Nullable(Type.String()),
    request_id: Nullable(Uuid),
    fail_reason: Nullable(Type.String()),
    error_category: Nullable(DesignCategorySchema),
    error_category_detail: Nullable(DetailCategorySchema),
    total_nodes: Type.Integer({ minimum: 0 }),
    failed_nodes: Type.Integer({ minimum: 0 }),
  },
  { ...closed, $id: 'RunCard' },
);
export const FailedNode = Type.Object(
  {
    node_id: Uuid,
    node_name: Nullable(Type.String()),
    node_type: Nullable(Type.String()),
    fail_reason: Nullable(Type.String()),
    error_category: Nullable(DesignCategorySchema),
    processing_duration_sec: Nullable(Type.Number()),
  },
  { ...closed, $id: 'FailedNode' },
);
export const LogRecord = Type.Object(
  {
    timestamp: Timestamp,
    level: Nullable(Type.String()),
    message: Type.String(),
    stack_trace: Nullable(Type.String()),
    correlation_id: Nullable(Type.String()),
    log_source: Type.Union([Type.Literal('files'), Type.Literal('cloudwatch')]),
    origin: Type.String({ description: 'a file path, or `log group / log stream`' }),
    line_number: Nullable(Type.Integer()),
    error_category: Nullable(DesignCategorySchema),
  },
  { ...closed, $id: 'LogRecord' },
);
export const RunDiagnostics = Type.Object(
  {
    run: RefTo(RunCard),
    failed_nodes: Type.Array(RefTo(FailedNode)),
    logs: Type.Object(
      {
        from: Type.Literal('reporting', { description: 'fact_cloudwatch_log: a reader needs no AWS access' }),
        total: Type.Integer({ minimum: 0 }),
        errors: Type.Integer({ minimum: 0 }),
        items: Type.Array(RefTo(LogRecord)),
        truncated: Type.Boolean(),
      },
      closed,
    ),
    stack_trace: Nullable(Type.String({ description: 'the first stack trace of the run\'s error records' })),
    previous_success_run_id: Nullable(Uuid),
    ...VerdictFields,
  },
  { ...closed, $id: 'RunDiagnostics' },
);

// 5. GET /rca/scenario/{id}/run-comparison
export const InputChange = Type.Object(
  {
    node_id: Uuid,
    node_name: Nullable(Type.String()),
    change: Type.Union([Type.Literal('added'), Type.Literal('removed'), Type.Literal('changed')]),
    before_hash: Nullable(Type.String()),
    after_hash: Nullable(Type.String()),
    before_value: Type.Unknown({ description: 'the input in force at the first run (null when absent or withheld)' }),
    after_value: Type.Unknown({ description: 'the input in force at the second run' }),
    changed_at: Nullable(Timestamp),
    changed_by: Nullable(Type.String()),
    rank: Nullable(Type.Integer({ minimum: 1, description: 'its place in the culprit ranking (1 = most likely cause)' })),
  },
  { ...closed, $id: 'InputChange' },
);
export const FailureDelta = Type.Object(
  {
    status_before: Type.String(),
    status_after: Type.String(),
    failed_nodes_before: Type.Integer({ minimum: 0 }),
    failed_nodes_after: Type.Integer({ minimum: 0 }),
    newly_failed_nodes: Type.Array(Type.Object({ node_id: Uuid, node_name: Nullable(Type.String()) }, closed)),
    recovered_nodes: Type.Array(Type.Object({ node_id: Uuid, node_name: Nullable(Type.String()) }, closed)),
    fail_reason_before: Nullable(Type.String()),
    fail_reason_after: Nullable(Type.String()),
    duration_delta_seconds: Nullable(Type.Number()),
  },
  { ...closed, $id: 'FailureDelta' },
);
export const RunComparison = Type.Object(
  {
    scenario_id: Uuid,
    comparable: Type.Boolean({ description: 'false: there is no pair to compare (a scenario that never failed, or never succeeded before failing); `reason` says which' }),
    reason: Nullable(Type.String()),
    selection: Type.Union([Type.Literal('default'), Type.Literal('chosen')], { description: 'default: last success vs first failure after it; chosen: the runs of `from_run` / `to_run`' }),
    from_run: Nullable(RefTo(RunCard)),
    to_run: Nullable(RefTo(RunCard)),
    time_gap_seconds: Nullable(Type.Number({ description: 'to_run.run_at − from_run.run_at' })),
    input_changes: Type.Array(RefTo(InputChange)),
    failure_delta: Nullable(RefTo(FailureDelta)),
    ...VerdictFields,
  },
  { ...closed, $id: 'RunComparison' },
);

// 6. GET /rca/errors/top-categories
export const TopSignature = Type.Object(
  { signature: Type.String(), sample_reason: Type.String(), failures: Type.Integer({ minimum: 1 }), last_seen: Timestamp },
  { ...closed, $id: 'TopSignature' },
);
export const CategoryCount = Type.Object(
  {
    category: DesignCategorySchema,
    failures: Type.Integer({ minimum: 0, description: 'failed runs (failed or timeout) of this category in the window' }),
    share: Type.Number({ minimum: 0, maximum: 1 }),
    scenarios: Type.Integer({ minimum: 0 }),
    last_seen: Nullable(Timestamp),
    detail: Type.Array(Type.Object({ category_detail: DetailCategorySchema, failures: Type.Integer({ minimum: 1 }) }, closed)),
    top_signatures: Type.Array(RefTo(TopSignature)),
  },
  { ...closed, $id: 'CategoryCount' },
);
export const TopCategories = Type.Object(
  { ...Window, total_failures: Type.Integer({ minimum: 0 }), categories: Type.Array(RefTo(CategoryCount), { description: 'all four categories, most failures first' }) },
  { ...closed, $id: 'TopCategories' },
);

// 7. GET /rca/scenario/{id}/error-summary
export const ErrorSummary = Type.Object(
  {
    scenario_id: Uuid,
    scenario_name: Type.String(),
    ...Window,
    runs: Type.Integer({ minimum: 0 }),
    failed_runs: Type.Integer({ minimum: 0 }),
    first_failure_at: Nullable(Timestamp),
    last_failure_at: Nullable(Timestamp),
    categories: Type.Array(Type.Object({ category: DesignCategorySchema, failures: Type.Integer({ minimum: 1 }) }, closed)),
    signatures: Type.Array(
      Type.Object(
        { signature: Type.String(), sample_reason: Type.String(), failures: Type.Integer({ minimum: 1 }), first_seen: Timestamp, last_seen: Timestamp, run_ids: Type.Array(Uuid, { maxItems: 10 }) },
        closed,
      ),
    ),
    failing_nodes: Type.Array(Type.Object({ node_id: Uuid, node_name: Nullable(Type.String()), failures: Type.Integer({ minimum: 1 }) }, closed)),
    log_errors: Type.Integer({ minimum: 0, description: 'error records of its runs in fact_cloudwatch_log' }),
  },
  { ...closed, $id: 'ErrorSummary' },
);

export type AuditEntry = Static<typeof AuditEntry>;
export type AuditTrail = Static<typeof AuditTrail>;
export type StateChange = Static<typeof StateChange>;
export type StateChanges = Static<typeof StateChanges>;
export type JourneyAction = Static<typeof JourneyAction>;
export type JourneySession = Static<typeof JourneySession>;
export type Velocity = Static<typeof Velocity>;
export type UserJourney = Static<typeof UserJourney>;
export type RunCard = Static<typeof RunCard>;
export type FailedNode = Static<typeof FailedNode>;
export type LogRecord = Static<typeof LogRecord>;
export type RunDiagnostics = Static<typeof RunDiagnostics>;
export type InputChange = Static<typeof InputChange>;
export type FailureDelta = Static<typeof FailureDelta>;
export type RunComparison = Static<typeof RunComparison>;
export type TopSignature = Static<typeof TopSignature>;
export type CategoryCount = Static<typeof CategoryCount>;
export type TopCategories = Static<typeof TopCategories>;
export type ErrorSummary = Static<typeof ErrorSummary>;

/** Every response schema of the `/rca` routes (registered under their $id in the OpenAPI document). */
export const RCA_SCHEMAS = [AuditEntry, AuditTrail, StateChange, StateChanges, JourneyAction, JourneySession, Velocity, UserJourney, RunCard, FailedNode, LogRecord, RunDiagnostics, InputChange, FailureDelta, RunComparison, TopSignature, CategoryCount, TopCategories, ErrorSummary] as const;
