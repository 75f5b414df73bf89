/**
 * What a person does with the extension, on the embedded demo database: hover a failed
 * run id in a log, investigate its scenario from the palette (timeline → the failed run's
 * event → its input snapshot → compare with the last success), and write the RCA note
 * from the hover. The ids come from the demo's failure stories (app.log names them).
 */
import {
  backToTimeline,
  closeAllEditors,
  expectDiffNamesCulprit,
  expectSnapshot,
  firstLookupMs,
  hoverFailedRun,
  investigateFromPalette,
  oneLine,
  openLog,
  selectFailedRunEvent,
} from '../flows';
import type { Scenario } from '../scenario';
import { waitFor } from '../steps';

export const hoverScenario: Scenario = {
  name: 'hover a failed run id in app.log: status, fail reason, failed node and three links',
  async run(ctx) {
    const { wb, steps } = ctx;
    const story = ctx.stories[0];
    await openLog(ctx);
    const text = await hoverFailedRun(ctx, story);
    await steps.step(`the hover lists the failed node '${story.failed_node_name}'`, async () => {
      if (!/Failed nodes \(\d+\):/.test(text) || !text.includes(story.failed_node_name)) throw new Error(`no failed node '${story.failed_node_name}' in the hover: ${text}`);
    });
    await wb.screenshot('hover-failed-run');
    await wb.escape();
  },
};

export const investigateScenario: Scenario = {
  name: 'investigate a failed scenario: timeline chart and events, input snapshot, compare with the last success',
  async run(ctx) {
    const { wb, steps } = ctx;
    const story = ctx.stories[0];
    await closeAllEditors(ctx);
    const timeline = await investigateFromPalette(ctx, story);
    await wb.parkMouse();
    await wb.screenshot('timeline');
    const details = await selectFailedRunEvent(ctx, timeline, story);
    await wb.screenshot('timeline-event-details');

    await steps.step("click 'Input snapshot' in the event details", () => details.locator('[data-testid="open-snapshot"]').click());
    await expectSnapshot(ctx, story);
    await wb.screenshot('snapshot');

    const compare = await steps.step('back to the timeline tab: it shows the same event details again', () => backToTimeline(ctx, story));
    await steps.step("click 'Compare with last success' in the event details", () => compare.click());
    await steps.step(`the diff tab 'Diff: ${story.scenario_name}' becomes active`, () =>
      wb.page.locator('.tab.active', { hasText: `Diff: ${story.scenario_name}` }).waitFor({ state: 'visible', timeout: firstLookupMs(ctx) }),
    );
    const seen = await steps.step(`the diff ranks the culprit '${story.culprit_node_name}' first, with the path ${story.culprit_path}`, () => expectDiffNamesCulprit(ctx, story));
    steps.log(`diff: #1 ${seen.rank1} (data-culprit=${seen.culprit}), paths ${JSON.stringify(seen.paths.slice(0, 5))}`);
    await steps.step(`the node calc status changes list '${story.failed_node_name}' as failed in run B`, async () => {
      const frame = await wb.webviewFrame('[data-testid="calc-row"]', story.failed_node_name);
      const row = oneLine((await frame.locator('[data-testid="calc-row"]', { hasText: story.failed_node_name }).first().textContent()) ?? '');
      if (!/failed/i.test(row)) throw new Error(`the calc row of '${story.failed_node_name}' says '${row}'`);
    });
    await wb.parkMouse();
    await wb.screenshot('diff');
    await closeAllEditors(ctx);
  },
};

export const rcaNoteScenario: Scenario = {
  name: "generate the RCA note from the hover's 'RCA Note' link",
  async run(ctx) {
    const { wb, steps } = ctx;
    const story = ctx.stories[0];
    await closeAllEditors(ctx);
    await openLog(ctx);
    await hoverFailedRun(ctx, story);
    await steps.step("click 'RCA Note' in the hover", () => wb.clickHoverLink('RCA Note'));
    await steps.step("a Markdown editor tab opens with the note ('# RCA' first)", async () => {
      await waitFor('the note to be the active editor', async () => (await wb.activeTabLabel()).startsWith('# RCA'), firstLookupMs(ctx));
      await wb.waitForStatusBarItem(/^Markdown$/);
    });
    await steps.step(`the note names the scenario and the culprit input '${story.culprit_node_name}'`, async () => {
      const lines = await wb.activeEditorLines();
      const text = lines.join('\n');
      if (!lines[0]?.startsWith('# RCA')) throw new Error(`the first line is '${lines[0]}'`);
      // Markdown escapes the scenario name's punctuation (\( \)); compare without backslashes.
      const plain = text.replace(/\\/g, '');
      const missing = [story.scenario_name, story.culprit_node_name, story.failed_run_id].filter((t) => !plain.includes(t));
      if (missing.length) throw new Error(`the visible note lacks ${JSON.stringify(missing)}:\n${text.slice(0, 1500)}`);
      const cause = lines.findIndex((l) => l.startsWith('## Verdict'));
      if (cause < 0 || !lines.slice(cause, cause + 4).join(' ').includes(story.culprit_node_name)) {
        throw new Error(`'## Verdict' does not name '${story.culprit_node_name}':\n${lines.slice(Math.max(0, cause), cause + 4).join('\n')}`);
      }
    });
    await steps.step("the notification offers 'Copy to Clipboard'", () => wb.waitForNotification(/RCA note ready for the ticket/));
    await wb.screenshot('rca-note');
    await steps.step("close the note without saving ('View: Revert and Close Editor')", async () => {
      await wb.runCommand('View: Revert and Close Editor');
      await waitFor('the note to close', async () => !(await wb.activeTabLabel()).startsWith('# RCA'), ctx.timeoutMs);
    });
    await closeAllEditors(ctx);
  },
};
