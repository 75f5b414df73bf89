/**
 * What a person does with the extension, as reusable steps: hover a run id in app.log,
 * investigate a scenario, pick an event of the timeline, open its input snapshot, compare
 * with the last success, show the Scenarios tree. Each function asserts what the person
 * sees (the text on screen, the data-testid hooks of the webviews) and fails with what it
 * saw instead. The ids and names come from the demo's failure stories.
 */
import type { Frame, Locator } from 'playwright-core';
import type { DemoStory } from '../../src/demo/stories';
import type { ScenarioContext } from './scenario';
import { waitFor } from './steps';

export const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** The first lookup of a session also opens the database: it gets longer than other waits. */
export const firstLookupMs = (ctx: ScenarioContext): number => Math.max(ctx.timeoutMs, 90_000);

/** The links of a failed run's hover, in order. */
export const HOVER_LINKS = ['Open Timeline', 'Compare with Last Success', 'RCA Note', 'Run Diagnostics'] as const;

const testid = (id: string): string => `[data-testid="${id}"]`;

/** The story's failed run as the timeline labels it. */
export const failedEventLabel = (story: DemoStory): string => (story.failed_status === 'timeout' ? 'Run timed out' : 'Run failed');

/** View: Close All Editors, and no notification left in a corner. */
export async function closeAllEditors(ctx: ScenarioContext): Promise<void> {
  const { wb, steps } = ctx;
  await steps.step("run 'View: Close All Editors' and clear the notifications", async () => {
    await wb.runCommand('View: Close All Editors');
    await wb.page.locator('.editor-group-container .tab').first().waitFor({ state: 'detached', timeout: ctx.timeoutMs });
    await wb.clearNotifications();
  });
}

/** Opens app.log with Quick Open (a precondition, not a counted action). */
export async function openLog(ctx: ScenarioContext): Promise<void> {
  await ctx.steps.step('open app.log with Quick Open', () => ctx.wb.openFile('app.log'));
}

/**
 * Hovers the story's failed run id in app.log (which must be the active editor): the hover
 * shows the run's status, its scenario, the fail reason and the three links.
 */
export async function hoverFailedRun(ctx: ScenarioContext, story: Pick<DemoStory, 'failed_run_id' | 'failed_status' | 'scenario_name'>, timeoutMs = firstLookupMs(ctx)): Promise<string> {
  const { wb, steps } = ctx;
  const status = story.failed_status === 'timeout' ? 'Run timed out' : 'Run failed';
  const text = await steps.step(`hover run ${story.failed_run_id}: '${status}' of '${story.scenario_name}' and the links ${HOVER_LINKS.join(', ')}`, async () => {
    const shown = oneLine(await wb.hoverText(story.failed_run_id, HOVER_LINKS[HOVER_LINKS.length - 1], timeoutMs));
    const missing = [status, story.scenario_name, 'Fail reason:'].filter((t) => !shown.includes(t));
    if (missing.length) throw new Error(`the hover lacks ${missing.map((m) => `'${m}'`).join(', ')}: ${shown}`);
    const links = await wb.hoverLinks();
    if (links.join(' | ') !== HOVER_LINKS.join(' | ')) throw new Error(`the hover's links are ${JSON.stringify(links)}, expected ${JSON.stringify(HOVER_LINKS)}`);
    return shown;
  });
  steps.log(`hover: ${text.slice(0, 220)}`);
  return text;
}

/** Investigate Scenario… from the palette → pick the story's scenario → its timeline panel. */
export async function investigateFromPalette(ctx: ScenarioContext, story: DemoStory): Promise<Frame> {
  const { wb, steps } = ctx;
  await steps.step("run 'ClearSight: Investigate Scenario…'", () => wb.runCommand('ClearSight: Investigate Scenario…'));
  await steps.step(`pick '${story.scenario_name}' (typing its id prefix)`, () => wb.quickPick(story.scenario_name, story.scenario_id.slice(0, 8)));
  return expectTimeline(ctx, story);
}

