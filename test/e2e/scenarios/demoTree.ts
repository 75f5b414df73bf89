/**
 * Demo mode from a fresh editor: the ClearSight RCA view first shows the welcome view;
 * 'Try the Demo Database' switches it to the Scenarios tree, whose 'Failing now' group
 * lists the scenarios of the demo's failure stories. Runs first in its session: any
 * lookup (a hover) would open the demo and skip the welcome view.
 */
import { expectFailingNow, storyScenarioNames } from '../flows';
import type { Scenario } from '../scenario';
import { waitFor } from '../steps';

export const demoTreeScenario: Scenario = {
  name: 'demo mode: the welcome view, then the Scenarios tree lists the failing scenarios',
  async run(ctx) {
    const { wb, steps } = ctx;
    await steps.step("click the 'ClearSight RCA' icon in the activity bar", () => wb.showViewContainer('ClearSight RCA'));
    const demo = wb.page.locator('.part.sidebar .welcome-view-content .monaco-button', { hasText: 'Try the Demo Database' }).first();
    await steps.step("nothing configured: the 'Get Started' welcome view offers 'Try the Demo Database'", async () => {
      const title = await wb.sideBarTitle();
      if (!/: Get Started$/i.test(title ?? '')) throw new Error(`the side bar shows '${title}', expected 'ClearSight RCA: Get Started'`);
      await demo.waitFor({ state: 'visible', timeout: ctx.timeoutMs });
      await wb.page.locator('.part.sidebar .welcome-view-content .monaco-button', { hasText: 'Connect to Production' }).first().waitFor({ state: 'visible', timeout: ctx.timeoutMs });
    });
    await wb.parkMouse();
    await wb.screenshot('welcome-view');
    await steps.step("click 'Try the Demo Database'", () => demo.click());
    await steps.step("the 'Scenarios' view replaces the welcome view", () =>
      waitFor('the side bar title to be ClearSight RCA: Scenarios', async () => /: Scenarios$/i.test((await wb.sideBarTitle()) ?? ''), ctx.timeoutMs),
    );
    const names = storyScenarioNames(ctx.stories);
    const rows = await steps.step(`'Failing now' is expanded and lists the ${names.length} scenarios of the failure stories`, () => expectFailingNow(ctx, names));
    steps.log(`'Failing now' shows ${rows.length} scenarios: ${rows.join(' | ')}`);
    await steps.step("the status bar says 'demo'", () => wb.waitForStatusBarItem(/^demo · /));
    await wb.parkMouse();
    await wb.screenshot('scenarios-tree');
  },
};
