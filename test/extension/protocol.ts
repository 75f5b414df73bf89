/**
 * What the extension-host test runner (inside the editor) and the harness that starts it
 * (test/e2e, outside) agree on: the command, the environment variables and the result file.
 */

/** Registered by the test build's entry point only when RESULT_FILE_ENV is set. */
export const RUN_TESTS_COMMAND = 'clearsight.test.runExtensionTests';
/** Title under which the command appears in the palette (category "ClearSight Tests"). */
export const RUN_TESTS_TITLE = 'ClearSight Tests: Run Extension Tests';

/** Absolute path the runner writes its ExtensionTestResult JSON to (atomically). */
export const RESULT_FILE_ENV = 'CLEARSIGHT_TEST_RESULT_FILE';
/** Optional: only tests whose full title matches this regular expression run. */
export const GREP_ENV = 'CLEARSIGHT_TEST_GREP';
/** Optional: mocha's per-test timeout in ms (default 60000). */
export const TIMEOUT_ENV = 'CLEARSIGHT_TEST_TIMEOUT_MS';

export interface ExtensionTestCase {
  fullTitle: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  /** Message and stack of a failure. */
  error?: string;
}

export interface ExtensionTestResult {
  passed: number;
  failed: number;
  pending: number;
  durationMs: number;
  tests: ExtensionTestCase[];
  /** Set when the runner itself broke (a test file threw while loading, …). */
  runnerError?: string;
}
