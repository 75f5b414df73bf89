/**
 * Runs the extension-host tests (test/extension/*.test.ts) with mocha, inside the editor's
 * extension host, where `import * as vscode from 'vscode'` is the real API.
 *
 * Two ways in, same tests:
 * - `run()`: the contract of VS Code's `--extensionTestsPath` (used by
 *   @vscode/test-electron, see runTest.ts); rejects when a test fails.
 * - `runExtensionTests()`: called by the test build's command
 *   `clearsight.test.runExtensionTests` (see testMain.ts), which the e2e harness runs from
 *   the command palette of code-server; resolves with the result, written as JSON for the
 *   harness.
 *
 * Both are bundled with mocha into dist/test/index.js by test/extension/build.mjs.
 */
import Mocha from 'mocha';
import { GREP_ENV, TIMEOUT_ENV, type ExtensionTestCase, type ExtensionTestResult } from './protocol';
import { loadTestFiles } from './testFiles';

function errorText(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}

export async function runExtensionTests(): Promise<ExtensionTestResult> {
  const started = Date.now();
  const timeout = Number(process.env[TIMEOUT_ENV] ?? '') || 60_000;
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout });
  const grep = process.env[GREP_ENV];
  if (grep) mocha.grep(new RegExp(grep));

  const tests: ExtensionTestCase[] = [];
  const result = (runnerError?: string): ExtensionTestResult => ({
    passed: tests.filter((t) => t.state === 'passed').length,
    failed: tests.filter((t) => t.state === 'failed').length + (runnerError ? 1 : 0),
    pending: tests.filter((t) => t.state === 'pending').length,
    durationMs: Date.now() - started,
    tests,
    ...(runnerError ? { runnerError } : {}),
  });

  // What `mocha FILE…` does before it requires the files: put describe/it/… on the global.
  mocha.suite.emit(Mocha.Suite.constants.EVENT_FILE_PRE_REQUIRE, globalThis, 'extension-tests', mocha);
  try {
    loadTestFiles();
  } catch (err) {
    return result(`a test file threw while loading: ${errorText(err)}`);
  }

  return new Promise<ExtensionTestResult>((resolve) => {
    const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } = Mocha.Runner.constants;
    const runner = mocha.run();
    runner.on(EVENT_TEST_PASS, (t: Mocha.Test) => tests.push({ fullTitle: t.fullTitle(), state: 'passed', durationMs: t.duration ?? 0 }));
    runner.on(EVENT_TEST_PENDING, (t: Mocha.Test) => tests.push({ fullTitle: t.fullTitle(), state: 'pending', durationMs: 0 }));
    // Also fires for failing hooks (before/after), whose title says which hook.
    runner.on(EVENT_TEST_FAIL, (t: Mocha.Test, err: unknown) =>
      tests.push({ fullTitle: t.fullTitle(), state: 'failed', durationMs: t.duration ?? 0, error: errorText(err) }),
    );
    runner.on(EVENT_RUN_END, () => resolve(result()));
  });
}

/** Entry point for VS Code's --extensionTestsPath (@vscode/test-electron). */
export async function run(): Promise<void> {
  const r = await runExtensionTests();
  if (r.runnerError) console.error(r.runnerError);
  console.log(`${r.passed} passed, ${r.failed} failed${r.pending ? `, ${r.pending} skipped` : ''}`);
  if (r.failed > 0) throw new Error(`${r.failed} extension test(s) failed`);
}
