/**
 * README screenshots in the dark and the light default theme: the hover over a failed run
 * id and the timeline of its scenario. With --readme-screenshots DIR they are copied there
 * as hover-dark.png, timeline-dark.png, hover-light.png, timeline-light.png.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DARK_THEME, LIGHT_THEME } from '../codeServer';
import type { Scenario, ScenarioContext } from '../scenario';
import { hoverFailedRun, openTimeline } from './investigate';

async function shoot(ctx: ScenarioContext, name: string): Promise<void> {
  const file = await ctx.wb.screenshot(`readme-${name}`);
  if (ctx.readmeDir) {
    mkdirSync(ctx.readmeDir, { recursive: true });
    copyFileSync(file, join(ctx.readmeDir, `${name}.png`));
    ctx.steps.log(`copied to ${join(ctx.readmeDir, `${name}.png`)}`);
  }
}

export const themeScreenshots: Scenario = {
  name: 'README screenshots, dark and light theme',
  async run(ctx) {
    const { wb, steps } = ctx;
    const story = ctx.stories[0];
    for (const [label, theme, kind] of [
      ['dark', DARK_THEME, 'vs-dark'],
      ['light', LIGHT_THEME, 'vs'],
    ] as const) {
      await steps.step(`switch to '${theme}' (Preferences: Color Theme)`, () => wb.setColorTheme(theme, kind));
      await steps.step("run 'View: Close All Editors'", () => wb.runCommand('View: Close All Editors'));
      await hoverFailedRun(ctx, story);
      await shoot(ctx, `hover-${label}`);
      await wb.escape();
      await openTimeline(ctx, story);
      await shoot(ctx, `timeline-${label}`);
    }
    await steps.step("run 'View: Close All Editors'", () => wb.runCommand('View: Close All Editors'));
    await steps.step(`back to '${DARK_THEME}'`, () => wb.setColorTheme(DARK_THEME, 'vs-dark'));
  },
};
