/**
 * Failures no input caused, for the evaluation corpus (./culpritCorpus): what the run's
 * fail_reason says and what the platform logged around it, as PostgreSQL, psycopg2 /
 * psycopg 3, the PostgreSQL JDBC driver, Kubernetes, Celery, Python and the AWS SDKs print
 * them (several wordings per kind, numbers and names varying from case to case).
 *
 * A variant is chosen per case, or once per platform incident (then every scenario it hits
 * gets the same wording, with its own process ids, sizes and workers).
 */
import type { Rng } from '../demo/random';

export const NO_INPUT_KINDS = ['connection_reset', 'oom_killed', 'deadlock', 'disk_full', 'worker_lost', 'cloud_read_timeout', 'queue_wait'] as const;
export type NoInputKind = (typeof NO_INPUT_KINDS)[number];

/** The run a failure's log lines are about (times in ms since the epoch). */
export interface LoggedRun {
  run_id: string;
  scenario_id: string;
  run_req_id: string | null;
  /** When the failing node started and when the run ended. */
  node_start: number;
  end: number;
  node_name: string;
}

/** One platform log line: the file it is in, its time (ms) and its text (may span lines). */
export interface PlatformLogLine {
  file: 'platform.log' | 'postgresql.log';
  t: number;
  text: string;
}

export interface InfraFailure {
  status: 'failed' | 'timeout';
  reason: string;
  /** Seconds spent in the failing node (timeouts). */
  duration?: number;
  /** What the platform logged for the run. */
  log: (run: LoggedRun) => PlatformLogLine[];
}

/** A wording of a failure kind; `r` draws the case's own numbers. */
type Variant = (r: Rng) => InfraFailure;

/** `2026-08-14 10:22:01,123` (Python logging's asctime, UTC). */
function asctime(t: number): string {
  const iso = new Date(t).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)},${iso.slice(20, 23)}`;
}

/** `2026-08-14 10:22:01.123 UTC` (PostgreSQL's %m). */
function pgTime(t: number): string {
  const iso = new Date(t).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)} UTC`;
}

const py = (t: number, level: string, logger: string, msg: string): PlatformLogLine => ({ file: 'platform.log', t, text: `${asctime(t)} ${level} [${logger}] ${msg}` });

/** A PostgreSQL server log line (log_line_prefix '%m [%p] %u@%d app=%a '). */
const pg = (t: number, pid: number, run: LoggedRun, level: string, msg: string, more: string[] = []): PlatformLogLine => ({
  file: 'postgresql.log',
  t,
  text: [`${pgTime(t)} [${pid}] clearsight_engine@forecast app=engine/run-${run.run_id} ${level}:  ${msg}`, ...more].join('\n'),
});

function podName(r: Rng, base = 'calc-worker'): string {
  const hex = (n: number): string => Array.from({ length: n }, () => '0123456789abcdef'[r.int(0, 15)]).join('');
  const tail = Array.from({ length: 5 }, () => 'bcdfghjklmnpqrstvwxz2456789'[r.int(0, 26)]).join('');
  return `${base}-${hex(9)}-${tail}`;
}

const worker = (r: Rng): string => `calc-${r.int(1, 12)}`;
const pid = (r: Rng): number => r.int(1200, 64000);

