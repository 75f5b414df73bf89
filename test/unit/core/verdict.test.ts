import { strict as assert } from 'node:assert';
import { decideVerdict, MARGIN, type RankedForVerdict } from '../../../src/core/culprit/verdict';
import { firstValueSignal, growthSignal, lengthSignal, logSignal, missingValueSignal, namedSignal, typeSignal, WEIGHTS, type FailureFacts, type Scored, type SignalName } from '../../../src/core/culprit/signals';
import { rankCandidates } from '../../../src/core/culprit/rank';
import { candidate as cand } from '../fixtures';

function f(reason: string | null, extra: Partial<FailureFacts> = {}): FailureFacts {
  return { run_status: 'failed', fail_reason: reason, failed_calcs: [], slow_calcs: [], node_names: [], ...extra };
}

let seq = 0;
function r(name: string, signals: Array<[SignalName, number]>): RankedForVerdict {
  seq++;
  const scored: Scored[] = signals.map(([signal, points]) => ({ signal, points, detail: `${signal} of ${name}` }));
  return { node_id: `id-${seq}`, node_name: name, change: 'changed', score: scored.reduce((s, x) => s + x.points, 0), scored };
}


const failing = { failing: true };

describe('verdict: the confidence rule at its boundaries', () => {
  it('strong only when decisive evidence beats the runner-up by more than the tiebreakers (margin)', () => {
    assert.equal(MARGIN, WEIGHTS.locality + WEIGHTS.recency);
    const top = r('Peak share', [['named_in_reason', 6]]);
    // 6 vs 4: a margin of exactly 2 is not enough.
    const close = decideVerdict([top, r('Price', [['outside_history', 4]])], f("ValueError in 'Peak share'"), failing);
    assert.equal(close.confidence, 'weak');
    assert.equal(close.verdict.kind, 'input');
    assert.equal(close.verdict.node_id, null);
    assert.match(close.verdict.summary, /^Possible causes, none decisive: `Peak share` and `Price`/);
    // 6 vs 3.99: more than the margin.
    const clear = decideVerdict([top, r('Price', [['outside_history', 2.5], ['locality', 1.49]])], f("ValueError in 'Peak share'"), failing);
    assert.equal(clear.confidence, 'strong');
    assert.deepEqual([clear.verdict.kind, clear.verdict.node_id], ['input', top.node_id]);
    assert.match(clear.verdict.summary, /^Likely cause: `Peak share` changed — named_in_reason of Peak share/);
  });

  it('decisive evidence against circumstantial evidence is strong when it scores higher, by any margin', () => {
    const top = r('Rebate rate', [['missing_value', 4]]);
    assert.equal(decideVerdict([top, r('Price', [['locality', 1.5], ['recency', 0.5]])], f('NoneType'), failing).confidence, 'strong');
    assert.equal(decideVerdict([top, r('Price', [['outside_history', 2.5], ['locality', 1.5]])], f('NoneType'), failing).confidence, 'weak');
  });

  it('locality alone is weak, whatever the runner-up', () => {
    const v = decideVerdict([r('Peak share – EU5', [['locality', 1.5], ['recency', 0.375]]), r('Price', [['recency', 0.5]])], f('Calculation failed'), failing);
    assert.equal(v.confidence, 'weak');
    assert.equal(v.verdict.kind, 'unknown');
    assert.equal(v.verdict.node_id, null);
    assert.match(v.verdict.summary, /only circumstantial evidence \(the node group of the failed calculation, the order of the saves\) points at `Peak share – EU5`/);
  });

  it('recency alone is weak; a single candidate with recency alone too', () => {
    assert.equal(decideVerdict([r('A', [['recency', 0.5]]), r('B', [['recency', 0.25]])], f('boom'), failing).confidence, 'weak');
    assert.equal(decideVerdict([r('A', [['recency', 0.5]])], f('boom'), failing).confidence, 'weak');
  });

  it('mild outliers and a common value in the reason are circumstantial; a strong outlier alone is decisive', () => {
    assert.equal(decideVerdict([r('A', [['outside_history', WEIGHTS.outside_history_moderate], ['value_in_reason', WEIGHTS.value_in_reason_common]])], f('boom'), failing).confidence, 'weak');
    assert.equal(decideVerdict([r('A', [['outside_history', WEIGHTS.outside_history_strong]])], f('boom'), failing).confidence, 'strong');
    assert.equal(decideVerdict([r('A', [['same_failure_elsewhere', 3]])], f('boom'), failing).confidence, 'weak');
    assert.equal(decideVerdict([r('A', [['same_failure_elsewhere', 4]])], f('boom'), failing).confidence, 'strong');
  });

  it('nothing changed: none, kind unknown, said to stand on the database alone', () => {
    const v = decideVerdict([], f("KeyError: 'x'"), failing);
    assert.deepEqual(v, {
      confidence: 'none',
      verdict: { kind: 'unknown', node_id: null, summary: 'No input changed since the last success, so no input edit is blamed (judged on the database alone, no logs read).' },
    });
  });

  it('a run that did not fail gets no verdict about a cause', () => {
    assert.equal(decideVerdict([r('A', [['named_in_reason', 6]])], f(null, { run_status: 'success' }), { failing: false }).confidence, 'none');
  });
});

