/**
 * The Overview and a user journey in the real editor (dark theme): the Overview's title,
 * range and top failing scenarios (the demo's failure stories among them), then the journey
 * of the user who created the first story's scenario, with its days of actions. With
 * --readme-screenshots DIR the pictures are copied there as overview-dark.png and
 * journey-dark.png.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { closeAllEditors, firstLookupMs, oneLine, storyScenarioNames } from '../flows';
import type { Scenario, ScenarioContext } from '../scenario';

/** The user who created the demo's first story scenario (the deterministic demo). */
const JOURNEY_USER = 'a.moreau';

async function shoot(ctx: ScenarioContext, name: string): Promise<void> {
  await ctx.wb.clearNotifications();
  await ctx.wb.parkMouse();
  const file = await ctx.wb.screenshot(name);
  if (ctx.readmeDir) {
    mkdirSync(ctx.readmeDir, { recursive: true });
    copyFileSync(file, join(ctx.readmeDir, `${name}-dark.png`));
    ctx.steps.log(`copied to ${join(ctx.readmeDir, `${name}-dark.png`)}`);
  }
}

export const overviewScenario: Scenario = {
  name: 'Overview and a user journey: top failing scenarios, a user\'s days of actions',
  async run(ctx) {
    const { wb, steps } = ctx;
    await closeAllEditors(ctx);
    await steps.step('close the side bar', () => wb.hideSideBar());
    await steps.step("run 'ClearSight: Overview'", () => wb.runCommand('ClearSight: Overview'));
    const overview = await steps.step('the Overview lists its top failing scenarios', () =>
      wb.webviewFrame('[data-testid="top-failing-table"] [data-testid="scenario-link"]', undefined, firstLookupMs(ctx)),
    );
    await steps.step('its title and range are shown', async () => {
      const title = oneLine((await overview.locator('[data-testid="overview-title"]').textContent()) ?? '');
      if (!title.includes('ClearSight Overview')) throw new Error(`the title reads '${title}'`);
      const range = oneLine((await overview.locator('[data-testid="overview-range"]').textContent()) ?? '');
      if (!/^Runs started .+\(\d+ days?\)$/.test(range)) throw new Error(`the range reads '${range}'`);
    });
    await steps.step('a failure story is among the top failing scenarios', async () => {
      const links = (await overview.locator('[data-testid="top-failing-table"] [data-testid="scenario-link"]').allTextContents()).map(oneLine);
      const stories = storyScenarioNames(ctx.stories);
      if (!links.some((l) => stories.includes(l))) throw new Error(`top failing: ${links.join(' | ')}; stories: ${stories.join(' | ')}`);
    });
    await shoot(ctx, 'overview');

    await steps.step("run 'ClearSight: User Journey…'", () => wb.runCommand('ClearSight: User Journey…'));
    await steps.step(`pick '${JOURNEY_USER}'`, () => wb.quickPick(JOURNEY_USER, JOURNEY_USER));
    const journey = await steps.step(`the journey of '${JOURNEY_USER}' lists days of actions`, () =>
      wb.webviewFrame('[data-testid="journey-days"]', undefined, firstLookupMs(ctx)),
    );
    await steps.step('its heading names the user', async () => {
      const user = oneLine((await journey.locator('[data-testid="journey-user"]').textContent()) ?? '');
      if (user !== JOURNEY_USER) throw new Error(`the heading reads '${user}'`);
    });
    await shoot(ctx, 'journey');
    await closeAllEditors(ctx);
  },
};