const CONNECTION_RESET: Variant[] = [
  (r) => {
    const p = pid(r);
    return {
      status: 'failed',
      reason: 'psycopg2.OperationalError: server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally\n\tbefore or while processing the request.',
      log: (run) => [
        pg(run.end - 4000, p, run, 'FATAL', 'terminating connection due to administrator command'),
        py(run.end - 1200, 'WARNING', 'engine.store', `run=${run.run_id} lost database connection while writing results of '${run.node_name}'; retrying (1/3)`),
        py(run.end - 200, 'ERROR', 'engine.store', `run=${run.run_id} giving up after 3 attempts: server closed the connection unexpectedly`),
      ],
    };
  },
  (r) => {
    const p = pid(r);
    return {
      status: 'failed',
      reason: 'psycopg2.OperationalError: could not receive data from server: Connection reset by peer',
      log: (run) => [
        pg(run.end - 2500, p, run, 'LOG', 'could not receive data from client: Connection reset by peer'),
        py(run.end - 300, 'ERROR', 'engine.store', `run=${run.run_id} database error: could not receive data from server: Connection reset by peer`),
      ],
    };
  },
  () => ({
    status: 'failed',
    reason: 'psycopg.OperationalError: consuming input failed: SSL SYSCALL error: EOF detected',
    log: (run) => [py(run.end - 400, 'ERROR', 'engine.store', `run=${run.run_id} connection to forecast-db.internal:5432 dropped: SSL SYSCALL error: EOF detected`)],
  }),
  () => ({
    status: 'failed',
    reason:
      'org.postgresql.util.PSQLException: An I/O error occurred while sending to the backend.\nCaused by: java.net.SocketException: Connection reset',
    log: (run) => [
      py(
        run.end - 600,
        'ERROR',
        'results-writer',
        `run ${run.run_id}: batch insert failed\norg.postgresql.util.PSQLException: An I/O error occurred while sending to the backend.\n\tat org.postgresql.core.v3.QueryExecutorImpl.execute(QueryExecutorImpl.java:395)\n\tat org.postgresql.jdbc.PgStatement.executeInternal(PgStatement.java:498)\n\tat org.postgresql.jdbc.PgPreparedStatement.executeBatch(PgPreparedStatement.java:1717)\n\tat com.clearsight.engine.results.ResultsWriter.flush(ResultsWriter.java:212)\nCaused by: java.net.SocketException: Connection reset\n\tat java.base/sun.nio.ch.NioSocketImpl.implRead(NioSocketImpl.java:323)\n\t... 14 more`,
      ),
    ],
  }),
  () => ({
    status: 'failed',
    reason: 'sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) SSL connection has been closed unexpectedly\n(Background on this error at: https://sqlalche.me/e/14/e3q8)',
    log: (run) => [py(run.end - 250, 'ERROR', 'engine.store', `run=${run.run_id} (psycopg2.OperationalError) SSL connection has been closed unexpectedly`)],
  }),
  () => ({
    status: 'failed',
    reason: 'ConnectionResetError: [Errno 104] Connection reset by peer',
    log: () => [],
  }),
];

const OOM_KILLED: Variant[] = [
  (r) => {
    const w = worker(r);
    const pod = podName(r);
    const limit = r.pick(['4Gi', '8Gi', '16Gi']);
    return {
      status: 'failed',
      reason: `WorkerCrashed: worker ${w} exited with code 137 (OOMKilled)`,
      log: (run) => [
        py(run.end - 3000, 'WARNING', 'k8s.events', `pod/${pod} container calc-worker: Reason: OOMKilled, Exit Code: 137, memory limit ${limit} (run_id=${run.run_id})`),
        py(run.end - 900, 'ERROR', 'engine.supervisor', `run=${run.run_id} worker ${w} (pod ${pod}) terminated while calculating '${run.node_name}': OOMKilled`),
      ],
    };
  },
  (r) => {
    const gib = (r.float(6, 40)).toFixed(1);
    const shape = `(${r.int(20000, 90000)}, ${r.int(60, 240)}, ${r.pick([64, 128, 256])})`;
    return {
      status: 'failed',
      reason: `numpy.core._exceptions._ArrayMemoryError: Unable to allocate ${gib} GiB for an array with shape ${shape} and data type float64`,
      log: (run) => [py(run.end - 500, 'ERROR', 'engine.calc', `run=${run.run_id} node '${run.node_name}' failed: Unable to allocate ${gib} GiB (worker RSS 7.6 GiB of 8 GiB)`)],
    };
  },
  () => ({
    status: 'failed',
    reason: 'java.lang.OutOfMemoryError: Java heap space',
    log: (run) => [
      py(run.end - 700, 'ERROR', 'results-writer', `run ${run.run_id}: uncaught exception in thread "calc-exec-3"\njava.lang.OutOfMemoryError: Java heap space\n\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)\n\tat java.base/java.util.ArrayList.grow(ArrayList.java:237)\n\tat com.clearsight.engine.results.ResultsBuffer.add(ResultsBuffer.java:88)`),
    ],
  }),
  () => ({
    status: 'failed',
    reason: 'java.lang.OutOfMemoryError: GC overhead limit exceeded',
    log: () => [],
  }),
  (r) => {
    const w = worker(r);
    const killed = pid(r);
    return {
      status: 'failed',
      reason: `Calculation aborted: worker ${w} was killed (signal 9). The process may have exceeded its memory limit.`,
      log: (run) => [
        py(run.end - 2000, 'ERROR', 'kernel', `Memory cgroup out of memory: Killed process ${killed} (python3) total-vm:${r.int(9, 14)}482312kB, anon-rss:8${r.int(100000, 388000)}kB; run_id=${run.run_id}`),
      ],
    };
  },
];

