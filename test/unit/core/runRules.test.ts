/**
 * The run rules said once (src/core/runRules.ts): what a failed run is, the run order and
 * the last success before a run; every TypeScript site uses them and every SQL literal of
 * the failed set is the constant's set, so a change to the rule fails here, loudly.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { lastSuccessFirstFailure } from '../../../src/core/diff';
import {
  FAILED_RUN_STATUSES,
  FINISHED_RUN_STATUSES,
  OPEN_RUN_STATUSES,
  RUN_STATUSES,
  compareRuns,
  isFailedRun,
  isOpenRun,
  isSuccessfulRun,
  lastSuccessBefore,
} from '../../../src/core/runRules';
import type { RunStatus, RunSummary } from '../../../src/core/types';
import { lastSuccessBefore as lastSuccessBeforeId, sortRuns } from '../../../src/shared/runOrder';
import { runSummary } from '../fixtures';

const root = join(__dirname, '..', '..', '..');

function files(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p, ext) : p.endsWith(ext) ? [p] : [];
  });
}

const rel = (p: string): string => relative(root, p).replace(/\\/g, '/');

function run(id: string, status: RunStatus, at: string): RunSummary {
  return runSummary({ run_id: id, run_status: status, run_at: at });
}

const ALL_STATUSES: RunStatus[] = ['queued', 'running', 'success', 'failed', 'timeout'];

describe('run rules: a failed run', () => {
  it('is a run that failed or timed out, nothing else', () => {
    assert.deepEqual([...FAILED_RUN_STATUSES].sort(), ['failed', 'timeout']);
    assert.deepEqual(ALL_STATUSES.filter(isFailedRun), ['failed', 'timeout']);
    for (const s of [null, undefined, '', 'FAILED', 'Timeout', 'cancelled', 'skipped']) assert.equal(isFailedRun(s), false, String(s));
  });

  it('a finished run succeeded or failed; an open one is queued or running; every status is one or the other', () => {
    assert.deepEqual([...FINISHED_RUN_STATUSES].sort(), ['failed', 'success', 'timeout']);
    assert.deepEqual([...OPEN_RUN_STATUSES].sort(), ['queued', 'running']);
    assert.deepEqual([...RUN_STATUSES].sort(), [...ALL_STATUSES].sort());
    assert.deepEqual(ALL_STATUSES.filter(isSuccessfulRun), ['success']);
    assert.deepEqual(ALL_STATUSES.filter(isOpenRun), ['queued', 'running']);
    assert.equal(isOpenRun(null), false);
  });
});

describe('run rules: order and the last success', () => {
  // Unsorted; r2a and r2b start at the same instant (run_id breaks the tie); r5 is a
  // recovery after the failures; q is queued in between; run_at in mixed precision.
  const runs = [
    run('r3', 'failed', '2026-03-03T00:00:00.000Z'),
    run('r5', 'success', '2026-03-05T00:00:00Z'),
    run('r1', 'success', '2026-03-01T00:00:00.000Z'),
    run('r2b', 'failed', '2026-03-02T00:00:00.000Z'),
    run('q', 'queued', '2026-03-03T12:00:00.000Z'),
    run('r2a', 'success', '2026-03-02T00:00:00Z'),
    run('r4', 'timeout', '2026-03-03T00:00:00.000123Z'),
  ];
  const byId = (id: string): RunSummary => runs.find((r) => r.run_id === id)!;

  it('orders runs by run_at, then run_id', () => {
    assert.deepEqual([...runs].sort(compareRuns).map((r) => r.run_id), ['r1', 'r2a', 'r2b', 'r3', 'r4', 'q', 'r5']);
    assert.deepEqual(sortRuns(runs).map((r) => r.run_id), ['r1', 'r2a', 'r2b', 'r3', 'r4', 'q', 'r5']);
  });

  it('the last success before a run is the latest success earlier in that order', () => {
    assert.equal(lastSuccessBefore(runs, byId('r4'))?.run_id, 'r2a');
    assert.equal(lastSuccessBefore(runs, byId('r2b'))?.run_id, 'r2a', 'same run_at: the smaller run_id comes first');
    assert.equal(lastSuccessBefore(runs, byId('r2a'))?.run_id, 'r1');
    assert.equal(lastSuccessBefore(runs, byId('r5'))?.run_id, 'r2a');
    assert.equal(lastSuccessBefore(runs, byId('r1')), null);
    assert.equal(lastSuccessBefore(runs, { run_id: 'a', run_at: '2026-03-02T00:00:00.000Z' })?.run_id, 'r1', "'a' < 'r2a' at the same instant");
    assert.equal(lastSuccessBefore(runs, { run_id: 'z', run_at: '2026-03-02T00:00:00.000Z' })?.run_id, 'r2a', "'r2a' < 'z' at the same instant");
  });

  it('the panels (runOrder) and the scenario diff (lastSuccessFirstFailure) give the same last success', () => {
    for (const r of runs) assert.equal(lastSuccessBeforeId(runs, r.run_id)?.run_id ?? null, lastSuccessBefore(runs, r)?.run_id ?? null, r.run_id);
    const pair = lastSuccessFirstFailure(runs);
    assert.equal(pair.firstFailure?.run_id, 'r2b');
    assert.equal(pair.lastSuccess?.run_id, 'r2a');
    assert.equal(lastSuccessBefore(runs, byId('r4'))?.run_id, pair.lastSuccess?.run_id);
    assert.equal(lastSuccessBeforeId(runs, 'nope'), null);
  });
});

/** Every `…run_status IN (…)` of a SQL text, with the set of its quoted values. */
function statusSets(sql: string): Array<{ line: number; values: string[] }> {
  const code = sql.replace(/--[^\n]*/g, (c) => ' '.repeat(c.length));
  return [...code.matchAll(/\b\w*run_status\s+IN\s*\(([^)]*)\)/gi)].map((m) => ({
    line: code.slice(0, m.index).split('\n').length,
    values: [...m[1]!.matchAll(/'([^']*)'/g)].map((v) => v[1]!).sort(),
  }));
}

