/** The tests' DAX reader (test/powerbi/dax.ts): what it parses, refuses, and how it evaluates, on hand-built rows. */
import assert from 'node:assert/strict';
import { evaluateMeasure, parseDax, tokenize } from '../../powerbi/dax';

const runs = [
  { run_id: 'r1', scenario_id: 's1', run_status: 'success', duration_seconds: 10 },
  { run_id: 'r2', scenario_id: 's1', run_status: 'failed', duration_seconds: 20 },
  { run_id: 'r3', scenario_id: 's1', run_status: 'running', duration_seconds: null },
  { run_id: 'r4', scenario_id: 's2', run_status: 'Timeout', duration_seconds: 60 },
];
const tables = { dim_run: runs };

describe('the DAX reader of the Power BI tests', () => {
  it('tokenizes strings with doubled quotes, quoted table names, columns and measures', () => {
    assert.deepEqual(tokenize(`'My Table'[Col] & "a""b" & [M]`), [
      { t: 'col', table: 'My Table', column: 'Col' },
      { t: 'op', v: '&' },
      { t: 'str', v: 'a"b' },
      { t: 'op', v: '&' },
      { t: 'measure', name: 'M' },
    ]);
  });

  it('parses VAR … RETURN, precedence, IN lists and NOT', () => {
    const a = parseDax('VAR x = 1 + 2 * 3 RETURN IF ( NOT ISBLANK ( x ) && x IN { 7, 8 }, "y", BLANK () )');
    assert.equal(a.k, 'var');
    if (a.k !== 'var') return;
    assert.deepEqual(a.defs[0][1], { k: 'bin', op: '+', a: { k: 'num', v: 1 }, b: { k: 'bin', op: '*', a: { k: 'num', v: 2 }, b: { k: 'num', v: 3 } } });
    const cond = a.body.k === 'call' ? a.body.args[0] : undefined;
    assert.equal(cond?.k === 'bin' && cond.op, '&&');
  });

  it('refuses unbalanced parentheses, unknown functions, a VAR without RETURN and trailing text', () => {
    assert.throws(() => parseDax('SUM ( t[c]'), /expected '\)'/);
    assert.throws(() => parseDax('SUMM ( t[c] )'), /unknown function SUMM/);
    assert.throws(() => parseDax('VAR x = 1'), /expected RETURN/);
    assert.throws(() => parseDax('1 2'), /unexpected text after the expression/);
    assert.throws(() => parseDax('"open'), /unterminated string/);
  });

  it('evaluates COUNTROWS, CALCULATE filters (replacing the one on the same column), IN, text compared case-insensitively', () => {
    assert.equal(evaluateMeasure('COUNTROWS ( dim_run )', tables), 4);
    assert.equal(evaluateMeasure('CALCULATE ( COUNTROWS ( dim_run ), dim_run[run_status] IN {"failed", "timeout"} )', tables), 2, 'Timeout matches timeout');
    assert.equal(evaluateMeasure('CALCULATE ( COUNTROWS ( dim_run ), dim_run[run_status] = "success" )', tables, {}, { 'dim_run[run_status]': 'failed' }), 1, 'the filter on run_status is replaced');
    assert.equal(evaluateMeasure('CALCULATE ( COUNTROWS ( dim_run ), dim_run[run_status] = "success" )', tables, {}, { 'dim_run[scenario_id]': 's2' }), null, 'other filters stay; no rows is blank');
    assert.equal(evaluateMeasure('CALCULATE ( COUNTROWS ( dim_run ), dim_run[run_status] <> "running" )', tables, {}, { 'dim_run[scenario_id]': 's1' }), 2);
  });

  it('evaluates AVERAGE (blanks skipped), DIVIDE (alternate result on 0 or blank) and measure references', () => {
    assert.equal(evaluateMeasure('AVERAGE ( dim_run[duration_seconds] )', tables), 30);
    assert.equal(evaluateMeasure('AVERAGE ( dim_run[duration_seconds] )', tables, {}, { 'dim_run[scenario_id]': 's1' }), 15);
    const measures = { Runs: 'COUNTROWS ( dim_run )', Ok: 'CALCULATE ( COUNTROWS ( dim_run ), dim_run[run_status] = "success" )' };
    assert.equal(evaluateMeasure('DIVIDE ( [Ok], [Runs], 0 )', tables, measures), 0.25);
    assert.equal(evaluateMeasure('DIVIDE ( [Ok], [Runs], 0 )', tables, measures, { 'dim_run[scenario_id]': 's3' }), 0);
    assert.equal(evaluateMeasure('DIVIDE ( [Ok], [Runs] )', tables, measures, { 'dim_run[scenario_id]': 's3' }), null);
    assert.throws(() => evaluateMeasure('SUM ( dim_run[duration_seconds] )', tables), /outside the evaluated subset/);
  });
});
