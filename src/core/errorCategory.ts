/**
 * Error categories of failed runs and failed node calculations.
 *
 * A failure is sorted into one category from its fail reason and, when that says too little,
 * from the error lines of its logs. The rules are an ordered table: the first rule whose
 * pattern matches the text wins, so the more specific causes come first:
 *
 * | order | category         | matches (case-insensitive)                                                          |
 * | ----- | ---------------- | ----------------------------------------------------------------------------------- |
 * | 1     | `infrastructure` | the platform, not the inputs (one named rule per kind, see INFRASTRUCTURE_RULES): a dropped connection, an out-of-memory kill, a deadlock, a full disk, a lost worker, a cloud read timeout, a queue wait; by text and by SQLSTATE code (`SQLSTATE 40P01`, `pgcode=53100`) |
 * | 2     | `timeout`        | timeouts of the engine, of a statement, of a socket or an HTTP call; deadline exceeded |
 * | 3     | `database`       | PostgreSQL errors (SQLSTATE, relation/column does not exist, constraint), psycopg2 / SQLAlchemy / JDBC errors |
 * | 4     | `infrastructure` | HTTP 5xx, throttling, name resolution, stopped tasks                                  |
 * | 5     | `validation`     | ValidationError, SchemaError, constraint violations of inputs, out of the allowed range, required / stale input |
 * | 6     | `data`           | a missing key, a wrong type or shape: KeyError, TypeError, AttributeError, IndexError, NullPointerException, ClassCastException, JSON decoding, null input |
 * | 7     | `calculation`    | arithmetic: division by zero, overflow, NaN, no convergence, circular reference, ValueError, ArithmeticException |
 * | 8     | `other`          | anything else                                                                        |
 *
 * A run whose status is `timeout` is a `timeout` whatever its text says, unless the text names
 * an infrastructure kind (a queue wait or a cloud read timeout is the platform's, not the run's).
 */
import { isFailedRun } from './runRules';

export const ERROR_CATEGORIES = ['timeout', 'validation', 'calculation', 'data', 'database', 'infrastructure', 'other'] as const;
export type ErrorCategory = (typeof ERROR_CATEGORIES)[number];

export interface CategoryRule {
  category: Exclude<ErrorCategory, 'other'>;
  /** What the rule recognises (documentation and `--json` explanations). */
  name: string;
  pattern: RegExp;
}

/** A PostgreSQL SQLSTATE written in a text: `SQLSTATE 40P01`, `pgcode=53100`, `(SQLSTATE: 08006)`. */
const sqlstate = (codes: string): string => `(?:sqlstate|pgcode|pgerror code|error code)\\W{0,3}(?:${codes})\\b`;

/**
 * Failures of the platform, not of the inputs, one rule per kind (the name is what the
 * verdict says the failure looks like). Applied before every other rule.
 */
export const INFRASTRUCTURE_RULES: readonly CategoryRule[] = [
  {
    category: 'infrastructure',
    name: 'an out-of-memory kill',
    pattern: new RegExp(
      String.raw`\bmemoryerror\b|outofmemoryerror|out of memory|cannot allocate memory|\boom[- ]?kill(?:ed|er)?\b|\bkilled\b|\bsigkill\b|signal 9\b|exit(?:ed with)? (?:code|status) 137\b|memory limit exceeded|exceeded (?:its |the )?memory limit|` +
        sqlstate('53200'),
      'i',
    ),
  },
  {
    category: 'infrastructure',
    name: 'a deadlock',
    pattern: new RegExp(String.raw`\bdeadlock(?: detected|found)?\b|could not serialize access|serialization failure|lock wait timeout|could not obtain lock|` + sqlstate('40P01|40001|55P03'), 'i'),
  },
  {
    category: 'infrastructure',
    name: 'a full disk',
    pattern: new RegExp(String.raw`no space left on device|\benospc\b|disk (?:is )?full|could not extend file|disk quota exceeded|` + sqlstate('53100'), 'i'),
  },
  {
    category: 'infrastructure',
    name: 'a lost worker',
    pattern:
      /\bworker ?lost(?:error)?\b|\blost (?:the )?(?:calc )?worker\b|worker (?:\S+ )?(?:died|crashed|lost|exited|disappeared|was lost|went away|stopped responding)|missed heartbeats?|heartbeat (?:timeout|lost|missed)|\bexecutor lost\b|\bnode (?:was )?(?:lost|preempted|evicted)\b|\bspot instance\b.*\b(?:interrupt|reclaim)|\bpod (?:\S+ )?(?:evicted|preempted)\b|\btask stopped\b|\bcontainer (?:\S+ )?(?:killed|exited)\b/i,
  },
  {
    category: 'infrastructure',
    name: 'a cloud read timeout',
    pattern:
      /\breadtimeout(?:error)?\b|\bconnecttimeout(?:error)?\b|read timed? ?out on endpoint|\bread timed out\b|\bread timeout\b|\bsocket ?timeout|\brequesttimeout(?:exception)?\b|\b(?:s3|dynamodb|sqs|sns|kinesis|blob storage|gcs|storage account)\b.*\btim(?:ed|e) ?out\b/i,
  },
  {
    category: 'infrastructure',
    name: 'a queue wait',
    pattern:
      /\bqueue (?:wait|timeout)\b|(?:waiting|waited|wait) (?:in|on|for) (?:the )?(?:\w+ )?queue|\bqueued for (?:more than |over )?\d|time limit of the queue|no (?:calc |free )?workers? (?:available|free)|(?:waiting|waited) for (?:a |an )?(?:free )?(?:worker|slot|executor|capacity)|\bqueue (?:is )?full\b/i,
  },
  {
    category: 'infrastructure',
    name: 'a dropped connection',
    pattern: new RegExp(
      String.raw`connection (?:refused|reset|aborted|closed|dropped|lost)|lost connection|server closed the connection|could not connect to server|connection to server at .* failed|terminating connection|too many clients|remaining connection slots|the database system is (?:starting up|shutting down|in recovery mode)|\bconnectionerror\b|\bconnectionreseterror\b|\beconn(?:refused|reset)\b|\bepipe\b|broken pipe|ssl syscall error|network is unreachable|` +
        sqlstate('08000|08001|08003|08004|08006|08P01|57P01|57P02|57P03|53300'),
      'i',
    ),
  },
];

