/** Background scenarios and their failures (everything besides the scripted stories). */
import { Rng } from './random';
import { DEMO_USERS, type ModelInfo, type NodeInfo } from './catalogue';
import { type RunSpec, ScenarioBuilder, type Window } from './scenarioBuilder';
import { US_HOUR, US_MINUTE, US_SECOND } from './time';

function failureFor(rng: Rng, b: ScenarioBuilder): { status: 'failed' | 'timeout'; node: NodeInfo; reason: string; duration?: number } {
  const years = b.valueCtx;
  const y = rng.int(years.startYear, years.endYear);
  if (rng.chance(0.12)) {
    const heavy = b.model.nodes.filter((n) => n.type === 'calculation' && n.name !== 'Patient flow simulation');
    const node = rng.pick(heavy);
    return { status: 'timeout', node, reason: `Timeout: node '${node.name}' exceeded 900 s`, duration: 900 + rng.float(0.2, 4.8) };
  }
  if (rng.chance(0.2)) {
    const node = rng.pick(b.model.inputs);
    const r = rng.int(0, 2);
    const reason =
      r === 0
        ? `SchemaError: unexpected field 'comment' in input '${node.name}'`
        : r === 1
          ? `ValidationError: input '${node.name}' has ${rng.int(1, 4)} value(s) outside the allowed range for ${y}`
          : `ValidationError: required input '${node.name}' is stale (saved before model version ${rng.int(3, 9)}.${rng.int(0, 9)})`;
    return { status: 'failed', node, reason };
  }
  const calcs = b.model.nodes.filter((n) => n.type !== 'input');
  const node = rng.pick(calcs);
  const other = rng.pick(calcs);
  const n = node.name;
  const templates: Array<() => string> = [
    () => `ValueError: negative volume for year ${y} in node '${n}'`,
    () => `KeyError: 'CHF' not found in FX table for node '${n}'`,
    () => `MemoryError: calc worker exceeded 4096 MB while evaluating node '${n}'`,
    () => `ConnectionError: lost connection to calc worker calc-${rng.int(1, 12)} during node '${n}'`,
    () => `ValueError: shares for year ${y} sum to ${(1 + rng.float(0.01, 0.2)).toFixed(3)} (> 1) in node '${n}'`,
    () => `TypeError: unsupported operand type(s) for *: 'NoneType' and 'float' in node '${n}'`,
    () => `OverflowError: math range error in node '${n}' (year ${y})`,
    () => `RuntimeError: circular reference between '${n}' and '${other.name}'`,
    () => `IndexError: list index ${rng.int(10, 40)} out of range in node '${n}'`,
    () => `DatabaseError: deadlock detected while writing results of node '${n}' (request ${rng.uuid()})`,
    () => `WorkerLost: calc worker exited with code 137 (out of memory) during node '${n}'`,
  ];
  return { status: 'failed', node, reason: rng.pick(templates)() };
}

const SCENARIO_NAMES: Array<(rng: Rng, country: string | null, year: number) => string> = [
  (_r, c, y) => `Base case ${y} Q${_r.int(1, 4)}${c ? ` (${c})` : ''}`,
  (_r, c) => `Upside – faster uptake${c ? ` (${c})` : ''}`,
  (r, c) => `Downside – ${r.pick(['generic entry 2029', 'delayed launch', 'price cut 15%', 'competitor launch', 'lower compliance'])}${c ? ` (${c})` : ''}`,
  (r, _c, y) => `LRP ${y} v${r.int(1, 6)}`,
  (r, _c, y) => `Budget ${y + 1} – ${r.pick(['draft', 'final', 'stretch', 'mid-year update'])}`,
  (_r, c) => `Launch sequence${c ? ` ${c}` : ''}`,
  (r) => `Sensitivity: peak share ±${r.pick([10, 20, 30])}%`,
  (r) => `What-if: price erosion ${r.int(5, 40)}%`,
  (r, c) => `${r.pick(['Brand plan', 'Market access', 'Tender'])} scenario${c ? ` ${c}` : ''}`,
];

export function buildBackgroundScenario(seed: number, index: number, models: ModelInfo[], window: Window): ScenarioBuilder {
  const rng = Rng.derive(seed, 'scenario', index);
  // Some models carry more scenarios than others (skewed towards the first ones).
  const u = rng.chance(0.5) ? rng.next() : Math.min(rng.next(), rng.next());
  const model = models[Math.min(models.length - 1, Math.floor(models.length * u))];
  const owner = rng.pick(DEMO_USERS);
  const team = rng.sample(DEMO_USERS, rng.int(0, 2));
  // Activity spans [created, last] with last at least 2 h before the anchor.
  const latest = window.end - 2 * US_HOUR;
  const created = window.start + Math.floor((rng.next() * 0.8 * (latest - window.start)) / 1000) * 1000;
  const last = created + Math.floor((rng.float(0.25, 1) * (latest - created)) / 1000) * 1000;
  const b = new ScenarioBuilder(rng, model, window, { name: '', createdAt: created, owner, team: [...team] });
  const year = b.scenario.scenario_start_year ?? 2026;
  b.scenario.scenario_display_name = `${model.row.model_display_name.split(' ').slice(0, 2).join(' ')} – ${rng.pick(SCENARIO_NAMES)(rng, b.scenario.scenario_country, year)}`;
  b.scenario.is_starter = rng.chance(0.05);
  const t0 = b.saveInitial(created + rng.int(5, 120) * US_SECOND, owner);
  const nRuns = rng.chance(0.02) ? 0 : rng.int(1, 9);
  const edits = rng.int(40, 110);
  b.randomEdits(t0 + US_MINUTE, last, edits);
  const runTimes: number[] = [];
  const from = t0 + 20 * US_MINUTE;
  for (let i = 0; i < nRuns && from < last; i++) runTimes.push(from + Math.floor((rng.next() * (last - from)) / 1000) * 1000);
  runTimes.sort((x, y) => x - y);
  for (const rt of runTimes) {
    const t = Math.max(rt, b.lastRunEndAt + rng.int(1, 10) * US_MINUTE);
    if (t > window.end - 100 * US_MINUTE) break;
    const spec: RunSpec = rng.chance(0.92) ? { status: 'success' } : failureFor(rng, b);
    b.run(t, spec);
  }
  let tail = false;
  if (rng.chance(0.03)) {
    tail = true;
    const t = window.end - rng.int(60, 25 * 60) * US_SECOND;
    b.run(t, { status: rng.chance(0.5) ? 'queued' : 'running' });
  }
  const status = tail ? 'draft' : (['draft', 'submitted', 'locked', 'archived'] as const)[rng.weighted([45, 25, 20, 10])];
  b.finish(status);
  return b;
}
