import { strict as assert } from 'node:assert';
import { buildProfile, outsideProfile, pathPattern, type HistoryRow } from '../../../src/core/culprit/profile';
import { candidatesOf, rankCandidates } from '../../../src/core/culprit/rank';
import { decideVerdict } from '../../../src/core/culprit/verdict';
import {
  elsewhereSignal,
  growthSignal,
  keySignal,
  localitySignal,
  namedSignal,
  outsideHistorySignal,
  recencySignal,
  sameFailures,
  slowCalcs,
  touchedKeys,
  valueSignal,
  WEIGHTS,
  type FailureFacts,
} from '../../../src/core/culprit/signals';
import { numbersIn, termsInText, tokens } from '../../../src/core/culprit/text';
import { jsonDiff } from '../../../src/core/jsonDiff';
import { candidate as cand } from '../fixtures';


function failure(reason: string | null, extra: Partial<FailureFacts> = {}): FailureFacts {
  return { run_status: 'failed', fail_reason: reason, failed_calcs: [], slow_calcs: [], node_names: [], ...extra };
}

function history(nodeId: string, values: unknown[]): HistoryRow[] {
  return values.map((v, i) => ({
    node_id: nodeId,
    input_hash: `h${i}`,
    input_data: v,
    json_type: v === null ? null : Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v,
    size: v === null ? null : JSON.stringify(v).length,
    lengths: null,
    saves: 1,
  }));
}

describe('culprit ranking: text matching', () => {
  it('reduces text to word tokens: case, quotes, punctuation and diacritics do not matter', () => {
    assert.deepEqual(tokens("KeyError: 'Peak_share' (Prévalence ‰)"), ['key', 'error', 'peak', 'share', 'prevalence']);
    assert.deepEqual(tokens('lineOfTherapySplit HTTPError'), ['line', 'of', 'therapy', 'split', 'http', 'error']);
    assert.deepEqual(tokens('«Share of voice»'), ['share', 'of', 'voice']);
    assert.deepEqual(tokens('予測 日本'), ['予測', '日本']);
  });

  it('finds a name in any quoting and case, on whole words only', () => {
    for (const reason of ["invalid 'Share' value", 'invalid "share" value', 'invalid ‘SHARE’ value', 'Share: invalid']) {
      assert.deepEqual([...termsInText(reason, ['Share'])], ['Share'], reason);
    }
    assert.equal(termsInText('Shareholder count invalid', ['Share']).size, 0);
    assert.equal(termsInText('no name here', ['Share']).size, 0);
  });

  it('does not read "Share" inside "Peak share" when "Peak share" is also a name, but does elsewhere in the text', () => {
    assert.deepEqual([...termsInText("ValueError in 'Peak share'", ['Share', 'Peak share'])], ['Peak share']);
    assert.deepEqual([...termsInText("ValueError in 'Peak share'", ['Share'])], ['Share']);
    assert.deepEqual([...termsInText("'Peak share' depends on 'Share'", ['Share', 'Peak share'])].sort(), ['Peak share', 'Share']);
    assert.deepEqual([...termsInText('solver failed in Market share by year', ['Share', 'Market share by year'])], ['Market share by year']);
  });

  it('matches unicode names without their accents and symbols', () => {
    assert.deepEqual([...termsInText('PREVALENCE must be positive', ['Prévalence (‰)'])], ['Prévalence (‰)']);
    assert.deepEqual([...termsInText('bad input 「日本 市場」', ['日本 市場'])], ['日本 市場']);
  });

  it('reads the numbers of a text as values, not ids, timestamps or names', () => {
    assert.deepEqual(numbersIn('got 4.50, expected <= 1'), [4.5, 1]);
    assert.deepEqual(numbersIn('growth rate -1.5 for year 2028'), [-1.5, 2028]);
    assert.deepEqual(numbersIn('node2 run 3f2a9c1e-1111-4a2b-8c3d-0123456789ab at 2026-05-01T10:00:00Z v1'), []);
  });
});

