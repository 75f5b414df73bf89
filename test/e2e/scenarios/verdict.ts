/**
 * The verdict in the RCA note, in the real editor on the embedded demo: the story `npm run
 * demo` opens says "Likely cause" with its culprit and strong confidence; the story of a calc
 * worker killed for memory after ordinary edits says "Not an input" and blames none of them.
 * Both notes come from the hover of the failed run id in app.log ('RCA Note').
 */
import { DEMO_OPENING_STORIES } from '../../../src/cli/commands/demo';
import type { DemoStory } from '../../../src/demo/stories';
import { closeAllEditors, firstLookupMs, hoverFailedRun, openLog } from '../flows';
import type { Scenario, ScenarioContext } from '../scenario';
import { waitFor } from '../steps';

/** Hovers the run, clicks 'RCA Note' and returns the visible lines of the "## Verdict" section. */
async function verdictOf(ctx: ScenarioContext, story: Pick<DemoStory, 'failed_run_id' | 'failed_status' | 'scenario_name'>): Promise<string> {
  const { wb, steps } = ctx;
  await closeAllEditors(ctx);
  await openLog(ctx);
  await hoverFailedRun(ctx, story);
  await steps.step("click 'RCA Note' in the hover", () => wb.clickHoverLink('RCA Note'));
  await steps.step("a Markdown editor tab opens with the note ('# RCA' first)", () =>
    waitFor('the note to be the active editor', async () => (await wb.activeTabLabel()).startsWith('# RCA'), firstLookupMs(ctx)),
  );
  return steps.step("the note has a '## Verdict' section", async () => {
    const lines = await wb.activeEditorLines();
    const at = lines.findIndex((l) => l.startsWith('## Verdict'));
    if (at < 0) throw new Error(`no '## Verdict' among the visible lines:\n${lines.join('\n').slice(0, 2000)}`);
    const end = lines.findIndex((l, i) => i > at && l.startsWith('## '));
    // Markdown escapes punctuation (\( \) \.) and quotes names in backticks; word wrap splits
    // long lines: compare without backslashes and backticks, whitespace as single spaces.
    return lines
      .slice(at + 1, end < 0 ? undefined : end)
      .join('\n')
      .replace(/[\\`]/g, '')
      .replace(/\s+/g, ' ');
  });
}

async function closeNote(ctx: ScenarioContext): Promise<void> {
  const { wb, steps } = ctx;
  await steps.step("close the note without saving ('View: Revert and Close Editor')", async () => {
    await wb.runCommand('View: Revert and Close Editor');
    await waitFor('the note to close', async () => !(await wb.activeTabLabel()).startsWith('# RCA'), ctx.timeoutMs);
  });
  await closeAllEditors(ctx);
}

export const demoStoryVerdictScenario: Scenario = {
  name: "the story npm run demo opens: the RCA note's verdict says 'Likely cause' with its culprit, confidence strong",
  async run(ctx) {
    const { steps, wb } = ctx;
    const story = ctx.stories.find((s) => s.id === DEMO_OPENING_STORIES[0]);
    if (!story) throw new Error(`no story '${DEMO_OPENING_STORIES[0]}' in the demo`);
    const verdict = await verdictOf(ctx, story);
    await steps.step(`the verdict reads 'Likely cause: ${story.culprit_node_name} changed' and 'Confidence: strong'`, async () => {
      if (!verdict.includes(`Likely cause: ${story.culprit_node_name} changed`)) throw new Error(`the verdict does not blame '${story.culprit_node_name}':\n${verdict}`);
      if (!/Confidence: strong/.test(verdict)) throw new Error(`the verdict is not strong:\n${verdict}`);
    });
    await wb.screenshot('rca-note-likely-cause');
    await closeNote(ctx);
  },
};

export const platformStoryVerdictScenario: Scenario = {
  name: "a worker killed for memory after ordinary edits: the RCA note's verdict says 'Not an input' and blames none of them",
  async run(ctx) {
    const { steps, wb } = ctx;
    const story = ctx.platform.find((p) => p.id === 'oom-after-benign-edits');
    if (!story) throw new Error("no story 'oom-after-benign-edits' in the demo");
    const verdict = await verdictOf(ctx, story);
    await steps.step("the verdict reads 'Not an input: the failure looks like an out-of-memory kill', names no likely or possible cause, and blames none of the edits", async () => {
      if (!/Not an input: the failure looks like an out-of-memory kill/.test(verdict)) throw new Error(`the verdict does not say 'Not an input':\n${verdict}`);
      if (/Likely cause|Possible causes/.test(verdict)) throw new Error(`the verdict blames an input:\n${verdict}`);
      if (!/none blamed/.test(verdict)) throw new Error(`the verdict does not say the changed inputs are not blamed:\n${verdict}`);
      if (!/Confidence: none/.test(verdict)) throw new Error(`the verdict's confidence is not none:\n${verdict}`);
    });
    await wb.screenshot('rca-note-not-an-input');
    await closeNote(ctx);
  },
};
