/**
 * End-to-end tests in a real editor: code-server (VS Code's workbench with a real Node
 * extension host) driven by headless Debian Chromium through playwright-core.
 *
 *   npm run test:e2e [-- --only TEXT] [--readme-screenshots DIR] [--project DIR]
 *
 * 1. scripts/e2e-setup.sh installs what is missing (quick when all is there).
 * 2. scripts/package.mjs builds the VSIX and the test VSIX (or CLEARSIGHT_E2E_VSIX and
 *    CLEARSIGHT_E2E_TEST_VSIX name existing ones).
 * 3. Session "extension-host": the test VSIX; its palette command runs
 *    test/extension/*.test.ts with mocha inside the extension host.
 * 4. Session "ui": the production VSIX on the embedded demo; scenarios drive the workbench
 *    like a person (demo tree, hover, investigate, RCA note, time to root cause, README
 *    screenshots), in that order: the first needs a window that has not opened the demo.
 * 5. Session "postgres": prepare() creates a database on the PostgreSQL server, seeds the
 *    demo's source tables and a role with a password (pgFixture.ts); code-server's
 *    settings name it; the database and role are dropped after the session, also on failure
 *    or Ctrl+C.
 * 6. Session "untrusted": the test VSIX in a workspace opened in Restricted Mode whose
 *    .vscode/settings.json sets every restricted setting; runs the extension-host test
 *    that checks the extension reads the user's values only (scenarios/untrusted.ts).
 *
 * Screenshots and logs go to test-artifacts/e2e/ and stay there. Every step prints
 * `step N: …`; a failure prints its step and a screenshot path. The last line is
 * `e2e: N passed, N failed` (each extension-host test, each time-to-root-cause story and
 * each other scenario counts once).
 *
 * Options: --only TEXT runs the scenarios whose name contains TEXT (repeatable: any of
 * them); --readme-screenshots DIR copies the README screenshots there; --project DIR
 * packages another extension folder (used to validate the harness on a stand-in).
 * Environment: CLEARSIGHT_E2E_TIMEOUT_MS (each wait, default 30000),
 * CLEARSIGHT_E2E_CACHE (code-server cache), CLEARSIGHT_E2E_CODE_SERVER (an executable to
 * use instead), CLEARSIGHT_E2E_CHROMIUM (default /usr/bin/chromium),
 * CLEARSIGHT_E2E_PG_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { CodeServer } from './codeServer';
import { sampleWorkspace } from './sampleWorkspace';
import type { Outcome, Prepared, ScenarioContext, Session } from './scenario';
import { activationScenario } from './scenarios/activation';
import { demoTreeScenario } from './scenarios/demoTree';
import { diagnosticsScenario } from './scenarios/diagnostics';
import { extensionTests, extensionTestsEnv } from './scenarios/extensionTests';
import { hoverScenario, investigateScenario, rcaNoteScenario } from './scenarios/investigate';
import { overviewScenario } from './scenarios/overview';
import { demoStoryVerdictScenario, platformStoryVerdictScenario } from './scenarios/verdict';
import { postgresSession } from './scenarios/postgres';
import { themeScreenshots } from './scenarios/themes';
import { untrustedSession } from './scenarios/untrusted';
import { timeToRootCauseScenario } from './scenarios/timeToRootCause';
import { StepError, Steps } from './steps';
import { launchChromium, Workbench } from './workbench';

const SESSIONS: Session[] = [
  { name: 'extension-host', vsix: 'tests', env: extensionTestsEnv, scenarios: [extensionTests] },
  // The demo tree comes first: any lookup opens the demo, and the welcome view is gone.
  {
    name: 'ui',
    vsix: 'production',
    scenarios: [demoTreeScenario, activationScenario, hoverScenario, investigateScenario, rcaNoteScenario, demoStoryVerdictScenario, platformStoryVerdictScenario, diagnosticsScenario, overviewScenario, timeToRootCauseScenario, themeScreenshots],
  },
  postgresSession,
  untrustedSession,
];

const repo = resolve(__dirname, '..', '..');
const artifacts = join(repo, 'test-artifacts', 'e2e');
const timeoutMs = Number(process.env.CLEARSIGHT_E2E_TIMEOUT_MS ?? '') || 30_000;

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Every value of an option that may be repeated (--only A --only B). */
function options(name: string): string[] {
  return process.argv.flatMap((a, i) => (a === name && i + 1 < process.argv.length ? [process.argv[i + 1]] : []));
}

