import assert from 'node:assert/strict';
import { categorizeFailure, categorizeText, CATEGORY_RULES, ERROR_CATEGORIES, type ErrorCategory } from '../../../src/core/errorCategory';

/** Real-looking messages from the engine (Python), Java services, PostgreSQL and the platform. */
const CASES: Array<[string, ErrorCategory]> = [
  // timeouts
  ["Timeout: node 'Patient flow simulation' exceeded 900 s", 'timeout'],
  ['psycopg2.errors.QueryCanceled: canceling statement due to statement timeout', 'timeout'],
  ['asyncio.exceptions.TimeoutError', 'timeout'],
  ['grpc: DEADLINE_EXCEEDED in call to pricing service', 'timeout'],
  // database
  ['org.postgresql.util.PSQLException: ERROR: relation "fc_scenario_result" does not exist', 'database'],
  ['ERROR:  duplicate key value violates unique constraint "fc_result_pkey"', 'database'],
  ['sqlalchemy.exc.IntegrityError: (psycopg2.errors.NotNullViolation) null value in column "value" violates not-null constraint', 'database'],
  ['psycopg2.errors.UndefinedColumn: column "peak_year" does not exist', 'database'],
  // infrastructure
  ["MemoryError: calc worker exceeded 4096 MB while evaluating node 'Peak share'", 'infrastructure'],
  ['java.lang.OutOfMemoryError: Java heap space', 'infrastructure'],
  ['Container calc-worker-7 was OOMKilled (exit code 137)', 'infrastructure'],
  ["ConnectionError: lost connection to calc worker calc-7 during node 'Net revenue'", 'infrastructure'],
  ['HTTPError: 503 Server Error: Service Unavailable for url: http://calc-api/v1/run', 'infrastructure'],
  ['upstream returned HTTP 502 Bad Gateway', 'infrastructure'],
  ['OSError: [Errno 28] No space left on device', 'infrastructure'],
  // infrastructure, one per kind the verdict names (text and SQLSTATE codes)
  ["DatabaseError: deadlock detected while writing results of node 'Net revenue'", 'infrastructure'],
  ['ERROR: could not serialize access due to concurrent update (SQLSTATE 40001)', 'infrastructure'],
  ['psycopg2.errors.InternalError: ERROR (pgcode=40P01) while writing results', 'infrastructure'],
  ['psycopg2.OperationalError: could not connect to server: Connection refused\n\tIs the server running on host "db" and accepting TCP/IP connections on port 5432?', 'infrastructure'],
  ['psycopg2.OperationalError: server closed the connection unexpectedly', 'infrastructure'],
  ['FATAL:  sorry, too many clients already', 'infrastructure'],
  ['PSQLException: ERROR: could not write to file (SQLSTATE 53100)', 'infrastructure'],
  ['celery.exceptions.WorkerLostError: Worker exited prematurely: exitcode 1', 'infrastructure'],
  ['calc worker calc-4 stopped responding (missed heartbeats)', 'infrastructure'],
  ['botocore.exceptions.ReadTimeoutError: Read timeout on endpoint URL: "https://s3.eu-west-1.amazonaws.com/fc-results"', 'infrastructure'],
  ['java.net.SocketTimeoutException: Read timed out', 'infrastructure'],
  ['requests.exceptions.ReadTimeout: HTTPConnectionPool(host=calc-3, port=8080): Read timed out. (read timeout=60)', 'infrastructure'],
  ['engine: run exceeded the time limit of the queue', 'infrastructure'],
  ['Run waited in the queue for 42 min: no calc workers available', 'infrastructure'],
  ['grpc: DEADLINE_EXCEEDED while waiting for worker', 'infrastructure'],
  // validation
  ["ValidationError: growth rate -1.5 for year 2028 outside [-1, 1] in node 'Market growth rate'", 'validation'],
  ["SchemaError: unexpected field 'comment' in input 'Region mapping'", 'validation'],
  ["ValidationError: input 'Price' has 3 value(s) outside the allowed range for 2029", 'validation'],
  ['pydantic_core._pydantic_core.ValidationError: 1 validation error for NodeInput', 'validation'],
  ['javax.validation.ConstraintViolationException: rate: must be between 0 and 1', 'validation'],
  ['java.lang.IllegalArgumentException: horizon must be positive', 'validation'],
  // data
  ["KeyError: 'region_code' missing in mapping for node 'Price erosion'", 'data'],
  ["TypeError: cannot read property 'share' of null in node 'Peak share'", 'data'],
  ["TypeError: unsupported operand type(s) for *: 'NoneType' and 'float' in node 'Net revenue'", 'data'],
  ["AttributeError: 'NoneType' object has no attribute 'values'", 'data'],
  ['IndexError: list index 31 out of range in node \'Uptake curve\'', 'data'],
  ['java.lang.NullPointerException: Cannot invoke "java.util.Map.get(Object)" because "rates" is null', 'data'],
  ['json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)', 'data'],
  ["KeyError: 'CHF' not found in FX table for node 'Net price'", 'data'],
  // calculation
  ["ZeroDivisionError: division by zero in node 'Treated patients' (denominator eligible_pop = 0)", 'calculation'],
  ['java.lang.ArithmeticException: / by zero', 'calculation'],
  ["OverflowError: math range error in node 'Epidemiology' (year 2031)", 'calculation'],
  ["ValueError: negative volume for year 2029 in node 'Volume'", 'calculation'],
  ["RuntimeError: circular reference between 'Share' and 'Volume'", 'calculation'],
  ['numpy.linalg.LinAlgError: Singular matrix', 'calculation'],
  ['solver did not converge after 500 iterations', 'calculation'],
  // other
  ['Run failed', 'other'],
  ['engine exited unexpectedly', 'other'],
];

