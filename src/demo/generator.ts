/**
 * Deterministic generator of demo data for the ClearSight source tables
 * (`sql/source/schema.sql`): models, nodes, scenarios, runs, the append-only input
 * history and the node calculations, plus the scripted failure stories of `./stories`.
 *
 * Rows are plain objects whose keys are exactly the table's column names. Timestamps
 * are ISO UTC strings ending in `Z` (milliseconds; a handful carry microseconds).
 *
 * Scale: per scenario ≈ 5 runs, ≈ 100 input saves and ≈ 50 node calcs per run.
 * Every scenario is generated from its own seeded stream (`seed`, index), so scenario i
 * is the same whatever the total count (given the same seed, anchor, days and model
 * count) and the data can be produced in chunks: `generateDemoChunks` yields bounded
 * slices (models and nodes in the first), `generateDemo` concatenates them.
 */
import { Rng } from './random';
import { buildBackgroundScenario } from './background';
import { buildModel, modelCount } from './catalogue';
import { DEMO_DEFAULTS, type DemoChunkOptions, type DemoData, type DemoOptions } from './rows';
import { ScenarioBuilder, type Window } from './scenarioBuilder';
import { US_DAY } from './time';
import { buildScriptedScenarios, SCRIPTED_SCENARIO_COUNT, type DemoStories } from './stories';

interface Resolved {
  scenarios: number;
  seed: number;
  window: Window;
  chunkScenarios: number;
}

function resolve(options: DemoChunkOptions = {}): Resolved {
  const scenarios = Math.max(SCRIPTED_SCENARIO_COUNT, Math.floor(options.scenarios ?? DEMO_DEFAULTS.scenarios));
  const seed = Math.floor(options.seed ?? DEMO_DEFAULTS.seed) >>> 0;
  const anchorMs = Date.parse(options.anchor ?? DEMO_DEFAULTS.anchor);
  if (Number.isNaN(anchorMs)) throw new RangeError(`invalid anchor: ${options.anchor}`);
  const days = options.days ?? DEMO_DEFAULTS.days;
  if (!(days >= 1)) throw new RangeError(`days must be at least 1 (got ${days})`);
  const end = anchorMs * 1000;
  const span = Math.round(days * US_DAY);
  const chunkScenarios = Math.max(1, Math.floor(options.chunkScenarios ?? 200));
  return { scenarios, seed, window: { start: end - span, end, span }, chunkScenarios };
}

function emptyChunk(stories: DemoStories): DemoData {
  return { models: [], nodes: [], scenarios: [], runs: [], nodeData: [], nodeCalcs: [], stories };
}

function append(chunk: DemoData, b: ScenarioBuilder): void {
  chunk.scenarios.push(b.scenario);
  for (const r of b.runs) chunk.runs.push(r);
  for (const r of b.nodeData) chunk.nodeData.push(r);
  for (const r of b.nodeCalcs) chunk.nodeCalcs.push(r);
}

/**
 * The demo data in bounded chunks: the first holds every model and node, the scripted
 * story scenarios and the first background scenarios; each later one holds up to
 * `chunkScenarios` scenarios with their runs, saves and calcs. Every chunk carries the
 * same `stories` object. Rows never reference a later chunk.
 */
export function* generateDemoChunks(options: DemoChunkOptions = {}): Generator<DemoData, void, undefined> {
  const o = resolve(options);
  const models = Array.from({ length: modelCount(o.scenarios) }, (_, i) => buildModel(o.seed, i));
  const scripted = buildScriptedScenarios({
    models,
    window: o.window,
    newScenario: (index, model, init) => new ScenarioBuilder(Rng.derive(o.seed, 'scenario', index), model, o.window, init),
  });
  let chunk = emptyChunk(scripted.stories);
  for (const m of models) {
    chunk.models.push(m.row);
    for (const n of m.nodes) chunk.nodes.push(n.row);
  }
  for (const b of scripted.builders) append(chunk, b);
  let inChunk = scripted.builders.length;
  for (let i = scripted.builders.length; i < o.scenarios; i++) {
    if (inChunk >= o.chunkScenarios) {
      yield chunk;
      chunk = emptyChunk(scripted.stories);
      inChunk = 0;
    }
    append(chunk, buildBackgroundScenario(o.seed, i, models, o.window));
    inChunk++;
  }
  yield chunk;
}

/** All the demo data at once (≈ 370 rows per scenario; 3,000 scenarios ≈ 1.1 M rows, some hundreds of MB). */
export function generateDemo(options: DemoOptions = {}): DemoData {
  let out: DemoData | undefined;
  for (const chunk of generateDemoChunks({ ...options, chunkScenarios: Number.MAX_SAFE_INTEGER })) {
    out = chunk;
  }
  if (!out) throw new Error('no demo data generated');
  return out;
}