/** The rule table, in the order it is applied (first match wins). */
export const CATEGORY_RULES: readonly CategoryRule[] = [
  ...INFRASTRUCTURE_RULES,
  {
    category: 'timeout',
    name: 'timeout',
    pattern:
      /time[-_ ]?out|\btimed out\b|deadline[_ ]exceeded|\bexceeded (?:the )?(?:time limit|\d+(?:\.\d+)?\s*(?:s|sec|secs|seconds|ms|min|minutes)\b)|\bquerycanceled\b/i,
  },
  {
    category: 'database',
    name: 'database error',
    pattern:
      /\bpsycopg2?\b|\bsqlalchemy\b|\bpsqlexception\b|\bsqlexception\b|\bdatabaseerror\b|\boperationalerror\b|\bintegrityerror\b|\bprogrammingerror\b|\bsqlstate\b|\b(?:relation|column|table|schema|function) "?[\w.]+"? does not exist|violates (?:foreign key|unique|not-null|check) constraint|duplicate key value|\bpg_hba\.conf\b|password authentication failed|cannot execute \w+ in a read-only transaction|canceling statement due to conflict with recovery/i,
  },
  {
    category: 'infrastructure',
    name: 'a platform service error',
    pattern:
      /\bhttp(?:\/\d(?:\.\d)?)? ?5\d\d\b|\bstatus(?: code)?[ :=]+5\d\d\b|\b50[234] (?:bad gateway|service unavailable|gateway time-?out)\b|\binternal server error\b|\bservice ?unavailable\b|\bnodename nor servname\b|name or service not known|\bthrottl(?:ed|ing)\b/i,
  },
  {
    category: 'validation',
    name: 'input validation',
    pattern:
      /\bvalidationerror\b|\bschemaerror\b|\bvalidation (?:error|failed)\b|constraintviolationexception|methodargumentnotvalidexception|\binvalid input\b|\binvalid value\b|outside (?:the )?(?:allowed )?range|outside \[|out of (?:the )?allowed range|\brequired (?:input|field)\b|\bis required\b|\bis stale\b|\bunexpected field\b|\bnot allowed\b|\bmust be (?:between|positive|non-negative|at least|at most|one of)\b|\billegalargumentexception\b/i,
  },
  {
    category: 'data',
    name: 'data (missing key, type or shape)',
    pattern:
      /\bkeyerror\b|\btypeerror\b|\battributeerror\b|\bindexerror\b|\bnullpointerexception\b|\bclasscastexception\b|\bnosuchelementexception\b|\barrayindexoutofboundsexception\b|\bindexoutofboundsexception\b|\bnumberformatexception\b|\bjsondecodeerror\b|\bjsonparseexception\b|\bmismatchedinputexception\b|'nonetype' object|\bof (?:null|undefined)\b|\bis (?:null|none|undefined)\b|\bnot found in\b|\bmissing (?:key|column|field|value)s?\b|\bmissing in\b|\bshape mismatch\b|\bshapes? .* (?:not aligned|mismatch)|\bunexpected (?:type|shape)\b|\bcould not convert\b|\binvalid literal\b|\bunsupported operand type/i,
  },
  {
    category: 'calculation',
    name: 'calculation (arithmetic, convergence)',
    pattern:
      /\bzerodivisionerror\b|division by zero|divide by zero|\/ by zero|\barithmeticexception\b|\boverflowerror\b|\bfloatingpointerror\b|math (?:range|domain) error|\bnan\b|\binfinity\b|did not converge|failed to converge|\bconvergence\b|\bsingular matrix\b|\blinalgerror\b|circular reference|\brecursionerror\b|\bstackoverflowerror\b|\bvalueerror\b|\bsum to\b|\bnegative (?:volume|value|share)s?\b/i,
  },
];

export interface Categorized {
  category: ErrorCategory;
  /** The rule that matched (null for `other`). */
  rule: string | null;
  /** Where it was recognised. */
  from: 'status' | 'fail_reason' | 'logs' | null;
}

/** The category of one text (first matching rule), or `other`. */
export function categorizeText(text: string | null | undefined): { category: ErrorCategory; rule: string | null } {
  if (!text) return { category: 'other', rule: null };
  for (const r of CATEGORY_RULES) if (r.pattern.test(text)) return { category: r.category, rule: r.name };
  return { category: 'other', rule: null };
}

/**
 * The category of a failure: a timed-out run is a timeout; else the fail reason's category;
 * when the fail reason says nothing recognisable, the first error log text (message and
 * stack, in order) that does. Not a failure (status other than failed/timeout) → null.
 */
export function categorizeFailure(input: {
  status?: string | null;
  fail_reason?: string | null;
  /** Error log texts of the run, oldest first (message, then its stack). */
  log_errors?: ReadonlyArray<string>;
}): Categorized | null {
  if (input.status !== undefined && input.status !== null && !isFailedRun(input.status)) return null;
  const fromReason = categorizeText(input.fail_reason);
  if (input.status === 'timeout') {
    return fromReason.category === 'infrastructure' ? { ...fromReason, from: 'fail_reason' } : { category: 'timeout', rule: 'run status timeout', from: 'status' };
  }
  if (fromReason.category !== 'other') return { ...fromReason, from: 'fail_reason' };
  for (const text of input.log_errors ?? []) {
    const c = categorizeText(text);
    if (c.category !== 'other') return { ...c, from: 'logs' };
  }
  return { category: 'other', rule: null, from: null };
}

/** SQL-friendly category of a fail reason and status (the ETL's column): null for successes. */
export function failureCategory(status: string | null, failReason: string | null): ErrorCategory | null {
  return categorizeFailure({ status, fail_reason: failReason })?.category ?? null;
}

/**
 * The design's four error categories (its second part: "timeout, validation, calculation,
 * database"), which the audit tables (`error_category`) and the `/rca` API report. Ours stay
 * the finer set (`error_category_detail`), mapped here:
 *
 * | ours             | design        | why |
 * | ---------------- | ------------- | --- |
 * | `timeout`        | `timeout`     | |
 * | `validation`     | `validation`  | |
 * | `data`           | `validation`  | an input of the wrong shape or type: the inputs failed a check |
 * | `calculation`    | `calculation` | |
 * | `database`       | `database`    | |
 * | `infrastructure` | by its kind   | a dropped connection, a deadlock or a full disk → `database`; a cloud read timeout or a queue wait → `timeout`; an out-of-memory kill, a lost worker or a platform service error → `calculation` (the calculation process died) |
 * | `other`          | `calculation` | a failure during the calculation with no recognised cause |
 */
export const DESIGN_CATEGORIES = ['timeout', 'validation', 'calculation', 'database'] as const;
export type DesignCategory = (typeof DESIGN_CATEGORIES)[number];

const INFRASTRUCTURE_AS: Record<string, DesignCategory> = {
  'a dropped connection': 'database',
  'a deadlock': 'database',
  'a full disk': 'database',
  'a cloud read timeout': 'timeout',
  'a queue wait': 'timeout',
};

/**
 * The design's category of one of ours; `text` (the fail reason or error line) tells an
 * infrastructure failure's kind. null stays null (not a failure).
 */
export function designCategory(category: ErrorCategory | null, text?: string | null): DesignCategory | null {
  switch (category) {
    case null:
      return null;
    case 'timeout':
    case 'validation':
    case 'calculation':
    case 'database':
      return category;
    case 'data':
      return 'validation';
    case 'infrastructure': {
      const rule = INFRASTRUCTURE_RULES.find((r) => r.pattern.test(text ?? ''))?.name;
      return (rule ? INFRASTRUCTURE_AS[rule] : undefined) ?? 'calculation';
    }
    default:
      return 'calculation';
  }
}