describe('error categories', () => {
  for (const [text, expected] of CASES) {
    it(`${expected}: ${text.split('\n')[0].slice(0, 90)}`, () => {
      assert.equal(categorizeText(text).category, expected);
    });
  }

  it('covers every category in the table and in the test cases', () => {
    const inRules = new Set(CATEGORY_RULES.map((r) => r.category));
    for (const c of ERROR_CATEGORIES) {
      if (c !== 'other') assert.ok(inRules.has(c), `no rule for ${c}`);
      assert.ok(CASES.some(([, e]) => e === c), `no case for ${c}`);
    }
  });

  it('names the infrastructure kind; a SQLSTATE-like number without its label is not a code', () => {
    assert.equal(categorizeText('ERROR: deadlock detected (SQLSTATE 40P01)').rule, 'a deadlock');
    assert.equal(categorizeText('MemoryError while evaluating node X').rule, 'an out-of-memory kill');
    assert.equal(categorizeText('disk full on /var/lib/calc').rule, 'a full disk');
    assert.equal(categorizeText('ValidationError: value 40001 outside [0, 100]').category, 'validation');
    assert.equal(categorizeText('row 53100 of the price table').category, 'other');
  });

  it('a timed-out run is a timeout unless its text names an infrastructure kind', () => {
    assert.deepEqual(categorizeFailure({ status: 'timeout', fail_reason: 'Run waited in the queue for 42 min' }), {
      category: 'infrastructure',
      rule: 'a queue wait',
      from: 'fail_reason',
    });
    assert.deepEqual(categorizeFailure({ status: 'timeout', fail_reason: 'KeyError: x' }), { category: 'timeout', rule: 'run status timeout', from: 'status' });
    assert.equal(categorizeFailure({ status: 'success', fail_reason: null }), null);
  });

  it('uses the logs when the fail reason says nothing recognisable', () => {
    const c = categorizeFailure({
      status: 'failed',
      fail_reason: 'Run failed',
      log_errors: ['node step failed', 'calculation failed\nTraceback (most recent call last):\n  File "calc.py", line 3\nZeroDivisionError: division by zero'],
    });
    assert.deepEqual(c, { category: 'calculation', rule: 'calculation (arithmetic, convergence)', from: 'logs' });
    assert.deepEqual(categorizeFailure({ status: 'failed', fail_reason: 'Run failed', log_errors: ['something odd'] }), { category: 'other', rule: null, from: null });
  });

  it('the fail reason wins over the logs', () => {
    assert.equal(categorizeFailure({ status: 'failed', fail_reason: 'KeyError: x', log_errors: ['deadlock detected'] })?.category, 'data');
  });
});
