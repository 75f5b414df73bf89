/** Input values: patients, initial values of input nodes and how edits change them. */
import type { Rng } from './random';
import { COMPETITORS, CURRENCIES, MAPPING_REGIONS, type NodeTemplate, STAGES } from './catalogue';
import { pad2 } from './time';

function round(x: number, dp: number): number {
  const f = 10 ** dp;
  return Math.round(x * f) / f;
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

export interface Patient {
  age: number;
  ecog: number;
  line: number;
  stage: string;
}

export function makePatients(rng: Rng, n: number): Patient[] {
  const out: Patient[] = new Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = { age: rng.int(24, 91), ecog: rng.int(0, 2), line: rng.int(1, 4), stage: rng.pick(STAGES) };
  }
  return out;
}

function makeRates(rng: Rng, t: NodeTemplate): number[] {
  const [lo, hi] = t.range ?? [5, 10];
  const n = rng.int(lo, hi);
  const out: number[] = [];
  switch (t.mode) {
    case 'split': {
      const w = Array.from({ length: n }, () => rng.float(0.1, 1));
      const sum = w.reduce((a, b) => a + b, 0);
      let acc = 0;
      for (let i = 0; i < n - 1; i++) {
        const v = round(w[i] / sum, 3);
        out.push(v);
        acc += v;
      }
      out.push(round(1 - acc, 3));
      return out;
    }
    case 'up': {
      let v = rng.float(0.01, 0.08);
      for (let i = 0; i < n; i++) {
        out.push(round(Math.min(v, 1), 3));
        v += rng.float(0.02, 0.12);
      }
      return out;
    }
    case 'down': {
      let v = 1;
      for (let i = 0; i < n; i++) {
        out.push(round(v, 3));
        v *= rng.float(0.75, 0.97);
      }
      return out;
    }
    default:
      for (let i = 0; i < n; i++) out.push(round(rng.float(0.01, 0.6), 3));
      return out;
  }
}

function scalarIn(rng: Rng, t: NodeTemplate): number {
  const [lo, hi] = t.range ?? [0, 1];
  return round(rng.float(lo, hi), t.dp ?? 3);
}

function nudge(rng: Rng, value: number, t: NodeTemplate): number {
  const [lo, hi] = t.range ?? [0, 1];
  const dp = t.dp ?? 3;
  let v = round(clamp(value * (1 + rng.float(-0.15, 0.15)) + (hi - lo) * rng.float(-0.02, 0.02), lo, hi), dp);
  if (v === value) v = round(clamp(value + (dp === 0 ? 1 : 10 ** -dp) * (value >= hi ? -1 : 1), lo, hi), dp);
  return v;
}

export interface ValueContext {
  rng: Rng;
  startYear: number;
  endYear: number;
}

