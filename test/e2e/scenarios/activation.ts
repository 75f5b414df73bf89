/**
 * How long the extension takes to activate in code-server's extension host, as the editor
 * itself reports it: 'Developer: Show Running Extensions' shows, per extension, the time to
 * load its code plus the time its activate() ran (VS Code's own ActivationTimes,
 * codeLoadingTime + activateCallTime). Opening the ClearSight RCA view activates it first
 * (onView), as for a person. The figure is printed (`activation: N ms`) for the README;
 * the scenario fails only if the editor shows no time or an activation error.
 */
import type { Scenario } from '../scenario';
import { waitFor } from '../steps';

export const activationScenario: Scenario = {
  name: 'activation time in the extension host (Developer: Show Running Extensions)',
  async run(ctx) {
    const { wb, steps } = ctx;
    await steps.step("click the 'ClearSight RCA' icon in the activity bar (activates the extension)", () => wb.showViewContainer('ClearSight RCA'));
    await steps.step("run 'Developer: Show Running Extensions'", () => wb.runCommand('Developer: Show Running Extensions'));
    const row = wb.page.locator('.runtime-extensions-editor .extension', { has: wb.page.locator('.name', { hasText: /^ClearSight RCA$/ }) }).first();
    const text = await steps.step("the ClearSight RCA row shows 'Activation: N ms'", () =>
      waitFor('an activation time on the ClearSight RCA row', async () => {
        if (!(await row.isVisible())) return undefined;
        const t = (await row.locator('.activation-time').innerText()).trim();
        return /\d+ms$/.test(t) ? t : undefined;
      }, ctx.timeoutMs),
    );
    const ms = Number(/(\d+)ms$/.exec(text)![1]);
    steps.log(`activation: ${ms} ms (${text}; code loading + activate() as the extension host measured it)`);
    const msg = (await row.locator('.msg').innerText().catch(() => '')).trim();
    if (/error/i.test(msg)) throw new Error(`the running extensions editor reports: ${msg}`);
    await wb.screenshot('running-extensions');
  },
};