const DEADLOCK: Variant[] = [
  (r) => {
    const a = pid(r);
    const b = pid(r);
    const tx = r.int(9_000_000, 9_900_000);
    const detail = `DETAIL:  Process ${a} waits for ShareLock on transaction ${tx}; blocked by process ${b}.\nProcess ${b} waits for ShareLock on transaction ${tx - r.int(1, 40)}; blocked by process ${a}.\nHINT:  See server log for query details.\nCONTEXT:  while updating tuple (${r.int(100, 9000)},${r.int(1, 60)}) in relation "fc_scenario_node_result"`;
    return {
      status: 'failed',
      reason: `psycopg2.errors.DeadlockDetected: deadlock detected\n${detail}`,
      log: (run) => [pg(run.end - 800, a, run, 'ERROR', 'deadlock detected', detail.split('\n'))],
    };
  },
  (r) => {
    const a = pid(r);
    const b = pid(r);
    return {
      status: 'failed',
      reason: `org.postgresql.util.PSQLException: ERROR: deadlock detected\n  Detail: Process ${a} waits for ShareLock on transaction ${r.int(9_000_000, 9_900_000)}; blocked by process ${b}.`,
      log: (run) => [pg(run.end - 900, a, run, 'ERROR', 'deadlock detected', [`DETAIL:  Process ${a} waits for ShareLock on transaction; blocked by process ${b}.`])],
    };
  },
  () => ({
    status: 'failed',
    reason: 'psycopg2.errors.LockNotAvailable: canceling statement due to lock timeout\nCONTEXT:  while locking tuple (0,7) in relation "fc_scenario_run"',
    log: (run) => [py(run.end - 300, 'ERROR', 'engine.store', `run=${run.run_id} could not lock the run row: canceling statement due to lock timeout`)],
  }),
  () => ({
    status: 'failed',
    reason: 'psycopg.errors.SerializationFailure: could not serialize access due to concurrent update',
    log: () => [],
  }),
];

const DISK_FULL: Variant[] = [
  (r) => {
    const file = `/var/lib/clearsight/scratch/run-${r.int(100000, 999999)}/partials-${r.int(1, 40)}.parquet`;
    return {
      status: 'failed',
      reason: `OSError: [Errno 28] No space left on device: '${file}'`,
      log: (run) => [
        py(run.end - 5000, 'WARNING', 'engine.scratch', `run=${run.run_id} scratch volume /var/lib/clearsight/scratch 98% full (${r.int(1, 400)} MiB free)`),
        py(run.end - 200, 'ERROR', 'engine.scratch', `run=${run.run_id} could not write partial results: [Errno 28] No space left on device`),
      ],
    };
  },
  (r) => {
    const rel = `base/16384/${r.int(2_000_000, 2_999_999)}`;
    const p = pid(r);
    return {
      status: 'failed',
      reason: `psycopg2.errors.DiskFull: could not extend file "${rel}": No space left on device\nHINT:  Check free disk space.`,
      log: (run) => [pg(run.end - 400, p, run, 'ERROR', `could not extend file "${rel}": No space left on device`, ['HINT:  Check free disk space.'])],
    };
  },
  (r) => {
    const p = pid(r);
    const tmp = `base/pgsql_tmp/pgsql_tmp${p}.${r.int(0, 12)}`;
    return {
      status: 'failed',
      reason: `psycopg2.errors.DiskFull: could not write to file "${tmp}": No space left on device`,
      log: (run) => [pg(run.end - 350, p, run, 'ERROR', `could not write to file "${tmp}": No space left on device`)],
    };
  },
  (r) => {
    const pod = podName(r);
    return {
      status: 'failed',
      reason: 'java.io.IOException: No space left on device',
      log: (run) => [
        py(run.end - 1500, 'WARNING', 'k8s.events', `pod/${pod} Evicted: The node was low on resource: ephemeral-storage. Container calc-worker was using 21474836Ki, which exceeds its request of 0. (run_id=${run.run_id})`),
      ],
    };
  },
];