function sh(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.stdout.trim()) console.log(r.stdout.trimEnd().replace(/^/gm, '        '));
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
  return r.stdout;
}

interface Result {
  name: string;
  outcome: Outcome;
  error?: string;
}

const live: { servers: Set<CodeServer>; browser?: Browser; prepared: Set<Prepared> } = { servers: new Set(), prepared: new Set() };

async function cleanup(): Promise<void> {
  await Promise.all([...live.servers].map((s) => s.stop()));
  live.servers.clear();
  // After the servers: a database is dropped once nothing uses it.
  await Promise.all([...live.prepared].map((p) => p.dispose().catch((e: unknown) => console.log(`cleanup failed: ${(e as Error).message}`))));
  live.prepared.clear();
  await live.browser?.close().catch(() => undefined);
  live.browser = undefined;
}

async function main(): Promise<number> {
  const steps = new Steps();
  const only = options('--only');
  const readmeDir = option('--readme-screenshots') ? resolve(option('--readme-screenshots')!) : undefined;
  const project = resolve(option('--project') ?? repo);
  const sessions = SESSIONS.map((s) => ({ ...s, scenarios: s.scenarios.filter((sc) => only.length === 0 || only.some((o) => sc.name.includes(o))) })).filter(
    (s) => s.scenarios.length > 0,
  );
  if (sessions.length === 0) throw new Error(`no scenario name contains ${only.map((o) => `'${o}'`).join(' or ')}`);

  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  console.log(`e2e: artifacts in ${artifacts}`);

  const bin = await steps.step('install what is missing (scripts/e2e-setup.sh)', async () => {
    if (process.env.CLEARSIGHT_E2E_CODE_SERVER) return process.env.CLEARSIGHT_E2E_CODE_SERVER;
    const out = sh('bash', [join(repo, 'scripts', 'e2e-setup.sh')], repo).trim().split('\n');
    return out[out.length - 1];
  }, 900_000);

  const vsix = { production: process.env.CLEARSIGHT_E2E_VSIX, tests: process.env.CLEARSIGHT_E2E_TEST_VSIX };
  const needTests = sessions.some((s) => s.vsix === 'tests');
  if (!vsix.production || (needTests && !vsix.tests)) {
    await steps.step(`package the VSIX${needTests ? ' and the test VSIX' : ''} (scripts/package.mjs)`, async () => {
      const production = join(artifacts, 'clearsight-rca.vsix');
      const tests = join(artifacts, 'clearsight-rca-tests.vsix');
      sh(process.execPath, [join(repo, 'scripts', 'package.mjs'), '--out', production, ...(needTests ? ['--tests-out', tests] : [])], project);
      vsix.production = production;
      if (needTests) vsix.tests = tests;
    }, 600_000);
  }

  const workspace = await steps.step('write the sample workspace (app.log with the demo ids)', async () => sampleWorkspace());
  live.browser = await steps.step('launch Chromium', () => launchChromium());

  const results: Result[] = [];
  for (const session of sessions) {
    const file = session.vsix === 'tests' ? vsix.tests! : vsix.production!;
    if (!existsSync(file)) throw new Error(`no VSIX at ${file}`);
    let server: CodeServer | undefined;
    let wb: Workbench | undefined;
    let prepared: Prepared | undefined;
    const unprepare = async (): Promise<void> => {
      if (!prepared) return;
      const p = prepared;
      prepared = undefined;
      await steps.step(`session ${session.name}: undo what prepare made`, () => p.dispose()).catch((err: unknown) => report(results, `session ${session.name} cleanup`, err, steps));
    };
    try {
      if (session.prepare) {
        const made = await steps.step(`session ${session.name}: prepare`, () => session.prepare!((m) => steps.log(m)), 300_000);
        // One disposal, whoever asks first (the session's end or Ctrl+C); the other waits for it.
        let disposing: Promise<void> | undefined;
        const p: Prepared = {
          ...made,
          dispose: () => (disposing ??= made.dispose().finally(() => live.prepared.delete(p))),
        };
        prepared = p;
        live.prepared.add(p);
      }
      server = await steps.step(`session ${session.name}: start code-server with ${file}`, () =>
        CodeServer.start({
          bin,
          vsix: file,
          files: { ...workspace.files, ...session.files },
          untrusted: session.untrusted,
          env: session.env?.(artifacts),
          settings: { ...session.settings, ...prepared?.settings },
          logFile: join(artifacts, `code-server-${session.name}.log`),
          timeoutMs,
          log: (m) => steps.log(m),
        }),
      );
      live.servers.add(server);
      const started = server;
      wb = await steps.step(`session ${session.name}: open the workbench`, () =>
        Workbench.open(live.browser!, started.url, { artifacts, timeoutMs, prefix: session.name, log: (m) => steps.log(m) }),
      );
      await wb.screenshot('workbench');
    } catch (err) {
      await report(results, `session ${session.name}`, err, steps, wb);
      if (server) {
        await server.stop(join(artifacts, `editor-logs-${session.name}`));
        live.servers.delete(server);
      }
      await unprepare();
      continue;
    }

    for (const scenario of session.scenarios) {
      console.log(`\n--- scenario: ${scenario.name} ---`);
      const ctx: ScenarioContext = { wb, server, steps, stories: workspace.stories, platform: workspace.platform, artifacts, timeoutMs, readmeDir, fixture: prepared?.fixture };
      try {
        const outcome = (await scenario.run(ctx)) ?? { passed: 1, failed: 0 };
        results.push({ name: scenario.name, outcome });
        console.log(`--- ${outcome.failed ? 'FAILED' : 'passed'}: ${scenario.name} ---`);
      } catch (err) {
        await report(results, scenario.name, err, steps, wb);
        await wb.escape().catch(() => undefined);
      }
    }
    await wb.close();
    await server.stop(join(artifacts, `editor-logs-${session.name}`));
    live.servers.delete(server);
    await unprepare();
  }

  const passed = results.reduce((n, r) => n + r.outcome.passed, 0);
  const failed = results.reduce((n, r) => n + r.outcome.failed, 0);
  console.log('\nsummary:');
  for (const r of results) console.log(`  ${r.outcome.failed ? 'FAIL' : 'ok  '} ${r.name}${r.outcome.passed + r.outcome.failed > 1 ? ` (${r.outcome.passed} passed, ${r.outcome.failed} failed)` : ''}${r.error ? ` — ${r.error}` : ''}`);
  console.log(`screenshots and logs: ${artifacts} [${steps.elapsed()}]`);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

/** Prints which step failed, saves a screenshot, and records the failure. */
async function report(results: Result[], name: string, err: unknown, steps: Steps, wb?: Workbench): Promise<void> {
  if (interrupted) return; // what breaks while the cleanup closes everything is no news
  const where = err instanceof StepError ? `step ${err.step} (${err.title})` : steps.current ? `step ${steps.current.n} (${steps.current.title})` : 'setup';
  const cause = err instanceof StepError ? err.cause : err;
  const message = cause instanceof Error ? cause.message : String(cause);
  console.log(`FAILED at ${where}: ${message}`);
  let shot = '';
  if (wb) {
    shot = await wb.screenshot(`FAILED-step-${err instanceof StepError ? err.step : 'x'}`).catch((e: unknown) => `(no screenshot: ${(e as Error).message})`);
    const toasts = await wb.notifications().catch(() => []);
    if (toasts.length) console.log(`        notifications on screen: ${toasts.map((t) => t.replace(/\s+/g, ' ')).join(' | ')}`);
  }
  console.log(`        screenshot: ${shot || '(none)'}`);
  results.push({ name, outcome: { passed: 0, failed: 1 }, error: `${where}: ${message.split('\n')[0]}` });
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    console.log(`\ne2e: ${signal}: stopping code-server and Chromium, undoing what sessions prepared (databases)`);
    void cleanup().finally(() => {
      console.log('e2e: interrupted');
      process.exit(130);
    });
  });
}

main()
  .then(async (code) => {
    if (interrupted) return; // the signal handler exits
    await cleanup();
    process.exit(code);
  })
  .catch(async (err: unknown) => {
    if (interrupted) return;
    const where = err instanceof StepError ? `step ${err.step} (${err.title})` : 'setup';
    const cause = err instanceof StepError ? err.cause : err;
    console.log(`FAILED at ${where}: ${cause instanceof Error ? cause.message : String(cause)}`);
    await cleanup();
    console.log('e2e: 0 passed, 1 failed');
    process.exit(1);
  });