describe('culprit ranking: signals', () => {
  it('names: the fail reason or a failed calc reason names the input', () => {
    const share = cand('Share', 0.2, 0.25);
    const peak = cand('Peak share', { share: 0.2 }, { share: 0.3 });
    const f = failure("ValidationError: 'Peak share' above 1");
    assert.equal(namedSignal(share, f, ['Share', 'Peak share']), null);
    assert.equal(namedSignal(peak, f, ['Share', 'Peak share'])!.points, WEIGHTS.named_in_reason);
    const viaCalc = failure('run failed', { failed_calcs: [{ node_id: 'c', node_name: 'Net price', node_group: null, fail_reason: 'bad "SHARE" value' }] });
    const e = namedSignal(share, viaCalc, ['Share', 'Peak share'])!;
    assert.equal(e.detail, 'named in the fail reason of `Net price`');
  });

  it('names: a model node name that is not a candidate still wins over a shorter candidate name', () => {
    const share = cand('Share', 0.2, 0.25);
    assert.ok(namedSignal(share, failure("error in 'Share of voice'", { node_names: [] }), ['Share']));
    assert.equal(namedSignal(share, failure("error in 'Share of voice'", { node_names: ['Share of voice'] }), ['Share']), null);
  });

  it('keys: a key only this change touched, named in the reason', () => {
    const tiers = cand('Discount tiers', { tiers: [{ discount: 0.1, from: 0 }] }, { tiers: [{ discount_pct: 10, from: 0 }] });
    const fx = cand('FX rates', { rates: { USD: 1.1 } }, { rates: { USD: 1.2 } });
    assert.deepEqual([...touchedKeys(tiers)].sort(), ['discount', 'discount_pct']);
    const f = failure("KeyError: 'discount'");
    const e = keySignal(tiers, f, [tiers, fx], ['Discount tiers', 'FX rates'])!;
    assert.equal(e.points, WEIGHTS.key_in_reason);
    assert.equal(e.detail, 'the fail reason names the key `discount`, which only this change touched');
    assert.equal(keySignal(fx, f, [tiers, fx], []), null);
  });

  it('keys: not when two candidates touched the key, nor generic or year keys', () => {
    const a = cand('A', { region_code: 'EU' }, {});
    const b = cand('B', { region_code: 'EU' }, { region_code: 'NA' });
    assert.equal(keySignal(a, failure("KeyError: 'region_code'"), [a, b], []), null);
    const v = cand('Price', { value: 1 }, { value: 2 });
    assert.equal(keySignal(v, failure('invalid value in node X'), [v], []), null);
    const y = cand('Growth', { '2028': 0.1 }, { '2028': 0.2 });
    assert.equal(keySignal(y, failure('failed for year 2028'), [y], []), null);
  });

  it('values: the reason contains the new value (4.5 = 4.50), unless another candidate wrote it too', () => {
    const rate = cand('Rate', { value: 0.3 }, { value: 4.5 });
    const other = cand('Other', 1, 2);
    const e = valueSignal(rate, failure('expected a fraction, got 4.50'), [rate, other])!;
    assert.equal(e.points, WEIGHTS.value_in_reason);
    assert.equal(e.detail, 'the fail reason contains its new value `4.5`');
    const twin = cand('Twin', 3, 4.5);
    assert.equal(valueSignal(rate, failure('got 4.5'), [rate, twin]), null);
    assert.equal(valueSignal(rate, failure('got 45'), [rate, other]), null);
  });

  it('values: null and small numbers are common words (fewer points)', () => {
    const peak = cand('Peak', { share: 0.3 }, null);
    assert.equal(valueSignal(peak, failure("TypeError: 'NoneType' object is not subscriptable"), [peak])!.points, WEIGHTS.value_in_reason_common);
    const n = cand('N', 5, 0);
    assert.equal(valueSignal(n, failure('denominator = 0'), [n])!.points, WEIGHTS.value_in_reason_common);
  });

  it('history: says how far outside the profile a value is', () => {
    const id = 'n1';
    const p = buildProfile(id, history(id, [11900, 15000, 24300, 18000, 20000]));
    const zero = outsideProfile(0, jsonDiff(15000, 0), p)[0]!;
    assert.equal(zero.severity, 'strong');
    assert.equal(zero.detail, '0 is outside every value this node held in 5 saves used by successful runs: 11,900 to 24,300, never 0');
    const big = outsideProfile(15_000_000, jsonDiff(15000, 15_000_000), p)[0]!;
    assert.equal(big.severity, 'strong');
    assert.match(big.detail, /above the largest value .*\(×617\)$/);
    assert.equal(outsideProfile(-200, jsonDiff(15000, -200), p)[0]!.severity, 'strong');
    assert.equal(outsideProfile(25000, jsonDiff(15000, 25000), p)[0]!.severity, 'mild');
    assert.deepEqual(outsideProfile(16000, jsonDiff(15000, 16000), p), []);
    assert.equal(outsideProfile('15000', jsonDiff(15000, '15000'), p)[0]!.detail, 'the value is text; it was always a number in 5 saves used by successful runs');
  });

  it('history: a fraction above 1, null, an empty list, a new key and a missing key', () => {
    const share = buildProfile('s', history('s', [{ share: 0.2 }, { share: 0.35 }, { share: 0.4 }, { share: 0.1 }]));
    const f = outsideProfile({ share: 1.8 }, jsonDiff({ share: 0.2 }, { share: 1.8 }), share)[0]!;
    assert.equal(f.severity, 'strong');
    assert.match(f.detail, /^1\.8 at \$\.share is above 1; this node always held a fraction/);
    assert.equal(outsideProfile(null, [], share)[0]!.detail, 'the value is null; this node always had a value in 4 saves used by successful runs');
    const curve = buildProfile('c', history('c', [[0.1, 0.2], [0.1, 0.3, 0.5], [0.2, 0.4]]));
    assert.match(outsideProfile([], jsonDiff([0.1, 0.2], []), curve)[0]!.detail, /^the list is empty; it never was/);
    const map = buildProfile('m', history('m', [{ mapping: { region_code: 'EU', currency: 'EUR' } }, { mapping: { region_code: 'NA', currency: 'USD' } }, { mapping: { region_code: 'EU', currency: 'USD' } }]));
    const gone = outsideProfile({ mapping: { currency: 'EUR' } }, jsonDiff({ mapping: { region_code: 'EU', currency: 'EUR' } }, { mapping: { currency: 'EUR' } }), map)[0]!;
    assert.equal(gone.detail, '$.mapping.region_code is gone; it was there in every one of 3 saves used by successful runs');
    const added = outsideProfile({ mapping: { region_code: 'EU', currency: 'EUR', channel: 'x' } }, jsonDiff({ mapping: { region_code: 'EU', currency: 'EUR' } }, { mapping: { region_code: 'EU', currency: 'EUR', channel: 'x' } }), map)[0]!;
    assert.equal(added.severity, 'moderate');
  });

  it('history: too little history says nothing; years are one pattern', () => {
    const p = buildProfile('x', history('x', [1, 2]));
    assert.deepEqual(outsideProfile(1000, jsonDiff(1, 1000), p), []);
    assert.equal(pathPattern('$["2028"]'), '$[*]');
    assert.equal(pathPattern('$.tiers[2].discount'), '$.tiers[*].discount');
    assert.equal(pathPattern('$.patients[50:12000]'), '$.patients');
    const yearly = buildProfile('y', history('y', [{ '2027': 0.05, '2028': 0.06 }, { '2027': 0.04, '2029': 0.08 }, { '2030': 0.07 }]));
    assert.deepEqual(outsideProfile({ '2031': 0.05 }, jsonDiff({ '2027': 0.05 }, { '2031': 0.05 }), yearly).filter((x) => x.severity !== 'mild'), []);
  });

  it('history signal: strong finding → 4 points, with code spans around paths', () => {
    const c = cand('Share', { share: 0.2 }, { share: 1.8 }, { node_id: 's' });
    const e = outsideHistorySignal(c, buildProfile('s', history('s', [{ share: 0.2 }, { share: 0.35 }, { share: 0.4 }])))!;
    assert.equal(e.points, WEIGHTS.outside_history_strong);
    assert.match(e.detail, /^1\.8 at `\$\.share` is above 1/);
  });

  it('growth: only for a timeout or a much slower calc, by a large factor', () => {
    const patients = (n: number): unknown[] => Array.from({ length: n }, (_, i) => ({ age: 40 + (i % 30) }));
    const cohort = cand('Cohort', { patients: patients(50) }, { patients: patients(12000) });
    const e = growthSignal(cohort, failure('Timeout', { run_status: 'timeout' }))!;
    assert.equal(e.points, WEIGHTS.growth_large);
    assert.equal(e.detail, '`$.patients` grew from 50 to 12,000 elements (×240) and the run timed out');
    assert.equal(growthSignal(cohort, failure('ValueError')), null);
    const slow = slowCalcs(
      [{ node_id: 'a', node_name: 'Sim', processing_duration: 20 }],
      [{ node_id: 'a', node_name: 'Sim', processing_duration: 400 }],
    );
    assert.deepEqual(slow, [{ node_name: 'Sim', duration_a: 20, duration_b: 400 }]);
    assert.match(growthSignal(cohort, failure('x', { slow_calcs: slow }))!.detail, /and `Sim` took 400 s instead of 20 s$/);
    assert.equal(growthSignal(cand('Curve', [1, 2, 3], [1, 2, 3, 4]), failure('t', { run_status: 'timeout' })), null);
  });

  it('same failure elsewhere: the share of the other failures the input also changed before, same failed node', () => {
    const c = cand('Region mapping', 1, 2, { node_id: 'rm' });
    const others = [
      { run_id: 'r1', scenario_id: 's1', changed_node_ids: ['rm', 'x'], failed_node_ids: ['calc'] },
      { run_id: 'r2', scenario_id: 's2', changed_node_ids: ['rm'], failed_node_ids: ['calc'] },
      { run_id: 'r3', scenario_id: 's3', changed_node_ids: ['y'], failed_node_ids: ['calc'] },
      { run_id: 'r4', scenario_id: 's4', changed_node_ids: ['rm'], failed_node_ids: ['elsewhere'] },
    ];
    const f = failure('KeyError', { failed_calcs: [{ node_id: 'calc', node_name: 'Price erosion', node_group: 'Pricing', fail_reason: null }] });
    const same = sameFailures(others, f);
    assert.deepEqual(same.map((o) => o.run_id), ['r1', 'r2', 'r3']);
    const e = elsewhereSignal(c, same)!;
    assert.equal(e.detail, 'also changed before 2 of 3 other failures with this error');
    assert.equal(e.points, 2.67);
    assert.equal(elsewhereSignal(c, same.slice(0, 2))!.detail, 'also changed before every one of the 2 other failures with this error (2 other scenarios of the model)');
    assert.equal(elsewhereSignal(cand('Other', 1, 2, { node_id: 'zz' }), same), null);
  });

  it('locality: same node group as a failed calc (not itself); recency: proportional, weak', () => {
    const f = failure('x', { failed_calcs: [{ node_id: 'c1', node_name: 'Net price', node_group: 'Pricing', fail_reason: null }] });
    assert.equal(localitySignal(cand('Rebate', 1, 2, { node_group: 'Pricing' }), f)!.detail, 'in the node group `Pricing` of the failed calculation `Net price`');
    assert.equal(localitySignal(cand('Share', 1, 2, { node_group: 'Market' }), f), null);
    assert.equal(recencySignal(0, 4)!.points, WEIGHTS.recency);
    assert.equal(recencySignal(2, 4)!.points, 0.25);
    assert.equal(recencySignal(2, 4)!.detail, 'saved 3rd latest of 4 changes before the failed run');
  });
});

