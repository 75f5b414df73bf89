/**
 * The health verdict (health.ts HealthReport) as JSON Schema (TypeBox): the answer of
 * `GET /health` in the OpenAPI document. The only open objects of the API: fields added to
 * the report later are served and allowed (`additionalProperties: true`), the ones here are
 * required. `HealthReport` must stay assignable to `HealthReportJson` (checked below), so a
 * change of a field here or there fails the type check.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { HealthMetric, HealthMetricName, HealthReport } from './health';

const open = { additionalProperties: true } as const;
const Status = Type.Unsafe<'ok' | 'warning' | 'critical'>({ type: 'string', enum: ['ok', 'warning', 'critical'], description: 'ok, warning or critical (the worst of the checks)' });

export const HealthReportSchema = Type.Object(
  {
    status: Status,
    checks: Type.Array(
      Type.Object(
        {
          name: Type.String({ description: 'the check (data_age, consecutive_failures, duration, row_counts, …)', examples: ['data_age'] }),
          status: Status,
          detail: Type.String({ description: 'one sentence for people', examples: ['last successful load 4 min ago (limit 30 min)'] }),
        },
        open,
      ),
    ),
    success_rate: Type.Object(
      {
        window: Type.Integer({ minimum: 1, description: 'run-log rows read at most' }),
        runs: Type.Integer({ minimum: 0, description: 'run-log rows in the window' }),
        succeeded: Type.Integer({ minimum: 0 }),
        failed: Type.Integer({ minimum: 0 }),
        cancelled: Type.Integer({ minimum: 0 }),
        rate: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], { description: 'succeeded / (succeeded + failed); null when no run finished' }),
        since: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'when the oldest run of the window started' }),
      },
      open,
    ),
    metrics: Type.Array(
      Type.Object(
        {
          name: Type.Union(['etl_success_rate', 'data_freshness', 'row_count_growth', 'etl_duration'].map((n) => Type.Literal(n as HealthMetricName))),
          status: Status,
          value: Type.Union([Type.Number(), Type.Null()], { description: 'the measure in `unit` (null: nothing to measure yet)' }),
          unit: Type.Union(['percent', 'minutes', 'percent_deviation', 'seconds'].map((u) => Type.Literal(u as HealthMetric['unit']))),
          target: Type.String({ description: "the design's target in words", examples: ['> 99 %'] }),
          detail: Type.String({ description: 'one sentence for people' }),
          facts: Type.Record(Type.String(), Type.Union([Type.Number(), Type.String(), Type.Null()]), { description: 'what else the metric measured (per metric: docs/operations.md)' }),
        },
        open,
      ),
      { description: "the design's four metrics, in this order: etl_success_rate, data_freshness, row_count_growth, etl_duration" },
    ),
  },
  {
    ...open,
    $id: 'HealthReport',
    description: 'The ETL\'s health verdict (clearsight-rca health --json). More fields may be added.',
    examples: [
      {
        status: 'ok',
        checks: [
          { name: 'data_age', status: 'ok', detail: 'last successful load 4 min ago (limit 30 min)' },
          { name: 'consecutive_failures', status: 'ok', detail: 'the last run succeeded' },
          { name: 'duration', status: 'ok', detail: 'last incremental run took 3 s; median of the 10 before: 3 s' },
          { name: 'row_counts', status: 'ok', detail: 'every table within a factor 2 of the run before' },
        ],
        success_rate: { window: 60, runs: 60, succeeded: 60, failed: 0, cancelled: 0, rate: 1, since: '2026-12-06T05:00:00.000Z' },
        metrics: [
          { name: 'etl_success_rate', status: 'ok', value: 100, unit: 'percent', target: '> 99 %', detail: '60 of the last 60 finished runs succeeded', facts: { window: 60, finished: 60, succeeded: 60, failed: 0, failed_in_a_row: 0, since: '2026-12-06T05:00:00.000Z' } },
          { name: 'data_freshness', status: 'ok', value: 4, unit: 'minutes', target: '< 30 min', detail: 'last successful load 4 min ago', facts: { last_success_at: '2026-12-06T19:56:00.000Z' } },
        ],
      },
    ],
  },
);

export type HealthReportJson = Static<typeof HealthReportSchema>;

/** The report as served: a compile-time check that the type keeps the schema's fields. */
export const healthJson = (h: HealthReport): HealthReportJson => h;
