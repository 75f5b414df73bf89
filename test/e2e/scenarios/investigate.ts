/**
 * What a person does with the extension, on the embedded demo database: hover a failed
 * run id in a log, investigate its scenario from the palette, compare with the last
 * success. The ids come from the demo's failure stories (app.log names them).
 */
import type { DemoStory } from '../../../src/demo/stories';
import type { Scenario, ScenarioContext } from '../scenario';

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** The first lookup of a session also opens the demo database: it gets longer than other waits. */
const firstLookupMs = (ctx: ScenarioContext): number => Math.max(ctx.timeoutMs, 90_000);

/** Opens app.log and hovers the story's failed run id; the hover names the scenario. */
export async function hoverFailedRun(ctx: ScenarioContext, story: DemoStory): Promise<void> {
  const { wb, steps } = ctx;
  await steps.step('open app.log with Quick Open', () => wb.openFile('app.log'));
  const text = await steps.step(`hover run ${story.failed_run_id}: shows '${story.scenario_name}'`, () =>
    wb.hoverText(story.failed_run_id, story.scenario_name, firstLookupMs(ctx)),
  );
  steps.log(`hover: ${oneLine(text).slice(0, 200)}`);
}

/** Investigate Scenario… → pick the story's scenario → the timeline names the culprit input. */
export async function openTimeline(ctx: ScenarioContext, story: DemoStory): Promise<void> {
  const { wb, steps } = ctx;
  await steps.step("run 'ClearSight: Investigate Scenario…'", () => wb.runCommand('ClearSight: Investigate Scenario…'));
  await steps.step(`pick '${story.scenario_name}' (typing its id prefix)`, () => wb.quickPick(story.scenario_name, story.scenario_id.slice(0, 8)));
  await steps.step(`a webview shows '${story.scenario_name}'`, () =>
    wb.webviewFrame('body', story.scenario_name, firstLookupMs(ctx)).then(() => undefined),
  );
  await steps.step(`the timeline names the culprit input '${story.culprit_node_name}'`, () =>
    wb.webviewFrame('body', story.culprit_node_name).then(() => undefined),
  );
}

export const hoverScenario: Scenario = {
  name: 'hover a failed run id in app.log',
  async run(ctx) {
    await hoverFailedRun(ctx, ctx.stories[0]);
    await ctx.wb.screenshot('hover-failed-run');
    await ctx.wb.escape();
  },
};

export const investigateScenario: Scenario = {
  name: 'investigate a failed scenario and compare with the last success',
  async run(ctx) {
    const { wb, steps } = ctx;
    const story = ctx.stories[0];
    await openTimeline(ctx, story);
    await wb.screenshot('timeline');
    await steps.step("click 'Compare last success vs first failure' in the timeline", () =>
      wb.clickInWebview('button, vscode-button, a', /Compare (with )?last success/i),
    );
    await steps.step('a tab titled Diff or Compare becomes active', () =>
      wb.page.locator('.tab.active', { hasText: /diff|compar/i }).waitFor({ state: 'visible', timeout: ctx.timeoutMs }),
    );
    await steps.step(`the diff names the culprit input '${story.culprit_node_name}'`, () =>
      wb.webviewFrame('body', story.culprit_node_name).then(() => undefined),
    );
    await wb.screenshot('diff');
    await steps.step("run 'View: Close All Editors'", () => wb.runCommand('View: Close All Editors'));
  },
};
