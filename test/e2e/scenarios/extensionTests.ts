/**
 * Runs test/extension/*.test.ts inside code-server's extension host: the test VSIX's
 * palette command runs mocha there and writes a JSON result file, which this waits for.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { GREP_ENV, RESULT_FILE_ENV, RUN_TESTS_TITLE, type ExtensionTestResult } from '../../extension/protocol';
import type { Outcome, Scenario, ScenarioContext } from '../scenario';
import { waitFor } from '../steps';

const resultFile = (artifacts: string, name = 'extension-tests'): string => join(artifacts, `${name}.json`);

/** Environment of the session: where the runner writes its result (`name`.json), and which tests run (`grep` over CLEARSIGHT_TEST_GREP). */
export function extensionTestsEnv(artifacts: string, name?: string, grep?: string): Record<string, string> {
  const env: Record<string, string> = { [RESULT_FILE_ENV]: resultFile(artifacts, name) };
  for (const k of ['CLEARSIGHT_TEST_GREP', 'CLEARSIGHT_TEST_TIMEOUT_MS']) if (process.env[k]) env[k] = process.env[k];
  if (grep) env[GREP_ENV] = grep;
  return env;
}

/** Bound on the whole mocha run (CLEARSIGHT_E2E_EXTENSION_TESTS_TIMEOUT_MS, default 10 min). */
const runTimeoutMs = Number(process.env.CLEARSIGHT_E2E_EXTENSION_TESTS_TIMEOUT_MS ?? '') || 600_000;

/** The scenario that runs the extension-host tests of a session whose environment came from extensionTestsEnv(…, resultName). */
export function extensionTestsScenario(name: string, resultName?: string): Scenario {
  return {
    name,
    run: (ctx) => runExtensionTests(ctx, resultFile(ctx.artifacts, resultName)),
  };
}

export const extensionTests: Scenario = extensionTestsScenario('extension-host tests');

async function runExtensionTests({ wb, server, steps }: ScenarioContext, file: string): Promise<Outcome> {
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
}
