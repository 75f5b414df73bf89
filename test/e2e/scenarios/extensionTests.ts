/**
 * Runs test/extension/*.test.ts inside code-server's extension host: the test VSIX's
 * palette command runs mocha there and writes a JSON result file, which this waits for.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { RESULT_FILE_ENV, RUN_TESTS_TITLE, type ExtensionTestResult } from '../../extension/protocol';
import type { Scenario } from '../scenario';
import { waitFor } from '../steps';

const resultFile = (artifacts: string): string => join(artifacts, 'extension-tests.json');

/** Environment of the session: where the runner writes its result. */
export function extensionTestsEnv(artifacts: string): Record<string, string> {
  const env: Record<string, string> = { [RESULT_FILE_ENV]: resultFile(artifacts) };
  for (const k of ['CLEARSIGHT_TEST_GREP', 'CLEARSIGHT_TEST_TIMEOUT_MS']) if (process.env[k]) env[k] = process.env[k];
  return env;
}

/** Bound on the whole mocha run (CLEARSIGHT_E2E_EXTENSION_TESTS_TIMEOUT_MS, default 10 min). */
const runTimeoutMs = Number(process.env.CLEARSIGHT_E2E_EXTENSION_TESTS_TIMEOUT_MS ?? '') || 600_000;

export const extensionTests: Scenario = {
  name: 'extension-host tests',
  async run({ wb, server, steps, artifacts }) {
    const file = resultFile(artifacts);
    rmSync(file, { force: true });
    await steps.step(`run '${RUN_TESTS_TITLE}' from the palette`, () => wb.runCommand(RUN_TESTS_TITLE));
    const result = await steps.step(
      `wait for ${file}`,
      () =>
        waitFor(
          'the extension-host test result file',
          () => {
            if (!server.isRunning()) throw new Error(`code-server exited:\n${server.outputTail()}`);
            return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ExtensionTestResult) : undefined;
          },
          runTimeoutMs,
          500,
        ),
      runTimeoutMs + 10_000,
    );
    await wb.screenshot('after-extension-tests');
    for (const t of result.tests) {
      const mark = t.state === 'passed' ? 'ok  ' : t.state === 'pending' ? 'skip' : 'FAIL';
      console.log(`        ${mark} ${t.fullTitle} (${t.durationMs} ms)`);
      if (t.error) console.log(t.error.replace(/^/gm, '             '));
    }
    if (result.runnerError) console.log(`        runner error: ${result.runnerError}`);
    console.log(`extension-host: ${result.passed} passed, ${result.failed} failed${result.pending ? `, ${result.pending} skipped` : ''}`);
    if (result.passed + result.failed === 0) return { passed: 0, failed: 1 }; // ran no test: a failure
    return { passed: result.passed, failed: result.failed };
  },
};
