/**
 * The design's four error categories (src/core/errorCategory.ts designCategory) as the ETL
 * writes them: dim_run.design_category, which fact_run_diagnostic.error_category copies.
 * Every one of our categories and every infrastructure kind, with the expected values written
 * out (docs: the mapping table of errorCategory.ts).
 */
import assert from 'node:assert/strict';
import { categorizeText, designCategory, DESIGN_CATEGORIES, ERROR_CATEGORIES, INFRASTRUCTURE_RULES, type DesignCategory, type ErrorCategory } from '../../../src/core/errorCategory';
import type { SrcRun } from '../../../src/core/events';
import { PLAIN } from '../../../src/etl/rows';
import { DIM_RUN, toColumns } from '../../../src/etl/tables';

/** [status, fail reason, our category, infrastructure kind (null: none), the design's category]. */
const CASES: Array<[string, string | null, ErrorCategory, string | null, DesignCategory]> = [
  ['timeout', "Timeout: node 'Patient flow simulation' exceeded 900 s", 'timeout', null, 'timeout'],
  ['failed', 'grpc: DEADLINE_EXCEEDED in call to pricing service', 'timeout', null, 'timeout'],
  ['failed', "ValidationError: growth rate -1.5 for year 2028 outside [-1, 1] in node 'Market growth rate'", 'validation', null, 'validation'],
  ['failed', "KeyError: 'region_code' missing in mapping for node 'Price erosion'", 'data', null, 'validation'],
  ['failed', "ZeroDivisionError: division by zero in node 'Treated patients'", 'calculation', null, 'calculation'],
  ['failed', 'org.postgresql.util.PSQLException: ERROR: relation "fc_scenario_result" does not exist', 'database', null, 'database'],
  ['failed', 'engine exited unexpectedly', 'other', null, 'calculation'],
  ['failed', null, 'other', null, 'calculation'],
  // Infrastructure, one per kind.
  ['failed', "MemoryError: calc worker exceeded 4096 MB while evaluating node 'Peak share'", 'infrastructure', 'an out-of-memory kill', 'calculation'],
  ['failed', "DatabaseError: deadlock detected while writing results of node 'Net revenue'", 'infrastructure', 'a deadlock', 'database'],
  ['failed', 'OSError: [Errno 28] No space left on device', 'infrastructure', 'a full disk', 'database'],
  ['failed', 'celery.exceptions.WorkerLostError: Worker exited prematurely: exitcode 1', 'infrastructure', 'a lost worker', 'calculation'],
  ['failed', 'botocore.exceptions.ReadTimeoutError: Read timeout on endpoint URL: "https://s3.eu-west-1.amazonaws.com/fc-results"', 'infrastructure', 'a cloud read timeout', 'timeout'],
  ['timeout', 'Run waited in the queue for 42 min: no calc workers available', 'infrastructure', 'a queue wait', 'timeout'],
  ['failed', 'psycopg2.OperationalError: server closed the connection unexpectedly', 'infrastructure', 'a dropped connection', 'database'],
  ['failed', 'HTTPError: 503 Server Error: Service Unavailable for url: http://calc-api/v1/run', 'infrastructure', 'a platform service error', 'calculation'],
  // A timed-out run whose text names no infrastructure kind is a timeout, whatever the text.
  ['timeout', "KeyError: 'x'", 'timeout', null, 'timeout'],
];

const run = (status: string, reason: string | null): SrcRun => ({
  id: '00000000-0000-4000-8000-000000000001',
  scenario_id: '00000000-0000-4000-8000-000000000002',
  run_status: status,
  run_at: '2026-11-20T10:00:00.000Z',
  run_complete_at: '2026-11-20T10:05:00.000Z',
  run_by: 'a.user',
  run_req_id: null,
  fail_reason: reason,
});

describe("the design's error categories (designCategory, dim_run.design_category)", () => {
  const column = (name: string): number => DIM_RUN.columns.findIndex((c) => c.name === name);

  for (const [status, reason, ours, kind, design] of CASES) {
    it(`${status} ${ours}${kind ? ` (${kind})` : ''} → ${design}`, () => {
      assert.equal(designCategory(ours, reason), design);
      if (ours === 'infrastructure') assert.equal(categorizeText(reason).rule, kind, 'the text is of the kind named');
      const cols = toColumns(DIM_RUN, [run(status, reason)], PLAIN);
      assert.equal(cols[column('error_category')][0], ours, 'our category, as the ETL loads it');
      assert.equal(cols[column('design_category')][0], design, "the design's, as the ETL loads it");
    });
  }

  it('covers every one of our categories, every infrastructure kind, and lands on each of the four', () => {
    assert.deepEqual([...new Set(CASES.map((c) => c[2]))].sort(), [...ERROR_CATEGORIES].sort());
    const kinds = [...INFRASTRUCTURE_RULES.map((r) => r.name), 'a platform service error'];
    assert.deepEqual([...new Set(CASES.map((c) => c[3]).filter((k) => k !== null))].sort(), kinds.sort());
    assert.deepEqual([...new Set(CASES.map((c) => c[4]))].sort(), [...DESIGN_CATEGORIES].sort());
  });

  it('a run that did not fail has no category: null stays null', () => {
    assert.equal(designCategory(null, 'anything'), null);
    for (const status of ['success', 'running', 'queued']) {
      const cols = toColumns(DIM_RUN, [run(status, null)], PLAIN);
      assert.equal(cols[column('design_category')][0], null, status);
    }
  });

  it('an infrastructure failure whose text names no kind is a calculation', () => {
    assert.equal(designCategory('infrastructure', 'something odd'), 'calculation');
    assert.equal(designCategory('infrastructure', null), 'calculation');
  });
});
