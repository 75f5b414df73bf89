/**
 * Run Diagnostics from a hover: the failed run id in app.log → the hover's 'Run
 * Diagnostics' link → the panel with the run's category and its log lines from the demo's
 * engine logs → the ERROR line's Python traceback, expanded.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { closeAllEditors, firstLookupMs, hoverFailedRun, oneLine, openLog } from '../flows';
import type { Scenario } from '../scenario';

export const diagnosticsScenario: Scenario = {
  name: "Run Diagnostics from the hover: the run's log lines with the Python traceback",
  async run(ctx) {
    const { wb, steps } = ctx;
    const story = ctx.stories.find((s) => s.id === 'division-by-zero') ?? ctx.stories[0];
    await closeAllEditors(ctx);
    await openLog(ctx);
    await hoverFailedRun(ctx, story);
    await steps.step("click 'Run Diagnostics' in the hover", () => wb.clickHoverLink('Run Diagnostics'));
    const frame = await steps.step("the Run Diagnostics panel lists the run's log lines", () => wb.webviewFrame('[data-testid="log-line"]', undefined, firstLookupMs(ctx)));
    await steps.step("its error category is 'calculation'", async () => {
      const cat = oneLine((await frame.locator('[data-testid="error-category"]').first().textContent()) ?? '');
      if (cat !== 'calculation') throw new Error(`the category badge says '${cat}'`);
    });
    const errorLine = frame.locator('[data-testid="log-line"].lvl-error', { has: frame.locator('[data-testid="log-stack"]') }).first();
    await steps.step('the ERROR line has a collapsed stack trace; clicking it shows the traceback', async () => {
      const stack = errorLine.locator('[data-testid="log-stack"]');
      if ((await stack.getAttribute('open')) !== null) throw new Error('the stack is expanded before a click');
      await stack.locator('summary').click();
      const text = errorLine.locator('[data-testid="log-stack-text"]');
      await text.waitFor({ state: 'visible', timeout: ctx.timeoutMs });
      const shown = (await text.innerText()).trim();
      if (!shown.startsWith('Traceback (most recent call last):') || !shown.includes('ZeroDivisionError')) throw new Error(`the stack shows: ${shown.slice(0, 300)}`);
      steps.log(`traceback: ${oneLine(shown).slice(0, 200)}`);
    });
    await steps.step('the line opens its file at its line (a location link)', async () => {
      const where = oneLine((await errorLine.locator('[data-testid="open-line"]').first().textContent()) ?? '');
      if (!/:\d+$/.test(where)) throw new Error(`the location reads '${where}'`);
    });
    await wb.parkMouse();
    const file = await wb.screenshot('run-diagnostics');
    if (ctx.readmeDir) {
      mkdirSync(ctx.readmeDir, { recursive: true });
      copyFileSync(file, join(ctx.readmeDir, 'run-diagnostics-dark.png'));
    }
    await closeAllEditors(ctx);
  },
};
