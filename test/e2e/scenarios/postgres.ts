/**
 * The same investigation against the real PostgreSQL server (127.0.0.1:5432): a fresh
 * database seeded with the demo's source tables and a read-only login role with a password
 * (pgFixture.ts). code-server starts with settings.json naming that database for
 * production and reporting; the password goes in through 'ClearSight: Set Database
 * Password…' (SecretStorage). Then: status bar, Scenarios tree, hover, timeline, compare
 * with the last success (reading production directly), the ETL (full, then incremental)
 * into the reporting schema, and the diff again, now read from the reporting schema.
 *
 * pg_hba.conf on this machine trusts 127.0.0.1, so the server does not check the password:
 * the test proves the password input and SecretStorage path run, not that the server
 * accepted the password.
 */
import type { PgFixture } from '../pgFixture';
import { createPgFixture } from '../pgFixture';
import {
  closeAllEditors,
  expectDiffNamesCulprit,
  expectFailingNow,
  firstLookupMs,
  hoverFailedRun,
  investigateFromPalette,
  oneLine,
  openLog,
  storyScenarioNames,
} from '../flows';
import type { Scenario, ScenarioContext, Session } from '../scenario';
import { waitFor } from '../steps';

/** The full ETL of the demo data takes seconds; this bounds a slow machine. */
const ETL_TIMEOUT_MS = 180_000;

function fixtureOf(ctx: ScenarioContext): PgFixture {
  const f = ctx.fixture as PgFixture | undefined;
  if (!f?.url) throw new Error('the session has no PostgreSQL fixture');
  return f;
}

/** Run ETL Now… → mode → the notification that it is done (an 'ETL failed' one fails at once). */
async function runEtl(ctx: ScenarioContext, mode: 'Full' | 'Incremental'): Promise<string> {
  const { wb, steps } = ctx;
  await steps.step(`run 'ClearSight: Run ETL Now…' and pick '${mode}'`, async () => {
    await wb.clearNotifications();
    await wb.runCommand('ClearSight: Run ETL Now…');
    await wb.quickPick(mode, mode);
  });
  const done = new RegExp(`${mode.toLowerCase()} ETL done in .* rows loaded`);
  const text = await steps.step(
    `the notification says the ${mode.toLowerCase()} ETL is done`,
    () =>
      waitFor(
        `a notification matching ${String(done)}`,
        async () => {
          const shown = (await wb.notifications()).map(oneLine);
          const failed = shown.find((t) => /ETL failed|ETL cancelled/.test(t));
          if (failed) throw Object.assign(new Error(failed), { fatal: true });
          return shown.find((t) => done.test(t));
        },
        ETL_TIMEOUT_MS,
        200,
      ).catch(async (err: Error) => {
        const shown = (await wb.notifications()).map(oneLine).find((t) => /ETL failed|ETL cancelled/.test(t));
        throw shown ? new Error(`the ETL did not finish: ${shown}`) : err;
      }),
    ETL_TIMEOUT_MS + 10_000,
  );
  steps.log(text);
  return text;
}

