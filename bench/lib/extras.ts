/**
 * What the benchmark adds to the generated source: the shapes the per-click goals name
 * that the background generator does not produce on its own.
 *
 * - a 500-node model with a scenario and runs (snapshot of a 500-node model, diff of two
 *   500-node runs), the last run failing;
 * - a scenario with 1,000+ timeline events on an ordinary 60-node model (an editor who
 *   saves all day: ≈ 1,500 saves, 40 runs).
 *
 * Deterministic (own seeded stream), inside the generator's 30-day window.
 */
import type { ModelInfo, NodeInfo } from '../../src/demo/catalogue';
import { DEMO_DEFAULTS, type DemoData } from '../../src/demo/rows';
import { ScenarioBuilder, type Window } from '../../src/demo/scenarioBuilder';
import { US_DAY, US_HOUR, US_MINUTE } from '../../src/demo/time';
import { Rng } from '../../src/demo/random';

type NodeTemplate = NodeInfo['template'];

export interface Extras {
  data: Omit<DemoData, 'stories'>;
  bigModelId: string;
  bigScenarioId: string;
  /** Last successful run and the failed run after it (both 500 nodes). */
  bigRunA: string;
  bigRunB: string;
  heavyScenarioId: string;
}

const INPUT_SHAPES: ReadonlyArray<Partial<NodeTemplate>> = [
  { shape: 'scalar', range: [0.05, 0.95], dp: 3 },
  { shape: 'yearly', range: [1000, 50000], dp: 0 },
  { shape: 'valueUnit', range: [10, 9000], dp: 2, unit: 'EUR' },
  { shape: 'rates', range: [6, 12], mode: 'any' },
  { shape: 'mapping' },
  { shape: 'peakShare' },
  { shape: 'fx' },
  { shape: 'tiers' },
];

const GROUPS = ['Epidemiology', 'Patient flow', 'Market', 'Pricing', 'Revenue', 'Outputs'];

function buildModel(rng: Rng, name: string, inputs: number, calcs: number, outputs: number): ModelInfo {
  const row = { id: rng.uuid(), model_display_name: name, disease_area: 'Portfolio', therapeutic_area: 'Oncology' };
  const nodes: NodeInfo[] = [];
  const add = (type: NodeInfo['type'], i: number, template: NodeTemplate): void => {
    const seq = nodes.length + 1;
    const nodeRow = {
      id: rng.uuid(),
      model_id: row.id,
      node_display_name: template.name,
      node_type: type,
      node_group_name: template.group,
      node_seq: seq * 10,
    };
    nodes.push({ row: nodeRow, id: nodeRow.id, name: template.name, type, template });
    void i;
  };
  for (let i = 0; i < inputs; i++) {
    const shape = INPUT_SHAPES[i % INPUT_SHAPES.length];
    const group = GROUPS[Math.floor((i * 5) / inputs)];
    add('input', i, { name: `Input ${String(i + 1).padStart(3, '0')} – ${group}`, type: 'input', group, ...shape } as NodeTemplate);
  }
  for (let i = 0; i < calcs; i++) {
    const group = GROUPS[Math.floor((i * 5) / calcs)];
    add('calculation', i, { name: `Calc ${String(i + 1).padStart(3, '0')} – ${group}`, type: 'calculation', group, secs: [0.2, 3] });
  }
  for (let i = 0; i < outputs; i++) {
    add('output', i, { name: `Output ${String(i + 1).padStart(2, '0')}`, type: 'output', group: 'Outputs', secs: [0.1, 1] });
  }
  return {
    row,
    nodes,
    inputs: nodes.filter((n) => n.type === 'input'),
    byName: new Map(nodes.map((n) => [n.name, n])),
    forecastInits: [rng.uuid()],
  };
}

function demoWindow(): Window {
  const end = Date.parse(DEMO_DEFAULTS.anchor) * 1000;
  const span = DEMO_DEFAULTS.days * US_DAY;
  return { start: end - span, end, span };
}

export function buildExtras(seed: number = DEMO_DEFAULTS.seed): Extras {
  const rng = Rng.derive(seed, 'bench-extras');
  const window = demoWindow();
  const big = buildModel(rng, 'Global Portfolio Model (500 nodes)', 200, 260, 40);
  const small = buildModel(rng, 'Heavy-edit Revenue Model', 30, 25, 5);
  const data: Omit<DemoData, 'stories'> = { models: [big.row, small.row], nodes: [...big.nodes, ...small.nodes].map((n) => n.row), scenarios: [], runs: [], nodeData: [], nodeCalcs: [] };
  const add = (b: ScenarioBuilder): void => {
    data.scenarios.push(b.scenario);
    data.runs.push(...b.runs);
    data.nodeData.push(...b.nodeData);
    data.nodeCalcs.push(...b.nodeCalcs);
  };

  // 500 nodes: initial inputs, 400 edits over three weeks, five good runs, then a failure.
  const b = new ScenarioBuilder(Rng.derive(seed, 'bench-big'), big, window, {
    name: 'Global Portfolio – Base case 500 nodes',
    createdAt: window.start + 2 * US_DAY,
    owner: 'a.moreau',
    team: ['j.tanaka', 'y.chen'],
  });
  let t = b.saveInitial(window.start + 2 * US_DAY + US_MINUTE, 'a.moreau');
  b.randomEdits(t + US_MINUTE, window.start + 23 * US_DAY, 400);
  t = window.start + 23 * US_DAY + US_HOUR;
  const runs: string[] = [];
  for (let i = 0; i < 5; i++) {
    const r = b.run(t, { status: 'success' });
    runs.push(r.row.id);
    t = r.endAt + 3 * US_HOUR;
    b.randomEdits(r.endAt + US_MINUTE, t - US_MINUTE, 30);
  }
  const culprit = big.inputs[17];
  const failing = big.nodes.find((n) => n.type === 'calculation' && n.name.startsWith('Calc 120'))!;
  b.save(t - 10 * US_MINUTE, culprit, b.mutated(culprit), 'j.tanaka');
  const failed = b.run(t, { status: 'failed', node: failing, reason: `ValueError: negative volume for year 2031 in node '${failing.name}'` });
  b.finish('draft', { updated: true });
  add(b);

  // 1,000+ events: an ordinary model edited all month long, 40 runs.
  const h = new ScenarioBuilder(Rng.derive(seed, 'bench-heavy'), small, window, {
    name: 'Heavy-edit – Budget 2027 daily updates',
    createdAt: window.start + US_HOUR,
    owner: 'r.okafor',
    team: ['l.rossi', 'p.nowak', 's.kim'],
  });
  let u = h.saveInitial(window.start + US_HOUR + US_MINUTE, 'r.okafor');
  for (let i = 0; i < 40; i++) {
    const next = u + Math.floor((28 * US_DAY) / 40);
    h.randomEdits(u + US_MINUTE, next - 30 * US_MINUTE, 38);
    const spec = i % 13 === 12 ? { status: 'failed' as const, node: small.nodes[40], reason: `KeyError: 'CHF' not found in FX table for node '${small.nodes[40].name}'` } : { status: 'success' as const };
    const r = h.run(next - 20 * US_MINUTE, spec);
    u = Math.max(next, r.endAt + US_MINUTE);
  }
  h.finish('submitted', { updated: true });
  add(h);

  return {
    data,
    bigModelId: big.row.id,
    bigScenarioId: b.scenario.id,
    bigRunA: runs[runs.length - 1],
    bigRunB: failed.row.id,
    heavyScenarioId: h.scenario.id,
  };
}