export function initialValue(ctx: ValueContext, t: NodeTemplate): unknown {
  const { rng } = ctx;
  switch (t.shape) {
    case 'scalar':
      return scalarIn(rng, t);
    case 'year':
      return rng.int(t.range?.[0] ?? 2029, t.range?.[1] ?? 2036);
    case 'valueUnit':
      return { unit: t.unit ?? 'units', value: scalarIn(rng, t) };
    case 'yearly': {
      const out: Record<string, number> = {};
      for (let y = ctx.startYear; y <= ctx.endYear; y++) out[String(y)] = scalarIn(rng, t);
      return out;
    }
    case 'rates':
      return makeRates(rng, t);
    case 'peakShare':
      return { share: round(rng.float(0.05, 0.45), 3), uptake: rng.pick(['slow', 'medium', 'fast']), year_of_peak: rng.int(ctx.startYear + 3, ctx.startYear + 7) };
    case 'date':
      return `${rng.int(ctx.startYear, ctx.startYear + 2)}-${pad2(rng.int(1, 12))}-01`;
    case 'cohort': {
      // A few large cohorts (tens of KB of JSON); the story cohort grows much larger.
      const n = rng.chance(0.01) ? rng.int(800, 1500) : rng.int(20, 80);
      return { patients: makePatients(rng, n), source: `RWE extract ${ctx.startYear - 1}-Q${rng.int(1, 4)}`, version: 1 };
    }
    case 'mapping':
      return {
        mapping: {
          channel: rng.pick(['retail', 'hospital', 'specialty']),
          country_code: rng.pick(['DE', 'FR', 'IT', 'ES', 'GB', 'US', 'JP']),
          currency: rng.pick(CURRENCIES),
          region_code: rng.pick(MAPPING_REGIONS),
        },
        version: rng.int(1, 4),
      };
    case 'competitors':
      return {
        competitors: rng.sample(COMPETITORS, rng.int(1, 3)).map((name) => ({
          launch_year: rng.int(ctx.startYear, ctx.startYear + 6),
          name,
          share_impact: round(rng.float(0.01, 0.2), 3),
        })),
        source: 'Competitive intelligence Q3',
      };
    case 'fx':
      return { base: 'EUR', rates: { CHF: round(rng.float(0.9, 1), 4), GBP: round(rng.float(0.82, 0.9), 4), JPY: round(rng.float(150, 170), 2), USD: round(rng.float(1.02, 1.15), 4) } };
    case 'tiers': {
      const tiers: Array<{ discount: number; from: number; to: number | null }> = [];
      let from = 0;
      const n = rng.int(2, 4);
      for (let i = 0; i < n; i++) {
        const to = i === n - 1 ? null : from + rng.int(500, 5000);
        tiers.push({ discount: round(0.02 + i * rng.float(0.02, 0.06), 3), from, to });
        if (to !== null) from = to;
      }
      return { currency: 'EUR', tiers };
    }
    case 'ageBands': {
      const a = rng.float(0.05, 0.3);
      const b = rng.float(0.3, 0.5);
      return { bands: { '18-39': round(a, 3), '40-64': round(b, 3), '65+': round(1 - round(a, 3) - round(b, 3), 3) }, source: 'National registry' };
    }
    case 'payers': {
      const seg = (share: number): Record<string, unknown> => ({
        access: { prior_auth: rng.chance(0.5), step_edits: rng.int(0, 2), tier: rng.int(2, 4) },
        rebate: { base: round(rng.float(0.08, 0.2), 3), cap: round(rng.float(0.22, 0.4), 3) },
        share,
      });
      const a = round(rng.float(0.45, 0.6), 2);
      const b = round(rng.float(0.2, 0.3), 2);
      return { payers: { commercial: seg(a), medicaid: seg(round(1 - a - b, 2)), medicare: seg(b) }, version: 1 };
    }
    default:
      return null;
  }
}

