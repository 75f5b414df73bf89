/**
 * README screenshots from the real editor, in the dark and the light default theme: the
 * Scenarios tree (Failing now, one scenario expanded to its runs), the hover over a failed
 * run id, the timeline panel, the input snapshot panel and the run diff panel. With
 * --readme-screenshots DIR they are copied there as <name>-<dark|light>.png (tree, hover,
 * timeline, snapshot, diff). Each picture is taken once what it shows is asserted.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DARK_THEME, LIGHT_THEME } from '../codeServer';
import {
  backToTimeline,
  closeAllEditors,
  expectDiffNamesCulprit,
  expectFailingNow,
  expectSnapshot,
  firstLookupMs,
  hoverFailedRun,
  investigateFromPalette,
  openLog,
  selectFailedRunEvent,
  showScenariosView,
  storyScenarioNames,
} from '../flows';
import type { Scenario, ScenarioContext } from '../scenario';
import { waitFor } from '../steps';

/** Side bar width of the tree picture: the scenario names and their descriptions fit. */
const SIDE_BAR_WIDTH = 470;

/** A clean picture: no notification; the mouse parked unless a hover is the subject. */
async function shoot(ctx: ScenarioContext, name: string, o: { hover?: boolean } = {}): Promise<void> {
  if (!o.hover) {
    await ctx.wb.clearNotifications();
    await ctx.wb.parkMouse();
  } else if ((await ctx.wb.notifications()).length > 0) {
    throw new Error('a notification would cover the hover picture');
  } else {
    await ctx.wb.hover().waitFor({ state: 'visible', timeout: ctx.timeoutMs });
  }
  const file = await ctx.wb.screenshot(`readme-${name}`);
  if (ctx.readmeDir) {
    mkdirSync(ctx.readmeDir, { recursive: true });
    copyFileSync(file, join(ctx.readmeDir, `${name}.png`));
    ctx.steps.log(`copied to ${join(ctx.readmeDir, `${name}.png`)}`);
  }
}

export const themeScreenshots: Scenario = {
  name: 'README screenshots, dark and light theme: tree, hover, timeline, snapshot, diff',
  async run(ctx) {
    const { wb, steps } = ctx;
    const story = ctx.stories[0];
    for (const [label, theme, kind] of [
      ['dark', DARK_THEME, 'vs-dark'],
      ['light', LIGHT_THEME, 'vs'],
    ] as const) {
      await steps.step(`switch to '${theme}' (Preferences: Color Theme)`, () => wb.setColorTheme(theme, kind));
      await closeAllEditors(ctx);

      // The tree next to the log it starts from.
      await steps.step('show the Scenarios view, wide enough for the descriptions', async () => {
        await showScenariosView(ctx);
        await wb.setSideBarWidth(SIDE_BAR_WIDTH);
      });
      await steps.step("'Failing now' lists the story scenarios", () => expectFailingNow(ctx, storyScenarioNames(ctx.stories)));
      await steps.step(`expand '${story.scenario_name}' to its runs`, async () => {
        await wb.expandTreeRow(story.scenario_name);
        await waitFor(
          'the run rows, the failed run among them',
          async () => (await wb.sideBarTreeRows()).some((r) => r.level === 3 && r.label.endsWith(story.failed_run_id.slice(0, 8)) && r.description.startsWith(story.failed_status === 'timeout' ? 'timed out' : 'failed')),
          firstLookupMs(ctx),
        );
      });
      await openLog(ctx);
      await shoot(ctx, `tree-${label}`);
      await wb.clearNotifications();

      await hoverFailedRun(ctx, story);
      await shoot(ctx, `hover-${label}`, { hover: true });
      await wb.escape();

      // The panels get the whole window.
      await steps.step('close the side bar', () => wb.hideSideBar());
      const timeline = await investigateFromPalette(ctx, story);
      await shoot(ctx, `timeline-${label}`);

      const details = await selectFailedRunEvent(ctx, timeline, story);
      await steps.step("click 'Input snapshot' in the event details", () => details.locator('[data-testid="open-snapshot"]').click());
      await expectSnapshot(ctx, story);
      await shoot(ctx, `snapshot-${label}`);

      const compare = await steps.step('back to the timeline tab: it shows the same event details again', () => backToTimeline(ctx, story));
      await steps.step("click 'Compare with last success' in the event details", () => compare.click());
      await steps.step(`the diff ranks '${story.culprit_node_name}' first`, () => expectDiffNamesCulprit(ctx, story));
      await shoot(ctx, `diff-${label}`);
    }
    await closeAllEditors(ctx);
    await steps.step(`back to '${DARK_THEME}'`, () => wb.setColorTheme(DARK_THEME, 'vs-dark'));
  },
};