describe('culprit ranking: combined', () => {
  it('puts an anomalous first edit above later ordinary edits, each with its evidence', () => {
    const id = 'comp';
    const culprit = cand('Compliance rate', 0.8, 1.35, { node_id: id, saved_at: '2026-05-01T09:00:00.000Z' });
    const later = [
      cand('Launch date', '2027-01-01', '2027-03-01', { saved_at: '2026-05-01T09:30:00.000Z' }),
      cand('Price per unit (EUR)', { value: 200 }, { value: 900 }, { saved_at: '2026-05-01T10:00:00.000Z' }),
    ];
    const profiles = new Map([[id, buildProfile(id, history(id, [0.7, 0.8, 0.9, 0.65]))]]);
    const ranked = rankCandidates([culprit, ...later], { failure: failure("ValueError in node 'Net revenue'"), profiles, elsewhere: [] });
    assert.deepEqual(ranked.map((r) => r.node_name), ['Compliance rate', 'Price per unit (EUR)', 'Launch date']);
    assert.deepEqual(ranked[0]!.evidence.map((e) => e.signal), ['outside_history', 'recency']);
    assert.equal(ranked[0]!.scored[0]!.points, WEIGHTS.outside_history_strong);
    assert.deepEqual(decideVerdict(ranked, failure("ValueError in node 'Net revenue'"), { failing: true }).verdict.node_id, id);
    const weak = rankCandidates(later, { failure: failure('boom'), profiles: new Map(), elsewhere: [] });
    assert.equal(decideVerdict(weak, failure('boom'), { failing: true }).confidence, 'weak');
    assert.equal(weak[0]!.node_name, 'Price per unit (EUR)');
  });

  it('ranks added and removed inputs too', () => {
    const diff = {
      run_a: {} as never,
      run_b: { run_status: 'failed', fail_reason: "missing 'Rebate rate'" } as never,
      changed: [],
      added: [{ node_id: 'a', node_name: 'FX rates', node_type: 'input', input_hash: 'h', input_data: { USD: 1 }, score: 0, evidence: [] }],
      removed: [{ node_id: 'r', node_name: 'Rebate rate', node_type: 'input', input_hash: 'h', input_data: 0.2, score: 0, evidence: [] }],
      unchanged_count: 0,
      calc: [],
    };
    const node = (id: string, name: string, saved: string | null) => ({ node_id: id, node_name: name, node_type: 'input', node_group: null, node_seq: 1, input_hash: null, input_data: null, saved_at: saved, saved_by: null });
    const cands = candidatesOf(diff, [node('r', 'Rebate rate', '2026-04-01T00:00:00.000Z')], [node('a', 'FX rates', '2026-05-01T00:00:00.000Z')]);
    assert.deepEqual(cands.map((c) => [c.node_name, c.change]), [['FX rates', 'added'], ['Rebate rate', 'removed']]);
    const ranked = rankCandidates(cands, { failure: failure("missing 'Rebate rate'", { node_names: ['FX rates', 'Rebate rate'] }), profiles: new Map(), elsewhere: [] });
    assert.deepEqual(ranked.map((r) => [r.node_name, r.change]), [['Rebate rate', 'removed'], ['FX rates', 'added']]);
  });
});