describe('verdict: failures no input caused', () => {
  it('an infrastructure fail reason blames no input, even one it names, even with benign edits in the failed group', () => {
    const ranked = [r('Peak share', [['named_in_reason', 6], ['locality', 1.5]]), r('Price', [['recency', 0.5]])];
    const v = decideVerdict(ranked, f("MemoryError: calc worker exceeded 4096 MB while evaluating node 'Peak share'"), failing);
    assert.equal(v.confidence, 'none');
    assert.equal(v.verdict.kind, 'infrastructure');
    assert.equal(v.verdict.node_id, null);
    assert.match(v.verdict.summary, /^Not an input: the failure looks like an out-of-memory kill — the fail reason reads `MemoryError: calc worker/);
    assert.match(v.verdict.summary, /although 2 inputs changed/);
  });

  it('a failed calc reason counts as much as the run reason', () => {
    const v = decideVerdict([r('A', [['calc_failed', 6]])], f('Run failed', { failed_calcs: [{ node_id: 'n', node_name: 'Net revenue', node_group: null, fail_reason: 'ERROR: deadlock detected (SQLSTATE 40P01)' }] }), failing);
    assert.equal(v.verdict.kind, 'infrastructure');
    assert.match(v.verdict.summary, /looks like a deadlock/);
  });

  it('large growth keeps an out-of-memory failure an input’s', () => {
    const v = decideVerdict([r('Patient cohort records', [['growth', 5]])], f('MemoryError: worker exceeded 4096 MB'), failing);
    assert.equal(v.confidence, 'strong');
    assert.equal(v.verdict.kind, 'input');
  });

  it('a later run with the same inputs that succeeded outweighs any input evidence', () => {
    const v = decideVerdict([r('Peak share', [['named_in_reason', 6], ['growth', 5]])], f("ValueError in 'Peak share'"), {
      failing: true,
      rerun: { run_id: 'abcdef01-0000-4000-8000-000000000000', run_at: '2026-05-02T10:00:00.000Z' },
    });
    assert.equal(v.verdict.kind, 'infrastructure');
    assert.match(v.verdict.summary, /a transient platform failure — a later run with the same inputs succeeded \(run `abcdef01` at 2026-05-02T10:00:00.000Z\)/);
  });

  it('the same error in other models within the hour is a platform incident', () => {
    const v = decideVerdict([r('A', [['locality', 1.5]])], f('engine exited unexpectedly'), { failing: true, incident: { runs: 4, scenarios: 3, models: 2 } });
    assert.equal(v.verdict.kind, 'infrastructure');
    assert.match(v.verdict.summary, /looks like a platform incident — 3 scenarios of 2 other models failed with the same error within the hour/);
    assert.equal(decideVerdict([r('A', [['locality', 1.5]])], f('engine exited unexpectedly'), { failing: true, incident: null }).verdict.kind, 'unknown');
  });

  it('a timeout without growth is load unless an input has decisive evidence; with growth it is the input', () => {
    const t = f('Timeout: run exceeded 1800 s', { run_status: 'timeout' });
    const load = decideVerdict([r('A', [['locality', 1.5], ['recency', 0.5]])], t, failing);
    assert.equal(load.verdict.kind, 'infrastructure');
    assert.match(load.verdict.summary, /load \(a time limit with no input growth\) — the run timed out and no changed input grew/);
    assert.equal(decideVerdict([], t, failing).verdict.kind, 'infrastructure');
    assert.equal(decideVerdict([r('A', [['calc_failed', 6]])], t, failing).verdict.kind, 'input');
    assert.equal(decideVerdict([r('A', [['growth', 5], ['recency', 0.5]]), r('B', [['locality', 1.5]])], t, failing).confidence, 'strong');
  });

  it('an infrastructure error line of the logs counts, and the summary says the logs were read', () => {
    const v = decideVerdict([r('A', [['recency', 0.5]])], f('Run failed', { log_errors: ['calc-7 OOMKilled (exit code 137)\n  at worker.run'] }), { failing: true, logs_read: true });
    assert.equal(v.verdict.kind, 'infrastructure');
    assert.match(v.verdict.summary, /the log line `calc-7 OOMKilled \(exit code 137\)`.*judged on the database and the run's logs/);
  });
});

describe('verdict: the signals it adds', () => {
  it('a log error line naming an input, or a key only its change touched, is evidence with the line', () => {
    const a = cand('Uptake curve', { peak: 0.3 }, { peak: 0.4 });
    const b = cand('Price', { list_price: 10 }, { list_price: 12, rebate_tier: 3 });
    const facts = f('Run failed', { log_errors: ["ERROR calc.share: bad curve for node 'Uptake curve'", "KeyError: 'rebate_tier'\n  File \"calc.py\", line 9"] });
    const sa = logSignal(a, facts, [a, b], ['Uptake curve', 'Price']);
    const sb = logSignal(b, facts, [a, b], ['Uptake curve', 'Price']);
    assert.equal(sa?.points, WEIGHTS.named_in_logs);
    assert.equal(sa?.detail, "the log line `ERROR calc.share: bad curve for node 'Uptake curve'` names it");
    assert.match(sb!.detail, /^the log line `KeyError: 'rebate_tier'` names the key `rebate_tier`, which only this change touched$/);
    assert.equal(logSignal(a, f('Run failed'), [a, b], ['Uptake curve', 'Price']), null);
  });

  it('the logs: code locations of stack frames and lines repeating the fail reason are not evidence', () => {
    const cohort = cand('Patient cohort records', { line: 1 }, { line: 2 });
    const share = cand('Peak share', { share: 0.1 }, { share: 0.2 });
    const all = [cohort, share];
    const facts = f("ValueError: band '65+' has a negative share (-0.102)", {
      log_errors: [
        'node evaluation failed: ValueError: band \'65+\' has a negative share (-0.102)\nTraceback (most recent call last):\n  File "/app/engine/calc.py", line 148, in simulate\nValueError: band \'65+\' has a negative share (-0.102)',
      ],
    });
    assert.equal(logSignal(cohort, facts, all, ['Patient cohort records', 'Peak share']), null, 'line 148 is not the key `line`');
    assert.equal(logSignal(share, facts, all, ['Patient cohort records', 'Peak share']), null, 'the reason repeated in the log says nothing new');
    // The frame's source line stays evidence.
    const withSource = f('Run failed', { log_errors: ['KeyError\n  File "/app/calc.py", line 9, in run\n    code = mapping[region]["share"]'] });
    assert.equal(logSignal(share, withSource, [cohort, share], ['Patient cohort records', 'Peak share'])?.detail, 'the log line `code = mapping[region]["share"]` names the key `share`, which only this change touched');
  });

  it('growth counts before an out-of-memory failure, not before any other failure', () => {
    const big = cand('Patient cohort records', Array.from({ length: 10 }, (_, i) => ({ id: i })), Array.from({ length: 200 }, (_, i) => ({ id: i })));
    assert.match(growthSignal(big, f('MemoryError: worker exceeded 4096 MB'))!.detail, /grew from .* \(×23\) and the run ran out of memory$/);
    assert.equal(growthSignal(big, f("KeyError: 'x'")), null);
  });

  it('the ranking carries each signal’s points to the verdict', () => {
    const a = cand('Uptake curve', 1, 2, { failed_in_b: true });
    const ranked = rankCandidates([a], { failure: f('boom'), profiles: new Map(), elsewhere: [] });
    assert.deepEqual(ranked[0]!.scored.map((s) => [s.signal, s.points]), [['calc_failed', 6], ['recency', 0.5]]);
  });

  it('a lost value in a reason about a missing value: full points alone, half among several', () => {
    const gone = cand('FX rates', { USD: 1.1 }, undefined, { change: 'removed' });
    const other = cand('Price', 1, 2);
    const f1 = f("TypeError: unsupported operand type(s) for *: 'float' and 'NoneType'");
    assert.deepEqual(missingValueSignal(gone, f1, [gone, other]), {
      signal: 'missing_value',
      detail: 'it lost its value and the fail reason reads like a missing value (`none`)',
      points: WEIGHTS.missing_value,
    });
    const gone2 = cand('Rebate rate', 0.1, undefined, { change: 'removed' });
    assert.equal(missingValueSignal(gone, f1, [gone, gone2, other])?.points, WEIGHTS.missing_value / 2);
    assert.equal(missingValueSignal(other, f1, [gone, other]), null);
    assert.equal(missingValueSignal(gone, f('ZeroDivisionError: division by zero'), [gone, other]), null);
  });

  it('a length error naming a new list length of one change only', () => {
    const grown = cand('Uptake curve', [1, 2, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    const other = cand('Price', [1, 2], [1, 2, 3]);
    const f1 = f('ValueError: Length of values (14) does not match length of index (16)');
    assert.equal(lengthSignal(grown, f1, [grown, other])?.detail, 'the fail reason reads like a length error and names 14, the new length of its list');
    assert.equal(lengthSignal(other, f1, [grown, other]), null);
    // The same number without a word about lengths is not a length error.
    assert.equal(lengthSignal(grown, f('ValueError: 14 patients'), [grown, other]), null);
  });

  it('a type error naming the JSON type a change turned its value into', () => {
    const listed = cand('Patient cohort records', { a: 1 }, [1, 2]);
    const other = cand('Price', 1, 2);
    const f1 = f("AttributeError: 'list' object has no attribute 'items'");
    assert.equal(typeSignal(listed, f1, [listed, other])?.detail, 'its value became a list and the fail reason names the type `list`');
    assert.equal(typeSignal(other, f1, [listed, other]), null);
    const twice = cand('Age bands', { a: 1 }, [3]);
    assert.equal(typeSignal(listed, f1, [listed, twice]), null, 'two changes became lists: no owner');
  });

  it('a first value since the last success is circumstantial; names match in camelCase, snake_case and without their qualifier', () => {
    assert.equal(firstValueSignal(cand('Rebate rate', undefined, 0.2, { change: 'added' }))?.points, WEIGHTS.first_value);
    assert.equal(firstValueSignal(cand('Rebate rate', 0.1, 0.2)), null);
    const names = ['Line-of-therapy split', 'Time on treatment (months)', 'COGS per unit (EUR)'];
    for (const [reason, name] of [
      ["ValidationException: field 'lineOfTherapySplit' rejected", 'Line-of-therapy split'],
      ['Invalid input "Time on treatment": value rejected', 'Time on treatment (months)'],
      ['1 validation error for RevenueInputs\ncogs_per_unit\n  Value error', 'COGS per unit (EUR)'],
      ['TIME_ON_TREATMENT_MONTHS must be positive', 'Time on treatment (months)'],
    ] as const) {
      const c = cand(name, 1, 2);
      assert.equal(namedSignal(c, f(reason, { node_names: names }), names)?.signal, 'named_in_reason', reason);
    }
  });
});