const WORKER_LOST: Variant[] = [
  (r) => {
    const job = r.int(1000, 99999);
    return {
      status: 'failed',
      reason: `celery.exceptions.WorkerLostError: Worker exited prematurely: signal 15 (SIGTERM) Job: ${job}.`,
      log: (run) => [py(run.end - 800, 'ERROR', 'celery.worker.request', `Task engine.tasks.calculate_run[${run.run_id}] raised unexpected: WorkerLostError('Worker exited prematurely: signal 15 (SIGTERM) Job: ${job}.')`)],
    };
  },
  () => ({
    status: 'failed',
    reason: 'concurrent.futures.process.BrokenProcessPool: A process in the process pool was terminated abruptly while the future was running or pending.',
    log: () => [],
  }),
  (r) => {
    const w = worker(r);
    const secs = r.pick([60, 90, 120]);
    return {
      status: 'failed',
      reason: `ConnectionError: lost connection to calc worker ${w}`,
      log: (run) => [
        py(run.node_start + 30_000, 'WARNING', 'engine.pool', `run=${run.run_id} no heartbeat from ${w} for ${secs} s`),
        py(run.end - 100, 'ERROR', 'engine.pool', `run=${run.run_id} worker ${w} marked lost (node worker-pool-b-${r.int(1, 9)} NotReady: spot instance interruption)`),
      ],
    };
  },
  (r) => {
    const pod = podName(r);
    return {
      status: 'failed',
      reason: `WorkerLost: pod ${pod} was deleted before the calculation finished (node drained for maintenance)`,
      log: (run) => [py(run.end - 1000, 'WARNING', 'k8s.events', `pod/${pod} Killing: Stopping container calc-worker (node drained) run_id=${run.run_id}`)],
    };
  },
];

const CLOUD_READ_TIMEOUT: Variant[] = [
  (r) => {
    const region = r.pick(['eu-west-1', 'eu-central-1', 'us-east-1']);
    return {
      status: 'failed',
      reason: `botocore.exceptions.ReadTimeoutError: Read timeout on endpoint URL: "https://clearsight-prod-inputs.s3.${region}.amazonaws.com/scenarios/cohorts/part-${r.int(0, 63)}.parquet"`,
      log: (run) => [
        py(run.end - 9000, 'DEBUG', 'botocore.retryhandler', `run=${run.run_id} Retry needed, retrying request after delay of: ${r.float(0.5, 2).toFixed(2)}`),
        py(run.end - 300, 'ERROR', 'engine.io', `run=${run.run_id} reading inputs from S3 failed after 5 attempts: Read timeout on endpoint URL`),
      ],
    };
  },
  (r) => ({
    status: 'failed',
    reason: `urllib3.exceptions.ReadTimeoutError: HTTPSConnectionPool(host='secretsmanager.${r.pick(['eu-west-1', 'eu-central-1'])}.amazonaws.com', port=443): Read timed out. (read timeout=60)`,
    log: (run) => [py(run.end - 200, 'ERROR', 'engine.secrets', `run=${run.run_id} could not fetch database credentials: Read timed out. (read timeout=60)`)],
  }),
  () => ({
    status: 'failed',
    reason: 'software.amazon.awssdk.core.exception.SdkClientException: Unable to execute HTTP request: Read timed out',
    log: (run) => [
      py(run.end - 450, 'ERROR', 'results-writer', `run ${run.run_id}: upload of results failed\nsoftware.amazon.awssdk.core.exception.SdkClientException: Unable to execute HTTP request: Read timed out\n\tat software.amazon.awssdk.core.exception.SdkClientException$BuilderImpl.build(SdkClientException.java:111)\nCaused by: java.net.SocketTimeoutException: Read timed out`),
    ],
  }),
  (r) => ({
    status: 'failed',
    reason: `botocore.exceptions.ConnectTimeoutError: Connect timeout on endpoint URL: "https://sqs.${r.pick(['eu-west-1', 'us-east-1'])}.amazonaws.com/"`,
    log: () => [],
  }),
];