/** A plausible edit of the previous value (always a different value, never an invalid one). */
export function mutateValue(ctx: ValueContext, t: NodeTemplate, prev: unknown): unknown {
  const { rng } = ctx;
  if (prev === null || prev === undefined) return initialValue(ctx, t);
  switch (t.shape) {
    case 'scalar':
      return nudge(rng, prev as number, t);
    case 'year': {
      const [lo, hi] = t.range ?? [2029, 2036];
      const v = prev as number;
      return v >= hi ? v - 1 : v <= lo ? v + 1 : v + (rng.chance(0.5) ? 1 : -1);
    }
    case 'valueUnit': {
      const p = prev as { unit: string; value: number };
      return { unit: p.unit, value: nudge(rng, p.value, t) };
    }
    case 'yearly': {
      const out = { ...(prev as Record<string, number>) };
      const keys = Object.keys(out);
      for (const k of rng.sample(keys, rng.int(1, 3))) out[k] = nudge(rng, out[k], t);
      return out;
    }
    case 'rates': {
      const out = (prev as number[]).slice();
      if (t.mode !== 'split' && out.length < 15 && rng.chance(0.15)) {
        out.push(round(out[out.length - 1] * rng.float(0.9, 1.1), 3));
      } else {
        const i = rng.int(0, out.length - 1);
        out[i] = round(clamp(out[i] + rng.float(0.005, 0.03) * (rng.chance(0.5) ? 1 : -1), 0, 1), 3);
        if (t.mode === 'split' && out.length > 1) {
          const j = i === out.length - 1 ? 0 : out.length - 1;
          out[j] = round(1 - out.reduce((acc, v, k) => (k === j ? acc : acc + v), 0), 3);
        }
      }
      return out;
    }
    case 'peakShare': {
      const p = prev as { share: number; uptake: string; year_of_peak: number };
      const r = rng.int(0, 2);
      if (r === 0) return { ...p, share: round(clamp(p.share * rng.float(0.8, 1.2), 0.01, 0.6), 3) };
      if (r === 1) return { ...p, uptake: p.uptake === 'fast' ? 'medium' : 'fast' };
      return { ...p, year_of_peak: p.year_of_peak + (rng.chance(0.5) ? 1 : -1) };
    }
    case 'date': {
      const [y, m] = (prev as string).split('-').map(Number);
      const shift = rng.pick([-3, -2, -1, 1, 2, 3, 6]);
      const total = y * 12 + (m - 1) + shift;
      return `${Math.floor(total / 12)}-${pad2((total % 12) + 1)}-01`;
    }
    case 'cohort': {
      const p = prev as { patients: Patient[]; source: string; version: number };
      const patients = p.patients.slice();
      for (let k = rng.int(1, 4); k > 0; k--) patients[rng.int(0, patients.length - 1)] = makePatients(rng, 1)[0];
      if (rng.chance(0.3)) patients.push(...makePatients(rng, rng.int(1, 6)));
      return { patients, source: p.source, version: p.version + 1 };
    }
    case 'mapping': {
      const p = prev as { mapping: Record<string, string>; version: number };
      const mapping = { ...p.mapping };
      if (rng.chance(0.5)) mapping.channel = mapping.channel === 'retail' ? 'hospital' : 'retail';
      else mapping.currency = mapping.currency === 'EUR' ? 'USD' : 'EUR';
      return { mapping, version: p.version + 1 };
    }
    case 'competitors': {
      const p = prev as { competitors: Array<{ launch_year: number; name: string; share_impact: number }>; source: string };
      const competitors = p.competitors.map((c) => ({ ...c }));
      const c = rng.pick(competitors);
      c.share_impact = round(clamp(c.share_impact + rng.float(0.005, 0.04) * (rng.chance(0.5) ? 1 : -1), 0.001, 0.3), 3);
      return { competitors, source: p.source };
    }
    case 'fx': {
      const p = prev as { base: string; rates: Record<string, number> };
      const rates = { ...p.rates };
      const k = rng.pick(Object.keys(rates));
      rates[k] = round(rates[k] * rng.float(0.97, 1.03), k === 'JPY' ? 2 : 4) || rates[k] + 0.0001;
      return { base: p.base, rates };
    }
    case 'tiers': {
      const p = prev as { currency: string; tiers: Array<{ discount: number; from: number; to: number | null }> };
      const tiers = p.tiers.map((x) => ({ ...x }));
      const x = rng.pick(tiers);
      x.discount = round(clamp(x.discount + 0.005 * rng.int(1, 4) * (rng.chance(0.5) ? 1 : -1), 0, 0.5), 3);
      return { currency: p.currency, tiers };
    }
    case 'ageBands': {
      const p = prev as { bands: Record<string, number>; source: string };
      const d = round(rng.float(0.005, 0.03), 3);
      const a = round(clamp(p.bands['18-39'] + d, 0, 0.6), 3);
      const b = p.bands['40-64'];
      return { bands: { '18-39': a, '40-64': b, '65+': round(1 - a - b, 3) }, source: p.source };
    }
    case 'payers': {
      const p = prev as { payers: Record<string, { access: Record<string, unknown>; rebate: { base: number; cap: number }; share: number }>; version: number };
      const payers = JSON.parse(JSON.stringify(p.payers)) as typeof p.payers;
      const seg = payers[rng.pick(Object.keys(payers))];
      if (rng.chance(0.5)) seg.rebate.base = round(clamp(seg.rebate.base + rng.float(0.005, 0.03) * (rng.chance(0.5) ? 1 : -1), 0.01, seg.rebate.cap), 3);
      else seg.access.tier = seg.access.tier === 2 ? 3 : 2;
      return { payers, version: p.version + 1 };
    }
    default:
      return initialValue(ctx, t);
  }
}