export const postgresScenario: Scenario = {
  name: 'PostgreSQL server: set password, status bar, tree, hover, timeline, compare, ETL',
  async run(ctx) {
    const { wb, steps } = ctx;
    const pg = fixtureOf(ctx);
    const story = ctx.stories[0];

    await steps.step("run 'ClearSight: Set Database Password…' and pick 'Production'", async () => {
      await wb.runCommand('ClearSight: Set Database Password…');
      await wb.quickPick('Production', 'Production');
    });
    await steps.step('type the password into the masked input box', async () => {
      const input = wb.page.locator('.quick-input-widget input[type="password"]');
      await input.waitFor({ state: 'visible', timeout: ctx.timeoutMs }).catch(() => {
        throw new Error('no password input box (input type=password) after picking Production');
      });
      const title = oneLine((await wb.page.locator('.quick-input-widget .quick-input-title').textContent()) ?? '');
      if (!/password for the production database/i.test(title)) throw new Error(`the input box is titled '${title}'`);
      await wb.inputBox(pg.password);
    });
    await steps.step("the notification says 'production password stored'", () => wb.waitForNotification('ClearSight: production password stored.'));
    await wb.screenshot('pg-password-stored');

    await steps.step(`the status bar shows the database ${pg.label}`, () => wb.waitForStatusBarItem(new RegExp(`^${pg.label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} · `), firstLookupMs(ctx)));

    await steps.step("the ClearSight RCA view shows 'Scenarios' (no welcome view: production is configured)", async () => {
      await wb.showViewContainer('ClearSight RCA');
      await waitFor('the Scenarios view', async () => /: Scenarios$/i.test((await wb.sideBarTitle()) ?? ''), ctx.timeoutMs);
    });
    await steps.step("'Failing now' lists the story scenarios, read from PostgreSQL", () => expectFailingNow(ctx, storyScenarioNames(ctx.stories)));
    await wb.parkMouse();
    await wb.screenshot('pg-scenarios-tree');

    await openLog(ctx);
    await hoverFailedRun(ctx, story);
    await wb.screenshot('pg-hover');
    await wb.escape();
    await steps.step(`the server has sessions of role ${pg.role} from 'clearsight-rca' in ${pg.database} (pg_stat_activity)`, async () => {
      const sessions = await pg.sessions();
      if (!(sessions['clearsight-rca'] > 0)) throw new Error(`no session of ${pg.role} named clearsight-rca: ${JSON.stringify(sessions)}`);
      steps.log(`sessions of ${pg.role}: ${JSON.stringify(sessions)}`);
    });

    await investigateFromPalette(ctx, story);
    await wb.parkMouse();
    await wb.screenshot('pg-timeline');

    await steps.step("run 'ClearSight: Compare with Last Success' and pick the scenario", async () => {
      await wb.runCommand('ClearSight: Compare with Last Success');
      await wb.quickPick(story.scenario_name, story.scenario_id.slice(0, 8));
    });
    let seen = await steps.step(`the diff ranks '${story.culprit_node_name}' first, path ${story.culprit_path}`, () => expectDiffNamesCulprit(ctx, story));
    steps.log(`diff: #1 ${seen.rank1}, paths ${JSON.stringify(seen.paths.slice(0, 3))}`);
    await steps.step(`the diff says it read ${pg.label} (production)`, () => wb.webviewFrame('.meta', `${pg.label} (production)`).then(() => undefined));
    await wb.parkMouse();
    await wb.screenshot('pg-diff-production');

    await closeAllEditors(ctx);
    await runEtl(ctx, 'Full');
    await runEtl(ctx, 'Incremental');
    await steps.step(`the status bar shows ${pg.label} with fresh reporting data`, () => wb.waitForStatusBarItem(`${pg.label} · reporting data just loaded`));
    await wb.screenshot('pg-after-etl');

    // Now the analyses read the reporting schema the ETL wrote.
    await closeAllEditors(ctx);
    await openLog(ctx);
    await hoverFailedRun(ctx, story);
    await steps.step("click 'Compare with Last Success' in the hover", () => wb.clickHoverLink('Compare with Last Success'));
    seen = await steps.step(`the diff ranks '${story.culprit_node_name}' first, read from the reporting schema`, () => expectDiffNamesCulprit(ctx, story));
    await steps.step(`the diff says it read ${pg.reportingLabel} (reporting schema)`, () => wb.webviewFrame('.meta', `${pg.reportingLabel} (reporting schema)`).then(() => undefined));
    await wb.parkMouse();
    await wb.screenshot('pg-diff-reporting');
    await closeAllEditors(ctx);
  },
};

/** The session: its own code-server whose settings name the fresh database. */
export const postgresSession: Session = {
  name: 'postgres',
  vsix: 'production',
  async prepare(log) {
    const pg = await createPgFixture(log);
    return {
      fixture: pg,
      settings: { 'clearsight.production.url': pg.url, 'clearsight.reporting.url': pg.reportingUrl },
      dispose: () => pg.dispose(),
    };
  },
  scenarios: [postgresScenario],
};