const QUEUE_WAIT: Variant[] = [
  (r) => {
    const limit = r.pick([900, 1800]);
    const depth = r.int(40, 400);
    return {
      status: 'timeout',
      reason: `Run cancelled after ${limit} s (time limit)`,
      duration: limit - r.int(30, 300),
      log: (run) => [
        py(run.node_start - 60_000, 'WARNING', 'engine.queue', `run=${run.run_id} waiting for a worker: queue 'calc-default' depth ${depth}, 0/12 workers free`),
        py(run.end - 100, 'ERROR', 'engine.watchdog', `run=${run.run_id} cancelled: time limit ${limit} s reached (${Math.round(limit * r.float(0.6, 0.9))} s of it queued)`),
      ],
    };
  },
  (r) => {
    const limit = r.pick([600, 900]);
    return {
      status: 'timeout',
      reason: `QueueTimeout: no calc worker available within ${limit} s (queue 'calc-large', ${r.int(80, 300)} runs waiting)`,
      duration: limit + r.int(1, 20),
      log: (run) => [py(run.end - 200, 'ERROR', 'engine.queue', `run=${run.run_id} gave up waiting for a worker slot after ${limit} s`)],
    };
  },
  () => ({
    status: 'timeout',
    reason: 'sqlalchemy.exc.TimeoutError: QueuePool limit of size 5 overflow 10 reached, connection timed out, timeout 30.00 (Background on this error at: https://sqlalche.me/e/14/3o7r)',
    duration: 30 + 0.4,
    log: (run) => [py(run.end - 100, 'ERROR', 'engine.store', `run=${run.run_id} no database connection available: QueuePool limit of size 5 overflow 10 reached`)],
  }),
  (r) => {
    const limit = r.pick([600, 900, 1800]);
    return {
      status: 'timeout',
      reason: `Timeout: node '{node}' exceeded ${limit} s`,
      duration: limit + r.int(1, 30),
      log: (run) => [
        py(run.node_start + 120_000, 'WARNING', 'engine.pool', `run=${run.run_id} all ${r.int(8, 16)} workers busy; cluster autoscaler: 0/6 nodes are available: 6 Insufficient cpu`),
      ],
    };
  },
  () => ({
    status: 'timeout',
    reason: 'org.postgresql.util.PSQLException: ERROR: canceling statement due to statement timeout',
    duration: 300 + 0.2,
    log: (run) => [py(run.end - 150, 'WARNING', 'engine.store', `run=${run.run_id} results insert cancelled by statement_timeout (300s); database load high`)],
  }),
];

const VARIANTS: Record<NoInputKind, Variant[]> = {
  connection_reset: CONNECTION_RESET,
  oom_killed: OOM_KILLED,
  deadlock: DEADLOCK,
  disk_full: DISK_FULL,
  worker_lost: WORKER_LOST,
  cloud_read_timeout: CLOUD_READ_TIMEOUT,
  queue_wait: QUEUE_WAIT,
};

/** Picks a wording of `kind` (the index, for a platform incident to reuse it). */
export function pickVariant(rng: Rng, kind: NoInputKind): number {
  return rng.int(0, VARIANTS[kind].length - 1);
}

/** The failure of wording `variant` of `kind`, with the case's own numbers from `rng`; `{node}` in the reason becomes the failed node. */
export function infraFailure(rng: Rng, kind: NoInputKind, variant: number, nodeName: string): InfraFailure {
  const f = VARIANTS[kind][variant % VARIANTS[kind].length]!(rng);
  return { ...f, reason: f.reason.replace('{node}', nodeName) };
}