/**
 * The timeline panel of the story's scenario: its title, a chart that has drawn (a canvas
 * of non-zero size with painted pixels), one event row per event (up to the first page),
 * and the culprit input named in the events.
 */
export async function expectTimeline(ctx: ScenarioContext, story: DemoStory): Promise<Frame> {
  const { wb, steps } = ctx;
  const frame = await steps.step(`the timeline panel of '${story.scenario_name}' shows its title`, () =>
    // The timeline's own heading (the diff and snapshot panels have a scenario-name heading too).
    wb.webviewFrame(`body:has(${testid('timeline-chart')}) h1${testid('scenario-name')}`, story.scenario_name, firstLookupMs(ctx)),
  );
  await steps.step('the timeline chart (canvas timeline-chart) has a size and has drawn', async () => {
    const chart = frame.locator(testid('timeline-chart')).first();
    const drawn = await waitFor(
      'the chart canvas to be painted',
      () =>
        chart.evaluate((c: HTMLCanvasElement) => {
          const r = c.getBoundingClientRect();
          if (r.width < 50 || r.height < 50 || c.width === 0 || c.height === 0) return false;
          const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data;
          let painted = 0;
          for (let i = 3; data && i < data.length; i += 4) if (data[i] !== 0) painted++;
          return painted > 200 ? { width: Math.round(r.width), height: Math.round(r.height), painted } : false;
        }),
      ctx.timeoutMs,
    );
    steps.log(`chart ${drawn.width}×${drawn.height} px, ${drawn.painted} painted pixels`);
  });
  await steps.step('the events table has one event-row per event (first page)', async () => {
    const counts = oneLine((await frame.locator(testid('timeline-counts')).textContent()) ?? '');
    const events = Number(/([\d,]+) events?/.exec(counts)?.[1]?.replace(/,/g, '') ?? NaN);
    const rows = await frame.locator(testid('event-row')).count();
    if (!(rows > 0)) throw new Error(`no event-row in the timeline (counts: '${counts}')`);
    if (rows !== Math.min(events, 500)) throw new Error(`${rows} event rows but the header says '${counts}'`);
    steps.log(`${rows} event rows; ${counts}`);
  });
  await steps.step(`the events name the culprit input '${story.culprit_node_name}'`, () =>
    frame.locator(testid('event-row'), { hasText: story.culprit_node_name }).first().waitFor({ state: 'attached', timeout: ctx.timeoutMs }),
  );
  return frame;
}

/**
 * In the timeline: types the failed run id into Search, clicks the failed run's row, and
 * checks the details name that run. Returns the details element.
 */
export async function selectFailedRunEvent(ctx: ScenarioContext, frame: Frame, story: DemoStory): Promise<Locator> {
  const { steps } = ctx;
  const label = failedEventLabel(story);
  await steps.step(`type the failed run id into the timeline's Search box`, async () => {
    await frame.locator(`${testid('filter-search')} input`).fill(story.failed_run_id);
    await waitFor(
      'the events to be filtered to the run',
      async () => {
        const rows = await frame.locator(testid('event-row')).allTextContents();
        return rows.length > 0 && rows.length < 20 && rows.some((r) => r.includes(label));
      },
      ctx.timeoutMs,
    );
  });
  const details = frame.locator(testid('event-details'));
  await steps.step(`click the '${label}' row: the details show run ${story.failed_run_id.slice(0, 8)}`, async () => {
    await frame.locator(testid('event-row'), { hasText: label }).first().click();
    await details.locator(testid('detail-run-id'), { hasText: story.failed_run_id }).waitFor({ state: 'visible', timeout: ctx.timeoutMs });
    const h2 = oneLine((await details.locator('h2').textContent()) ?? '');
    if (!h2.includes(label)) throw new Error(`the event details say '${h2}', expected '${label}'`);
  });
  return details;
}