const setName = (values: string[]): string | null => {
  const key = values.join(',');
  if (key === [...FAILED_RUN_STATUSES].sort().join(',')) return 'failed';
  if (key === [...FINISHED_RUN_STATUSES].sort().join(',')) return 'finished';
  if (key === [...OPEN_RUN_STATUSES].sort().join(',')) return 'open';
  return null;
};

describe('run rules in SQL', () => {
  const sqlFiles = files(join(root, 'sql'), '.sql').map((p) => ({ path: rel(p), sets: statusSets(readFileSync(p, 'utf8')) }));
  const found = sqlFiles.flatMap((f) => f.sets.map((s) => ({ at: `${f.path}:${s.line}`, values: s.values })));

  it('the scan reads the sets and tells a wrong one (run_status IN (…), comments ignored)', () => {
    const sets = statusSets("-- run_status IN ('x')\nSELECT 1 WHERE r.run_status IN ('timeout','failed')\n  AND last_run_status in ( 'failed' )");
    assert.deepEqual(sets, [
      { line: 2, values: ['failed', 'timeout'] },
      { line: 3, values: ['failed'] },
    ]);
    assert.equal(setName(sets[0]!.values), 'failed');
    assert.equal(setName(sets[1]!.values), null);
  });

  it('every run_status set in sql/ is the failed, finished or open set of src/core/runRules', () => {
    assert.ok(found.length >= 20, `only ${found.length} run_status sets found in sql/: is the pattern still right?`);
    const wrong = found.filter((f) => setName(f.values) === null).map((f) => `${f.at}: (${f.values.join(', ')})`);
    assert.deepEqual(wrong, [], 'a run_status set differs from FAILED_RUN_STATUSES / FINISHED_RUN_STATUSES / OPEN_RUN_STATUSES');
  });

  it('the partial indexes are planned on the failed set (reporting migrations 007 and 009)', () => {
    for (const file of ['sql/reporting/007_culprit_indexes.sql', 'sql/reporting/009_verdict.sql']) {
      const sets = sqlFiles.find((f) => f.path === file)?.sets ?? [];
      assert.ok(sets.length > 0, `${file}: no run_status set`);
      for (const s of sets) assert.equal(setName(s.values), 'failed', `${file}:${s.line}`);
    }
  });
});

describe('run rules in TypeScript', () => {
  // The demo and eval generators name the statuses they produce; everything else asks runRules.
  const sources = [...files(join(root, 'src'), '.ts'), ...files(join(root, 'webview'), '.ts')]
    .map((p) => ({ path: rel(p), text: readFileSync(p, 'utf8') }))
    .filter((s) => s.path !== 'src/core/runRules.ts' && !s.path.startsWith('src/demo/') && !s.path.startsWith('src/eval/'));
  const INLINED = [
    /['"]failed['"]\s*,\s*['"]timeout['"]/,
    /['"]timeout['"]\s*,\s*['"]failed['"]/,
    /===\s*['"]failed['"]\s*\|\|[^|&;]*===\s*['"]timeout['"]/,
    /!==\s*['"]failed['"]\s*&&[^|&;]*!==\s*['"]timeout['"]/,
  ];

  it('the patterns catch an inlined rule', () => {
    const samples = ["const F = new Set(['failed', 'timeout']);", "s === 'failed' || s === 'timeout'", "x.s !== 'failed' && x.s !== 'timeout'"];
    for (const s of samples) assert.ok(INLINED.some((re) => re.test(s)), s);
    assert.ok(!INLINED.some((re) => re.test("s === 'failed' ? 'error' : s === 'timeout' ? 'watch' : 'pass'")));
  });

  it('no source outside src/core/runRules.ts restates the failed-run rule', () => {
    assert.ok(sources.length >= 100, `only ${sources.length} sources read`);
    const hits = sources.flatMap((s) =>
      s.text.split('\n').flatMap((line, i) => (INLINED.some((re) => re.test(line)) ? [`${s.path}:${i + 1}: ${line.trim()}`] : [])),
    );
    assert.deepEqual(hits, [], 'use FAILED_RUN_STATUSES / isFailedRun of src/core/runRules');
  });
});