/**
 * Clicks the timeline's tab. The webview is rebuilt when its tab is shown again (a new
 * frame): it must restore the selected event; returns its 'Compare with last success'.
 */
export async function backToTimeline(ctx: ScenarioContext, story: DemoStory): Promise<Locator> {
  const { wb } = ctx;
  await wb.page.locator('.tab', { hasText: `Timeline: ${story.scenario_name}` }).first().click();
  await wb.page.locator('.tab.active', { hasText: `Timeline: ${story.scenario_name}` }).waitFor({ state: 'visible', timeout: ctx.timeoutMs });
  const frame = await wb.webviewFrame(`${testid('event-details')} ${testid('detail-run-id')}`, story.failed_run_id);
  const button = frame.locator(`${testid('event-details')} ${testid('compare-last-success')}`);
  await button.waitFor({ state: 'visible', timeout: ctx.timeoutMs });
  return button;
}

/** The input snapshot panel of the failed run: rows of inputs, the culprit marked as changed. */
export async function expectSnapshot(ctx: ScenarioContext, story: DemoStory): Promise<Frame> {
  const { wb, steps } = ctx;
  const frame = await steps.step(`the input snapshot of run ${story.failed_run_id.slice(0, 8)} opens`, () =>
    wb.webviewFrame(`h1${testid('scenario-name')}`, new RegExp(`Inputs of run\\s+${story.failed_run_id.slice(0, 8)}`), firstLookupMs(ctx)),
  );
  await steps.step(`the snapshot lists the inputs and marks '${story.culprit_node_name}' changed since the previous run`, async () => {
    const rows = await frame.locator(testid('snapshot-row')).count();
    if (rows === 0) throw new Error('no snapshot-row');
    const row = frame.locator(testid('snapshot-row'), { has: frame.locator(testid('node-name'), { hasText: new RegExp(`^${escapeRegExp(story.culprit_node_name)}$`) }) });
    if ((await row.count()) === 0) throw new Error(`no snapshot row for '${story.culprit_node_name}'`);
    const badge = oneLine((await row.first().locator(testid('badge-changed')).allTextContents()).join(' '));
    if (!/changed|new|cleared/.test(badge)) throw new Error(`the row of '${story.culprit_node_name}' has no 'changed since previous run' badge`);
    const changed = await frame.locator(`${testid('snapshot-row')} ${testid('badge-changed')}`).count();
    steps.log(`${rows} snapshot rows, ${changed} marked changed; '${story.culprit_node_name}': ${badge}`);
  });
  return frame;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface DiffSeen {
  rank1: string;
  culprit: string | null;
  paths: string[];
  /** Signals of the evidence listed beside the rank-1 node. */
  signals: string[];
}

/**
 * The run diff of the story's pair: run A is the last success, run B the failed run, the
 * changed node ranked first is the culprit input, its path table holds the culprit path
 * (a prefix: an array that grew shows as a slice such as `$.patients[50:12000]`), and when
 * the culprit input's own calculation failed it is marked failed in run B.
 */
export async function expectDiffNamesCulprit(ctx: ScenarioContext, story: DemoStory, timeoutMs = firstLookupMs(ctx)): Promise<DiffSeen> {
  const { wb } = ctx;
  const frame = await wb.webviewFrame(`${testid('run-b')}`, story.failed_run_id, timeoutMs);
  const runA = oneLine((await frame.locator(testid('run-a')).textContent()) ?? '');
  if (!runA.includes(story.last_success_run_id)) throw new Error(`run A of the diff is not the last success ${story.last_success_run_id}: ${runA.slice(0, 200)}`);
  const header = frame.locator(`${testid('diff-node-header')}[data-rank="1"]`).first();
  await header.waitFor({ state: 'visible', timeout: ctx.timeoutMs }).catch(async () => {
    throw new Error(`no changed node ranked 1 in the diff: ${oneLine((await frame.locator('body').textContent()) ?? '').slice(0, 300)}`);
  });
  const rank1 = oneLine((await header.locator(testid('diff-node-name')).textContent()) ?? '');
  if (rank1 !== story.culprit_node_name) {
    const all = (await frame.locator(testid('diff-node-name')).allTextContents()).map(oneLine);
    throw new Error(`the changed node ranked 1 is '${rank1}', expected the culprit '${story.culprit_node_name}' (changed nodes: ${JSON.stringify(all)})`);
  }
  const culprit = await header.getAttribute('data-culprit');
  if (culprit !== 'true') throw new Error(`'${rank1}' is ranked first but its header has data-culprit="${culprit}" (weak evidence)`);
  const card = frame.locator(testid('changed-node'), { has: header });
  // The evidence beside it: at least one reason beyond the order of the saves.
  const signals = await card.locator(testid('evidence-item')).evaluateAll((els) => els.map((e) => e.getAttribute('data-signal') ?? ''));
  if (!signals.some((s) => s !== 'recency')) throw new Error(`no evidence beside '${rank1}' beyond recency: ${JSON.stringify(signals)}`);
  const paths = (await card.locator(testid('path-cell')).allTextContents()).map((p) => p.trim());
  if (!paths.some((p) => p.startsWith(story.culprit_path))) {
    throw new Error(`no path of '${rank1}' starts with the culprit path '${story.culprit_path}': ${JSON.stringify(paths.slice(0, 10))}`);
  }
  return { rank1, culprit, paths, signals };
}

/**
 * Shows the Scenarios view of the ClearSight RCA container; when it still shows the
 * welcome view (nothing configured, demo not chosen yet), clicks 'Try the Demo Database'.
 */
export async function showScenariosView(ctx: ScenarioContext): Promise<void> {
  const { wb } = ctx;
  await wb.showViewContainer('ClearSight RCA');
  const demo = wb.page.locator('.part.sidebar .welcome-view-content .monaco-button', { hasText: 'Try the Demo Database' }).first();
  if (/Get Started/i.test((await wb.sideBarTitle()) ?? '')) await demo.click({ timeout: ctx.timeoutMs });
  await waitFor('the Scenarios view', async () => /: Scenarios$/i.test((await wb.sideBarTitle()) ?? ''), ctx.timeoutMs);
  await wb.sideBarTreeRow('Failing now').waitFor({ state: 'visible', timeout: firstLookupMs(ctx) });
}

/** Names of the scenarios of the failure stories (a story may span several scenarios). */
export function storyScenarioNames(stories: DemoStory[]): string[] {
  return [...new Set(stories.flatMap((s) => s.instances.map((i) => i.scenario_name)))];
}

/**
 * Waits until the 'Failing now' group of the tree shows every one of `names` as a row of
 * its own (depth 2, below 'Failing now', inside the visible part of the side bar).
 */
export async function expectFailingNow(ctx: ScenarioContext, names: string[]): Promise<string[]> {
  const { wb } = ctx;
  let seen: string[] = [];
  try {
    return await waitFor(
      `'Failing now' to list ${names.length} scenarios`,
      async () => {
        const rows = await wb.sideBarTreeRows();
        const start = rows.findIndex((r) => r.level === 1 && r.label === 'Failing now');
        if (start < 0 || rows[start].expanded !== true) return undefined;
        const end = rows.findIndex((r, i) => i > start && r.level === 1);
        seen = rows.slice(start + 1, end < 0 ? undefined : end).filter((r) => r.level === 2).map((r) => r.label);
        return names.every((n) => seen.includes(n)) ? seen : undefined;
      },
      firstLookupMs(ctx),
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}; missing ${JSON.stringify(names.filter((n) => !seen.includes(n)))}; rows under 'Failing now': ${JSON.stringify(seen)}`);
  }
}
