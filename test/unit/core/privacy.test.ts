import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { diffRuns } from '../../../src/core/diff';
import {
  changedPaths,
  markWithheld,
  privacyConflict,
  privacyMode,
  splitSnapshotPair,
  userMapper,
  WITHHELD,
  type SnapshotPairRow,
  type SnapshotRow,
} from '../../../src/core/privacy';
import { buildRcaNote } from '../../../src/core/rcaNote';
import { PseudonymKey } from '../../../src/etl/pseudonymKey';
import type { NodeCalc, RunSummary, ScenarioListItem, Snapshot } from '../../../src/core/types';
import { eventColumns, rowPrivacy, runColumns, saveColumns, scenarioColumns, UserSeen, type ExtractedSave, type ExtractedScenario } from '../../../src/etl/transform';
import { runSummary } from '../fixtures';

const KEY = 'correct horse battery staple 42';
const OTHER_KEY = 'another secret key, 32 chars ok!';

describe('privacy: keyed pseudonyms (HMAC-SHA256)', () => {
  it('a pseudonym is pu_ and 24 hex digits of HMAC-SHA256(key, user id): stable for one key, different for another', () => {
    const key = new PseudonymKey(KEY);
    const p = key.pseudonym('alice');
    assert.match(p, /^pu_[0-9a-f]{24}$/);
    // Known answers, from Python's hmac module: HMAC-SHA256(KEY, id), first 24 hex digits.
    assert.equal(p, 'pu_76e582f367ad3e4d45cdb277');
    assert.equal(key.pseudonym('Jürgen 日本'), 'pu_298bb3d821ff8732486966a7', 'UTF-8 ids');
    assert.equal(new PseudonymKey(KEY).pseudonym('alice'), p, 'same key, same pseudonym');
    assert.notEqual(key.pseudonym('bob'), p);
    assert.notEqual(new PseudonymKey(OTHER_KEY).pseudonym('alice'), p, 'another key, another pseudonym');
    assert.notEqual(new PseudonymKey(OTHER_KEY).fingerprint(), key.fingerprint());
    assert.match(key.fingerprint(), /^[0-9a-f]{16}$/);
  });

  it('refuses a short key, and never prints the key itself', () => {
    assert.throws(() => new PseudonymKey('short', 'CLEARSIGHT_PSEUDONYM_KEY'), /CLEARSIGHT_PSEUDONYM_KEY is too short: at least 16 characters/);
    assert.throws(() => new PseudonymKey('   padded-short   '), /too short/);
    const key = new PseudonymKey(KEY);
    for (const shown of [String(key), JSON.stringify({ key }), inspect(key), inspect({ privacy: { pseudonymKey: key } }, { depth: 5 }), `${key}`]) {
      assert.ok(!shown.includes(KEY) && !shown.includes('horse'), shown);
      assert.match(shown, /\[pseudonym key\]/);
    }
  });

  it('userMapper keeps null and maps each id once (plain without a key)', () => {
    const key = new PseudonymKey(KEY);
    const map = userMapper(key);
    assert.equal(map(null), null);
    assert.equal(map('carol'), key.pseudonym('carol'));
    assert.equal(userMapper(null)('carol'), 'carol');
  });
});

describe('privacy: the mode a reporting copy was loaded with', () => {
  const key = new PseudonymKey(KEY);
  it('records users and input values; equal modes agree', () => {
    assert.deepEqual(privacyMode(undefined), { users: 'raw', input_values: 'kept' });
    assert.deepEqual(privacyMode({ pseudonymKey: key, withholdInputValues: true }), { users: `pseudonymised:${key.fingerprint()}`, input_values: 'withheld' });
    assert.equal(privacyConflict(privacyMode({ pseudonymKey: key }), privacyMode({ pseudonymKey: new PseudonymKey(KEY) })), null);
  });

  it('names what differs: plain ids against pseudonyms, a changed key, values kept against withheld', () => {
    const plain = privacyMode({});
    const pseud = privacyMode({ pseudonymKey: key });
    assert.match(privacyConflict(pseud, plain)!, /holds user ids pseudonymised with the key of fingerprint [0-9a-f]{16}, this run would write real user ids.*etl --full/);
    const changed = privacyConflict(pseud, privacyMode({ pseudonymKey: new PseudonymKey(OTHER_KEY) }))!;
    assert.match(changed, /a changed key breaks the continuity/);
    assert.ok(!changed.includes(KEY) && !changed.includes(OTHER_KEY));
    assert.match(privacyConflict(plain, privacyMode({ withholdInputValues: true }))!, /input values kept, this run would have them withheld/);
  });

  it('a full rebuild may change the key or withhold more, never bring personal data back', () => {
    const plain = privacyMode({});
    const pseud = privacyMode({ pseudonymKey: key, withholdInputValues: true });
    assert.equal(privacyConflict(pseud, privacyMode({ pseudonymKey: new PseudonymKey(OTHER_KEY), withholdInputValues: true }), true), null);
    assert.equal(privacyConflict(plain, pseud, true), null);
    assert.match(privacyConflict(pseud, plain, true)!, /loaded without personal data .*would copy real user ids and input values into it.*DELETE FROM reporting\.settings WHERE name LIKE 'privacy_%'/);
    assert.match(privacyConflict(pseud, privacyMode({ pseudonymKey: key }), true)!, /would copy input values into it/);
  });
});

describe('privacy: changed paths instead of values', () => {
  it('the first save is `$`, a repeat none, a change its JSON paths', () => {
    assert.deepEqual(changedPaths(null, '{"a":1}', true), ['$']);
    assert.deepEqual(changedPaths('{"a":1}', '{"a":1}', false), []);
    assert.deepEqual(changedPaths('{"a":1,"g":{"r":[1,2]},"k":"x"}', '{"a":1,"g":{"r":[1,3]},"n":true}', true), ['$.g.r[1]', '$.k', '$.n']);
  });
});

const SCN = '11111111-1111-4111-8111-111111111111';

function save(over: Partial<ExtractedSave>): ExtractedSave {
  return {
    id: 'd1',
    scenario_id: SCN,
    model_node_id: 'n1',
    input_hash: 'h2',
    created_at: '2026-03-01T10:00:00.000Z',
    created_by: 'alice',
    created_req_id: null,
    end_at: null,
    has_previous: true,
    previous_hash: 'h1',
    input_data: '{"growth":{"rate":0.05},"secret":"ACME-4711"}',
    previous_data: '{"growth":{"rate":0.04},"secret":"ACME-4711"}',
    ...over,
  };
}

describe('privacy: the ETL transform', () => {
  const key = new PseudonymKey(KEY);
  const pa = key.pseudonym('alice');

  it('a plain copy keeps ids and values, and no changed paths', () => {
    const cols = saveColumns([save({})]);
    assert.equal(cols[4][0], 'alice');
    assert.equal(cols[9][0], save({}).input_data);
    assert.equal(cols[12][0], null);
  });

  it('withheld: no input_data, the hashes and the paths the save changed; pseudonymised: the save user', () => {
    const cols = saveColumns([save({}), save({ id: 'd0', has_previous: false, previous_hash: null, previous_data: null }), save({ id: 'd3', previous_hash: 'h2' })], rowPrivacy({ pseudonymKey: key, withholdInputValues: true }));
    assert.deepEqual(cols[4], [pa, pa, pa]);
    assert.deepEqual(cols[9], [null, null, null]);
    assert.deepEqual([cols[7][0], cols[8][0]], ['h2', 'h1']);
    assert.deepEqual(cols[12], ['["$.growth.rate"]', '["$"]', '[]']);
    assert.ok(!JSON.stringify(cols).includes('ACME-4711') && !JSON.stringify(cols).includes('alice'));
  });

  it('pseudonymises every user column: scenarios, runs, events and dim_user', () => {
    const p = rowPrivacy({ pseudonymKey: key });
    const scenario = { id: SCN, created_by: 'alice', updated_by: 'bob', submitted_by: null, locked_by: 'carol' } as unknown as ExtractedScenario;
    const sc = scenarioColumns([scenario], p);
    assert.deepEqual([sc[14][0], sc[17][0], sc[20][0], sc[23][0]], [pa, key.pseudonym('bob'), null, key.pseudonym('carol')]);
    const run = { id: 'r1', scenario_id: SCN, run_status: 'failed', run_at: '2026-03-01T10:00:00.000Z', run_complete_at: null, run_by: 'dave', run_req_id: null, fail_reason: 'x' };
    assert.equal(runColumns([run], p)[5][0], key.pseudonym('dave'));
    const ev = eventColumns([{ scenario_id: SCN, event_key: 'k', event_type: 'RUN_STARTED', event_timestamp: run.run_at, event_user: 'dave', node_id: null, node_name: null, run_id: 'r1', request_id: null, description: 'Run started', details: {} }], p);
    assert.equal(ev[5][0], key.pseudonym('dave'));
    const seen = new UserSeen();
    seen.add('alice', '2026-03-01T10:00:00.000Z');
    seen.add('alice', '2026-03-02T10:00:00.000Z');
    const users = seen.columns(p);
    assert.deepEqual(users.map((c) => c[0]), [pa, pa, '2026-03-01T10:00:00.000Z', '2026-03-02T10:00:00.000Z']);
    assert.ok(!JSON.stringify([sc, runColumns([run], p), ev, users]).match(/alice|bob|carol|dave/));
  });
});

describe('privacy: snapshot, diff and RCA note over a copy without values', () => {
  const RUN_OK = 'aaaaaaaa-0000-4000-8000-000000000001';
  const RUN_FAIL = 'bbbbbbbb-0000-4000-8000-000000000002';
  const row = (id: string, name: string, hash: string | null, paths: string[] | null): SnapshotRow => ({
    node_id: id,
    node_name: name,
    node_type: 'input',
    node_group: null,
    node_seq: 1,
    input_hash: hash,
    input_data: null,
    saved_at: hash ? '2026-03-01T12:00:00.000Z' : null,
    saved_by: hash ? 'pu_0123' : null,
    changed_paths: paths,
  });
  const snapshot = (runId: string, rows: SnapshotRow[]): Snapshot => {
    const { nodes, withheld } = markWithheld(rows);
    return { run_id: runId, scenario_id: SCN, run_at: '2026-03-01T10:00:00.000Z', nodes, ...(withheld ? { values_withheld: true as const } : {}) };
  };
  const run = (id: string, status: RunSummary['run_status']): RunSummary =>
    runSummary({ run_id: id, scenario_id: SCN, scenario_name: 'S', model_id: 'm', model_name: 'M', run_status: status, run_at: '2026-03-01T10:00:00.000Z', fail_reason: status === 'failed' ? 'Rates failed' : null });
  const calc: NodeCalc = { calc_id: 'c1', run_id: RUN_FAIL, node_id: 'n1', node_name: 'Rates', node_type: 'calc', status: 'failed', fail_reason: 'bad rate', processing_start_at: null, processing_end_at: null, processing_duration: null };

  it('markWithheld marks a withheld value (not "no value"), and leaves nodes without a version alone', () => {
    const { nodes, withheld } = markWithheld([row('n1', 'Rates', 'h2', ['$.growth.rate']), row('n2', 'Empty', null, null)]);
    assert.equal(withheld, true);
    assert.deepEqual([nodes[0].input_withheld, nodes[0].changed_paths, nodes[0].input_data], [true, ['$.growth.rate'], null]);
    assert.equal('input_withheld' in nodes[1] || 'changed_paths' in nodes[1], false);
    assert.equal(markWithheld([{ ...row('n3', 'Kept', 'h', null), input_data: { a: 1 } }]).withheld, false);
  });

  it('splitSnapshotPair: B reads A\'s node where both used one save, its own version elsewhere, each side marked as markWithheld marks it', () => {
    const pair = (r: SnapshotRow, b: Partial<SnapshotPairRow> | 'same'): SnapshotPairRow =>
      b === 'same'
        ? { ...r, b_same: true, b_input_hash: null, b_input_data: null, b_saved_at: null, b_saved_by: null, b_changed_paths: null }
        : { ...r, b_same: false, b_input_hash: null, b_input_data: null, b_saved_at: null, b_saved_by: null, b_changed_paths: null, ...b };
    const rows = [
      pair({ ...row('n1', 'Rates', 'h1', null), input_data: { rate: 1 } }, { b_input_hash: 'h2', b_input_data: { rate: 2 }, b_saved_at: '2026-03-02T00:00:00.000Z', b_saved_by: 'u2' }),
      pair({ ...row('n2', 'Same', 's1', null), input_data: [1, 2] }, 'same'),
      pair(row('n3', 'Added in B', null, null), { b_input_hash: 'a1', b_input_data: 7, b_saved_at: '2026-03-02T00:00:00.000Z', b_saved_by: 'u3' }),
      pair({ ...row('n4', 'Gone in B', 'g1', null), input_data: 'x' }, {}),
      pair(row('n5', 'None', null, null), 'same'),
    ];
    const { a, b } = splitSnapshotPair(rows);
    assert.deepEqual(a.nodes.map((n) => [n.node_id, n.input_hash, n.input_data]), [['n1', 'h1', { rate: 1 }], ['n2', 's1', [1, 2]], ['n3', null, null], ['n4', 'g1', 'x'], ['n5', null, null]]);
    assert.deepEqual(b.nodes.map((n) => [n.node_id, n.node_name, n.input_hash, n.input_data, n.saved_by]), [
      ['n1', 'Rates', 'h2', { rate: 2 }, 'u2'],
      ['n2', 'Same', 's1', [1, 2], 'pu_0123'],
      ['n3', 'Added in B', 'a1', 7, 'u3'],
      ['n4', 'Gone in B', null, null, null],
      ['n5', 'None', null, null, null],
    ]);
    assert.equal(b.nodes[1], a.nodes[1], 'the same save: one object');
    assert.notEqual(b.nodes[0], a.nodes[0]);
    // The pair's nodes are exactly the ones markWithheld makes of the same rows one by one.
    assert.deepEqual(a.nodes, markWithheld(rows.map(({ b_same, b_input_hash, b_input_data, b_saved_at, b_saved_by, b_changed_paths, ...r }) => r)).nodes);
    assert.deepEqual([a.withheld, b.withheld], [false, false]);
    // A copy without values: each side withheld on its own.
    const w = splitSnapshotPair([pair(row('n1', 'Rates', 'h1', ['$']), { b_input_hash: 'h2', b_changed_paths: ['$.rate'], b_saved_at: '2026-03-02T00:00:00.000Z', b_saved_by: 'u' })]);
    assert.deepEqual([w.a.nodes[0].input_withheld, w.a.nodes[0].changed_paths, w.b.nodes[0].input_withheld, w.b.nodes[0].changed_paths], [true, ['$'], true, ['$.rate']]);
    assert.deepEqual([w.a.withheld, w.b.withheld], [true, true]);
    const onlyA = splitSnapshotPair([pair(row('n1', 'Rates', 'h1', ['$']), {})]);
    assert.deepEqual([onlyA.a.withheld, onlyA.b.withheld], [true, false]);
  });

  const diff = () =>
    diffRuns({
      runA: run(RUN_OK, 'success'),
      runB: run(RUN_FAIL, 'failed'),
      snapshotA: snapshot(RUN_OK, [row('n1', 'Rates', 'h1', ['$']), row('n2', 'Same', 's1', ['$'])]),
      snapshotB: snapshot(RUN_FAIL, [row('n1', 'Rates', 'h2', ['$.growth.rate', '$.growth.years[3]']), row('n2', 'Same', 's1', ['$'])]),
      calcsA: [],
      calcsB: [calc],
    });

  it('diff: a changed hash gives the paths its save changed, values shown as withheld; an equal hash is unchanged', () => {
    const d = diff();
    assert.equal(d.values_withheld, true);
    assert.equal(d.unchanged_count, 1);
    assert.equal(d.changed.length, 1);
    assert.deepEqual(d.changed[0].paths, ['$.growth.rate', '$.growth.years[3]']);
    assert.equal(d.changed[0].values_withheld, true);
    assert.deepEqual(d.changed[0].path_changes.map((p) => [p.before, p.after]), [[WITHHELD, WITHHELD], [WITHHELD, WITHHELD]]);
  });

  it('the RCA note says the values are withheld and lists the changed paths, not a value table', () => {
    const scenario: ScenarioListItem = { scenario_id: SCN, scenario_name: 'S', status: 'draft', model_id: 'm', model_name: 'M', last_run_id: RUN_FAIL, last_run_at: null, last_run_status: 'failed', last_fail_reason: null, runs: 2, failed_runs: 1 };
    const base = { generatedAt: '2026-03-03T00:00:00.000Z', sourceLabel: 'reporting', scenario, failedRun: run(RUN_FAIL, 'failed'), lastSuccess: run(RUN_OK, 'success'), changesBeforeFailure: [], timeline: [], failedNodes: [calc], signature: null };
    const note = buildRcaNote({ ...base, diff: diff() });
    assert.match(note, /Input values are withheld in this reporting copy \(loaded with `--no-input-values`\)/);
    assert.match(note, /Changed paths \(values withheld\): `\$\.growth\.rate`, `\$\.growth\.years\[3\]`/);
    assert.ok(!note.includes('JSON data is identical'));
    const plain = buildRcaNote({ ...base, diff: diffRuns({ runA: run(RUN_OK, 'success'), runB: run(RUN_FAIL, 'failed'), snapshotA: snapshot(RUN_OK, []), snapshotB: snapshot(RUN_FAIL, []), calcsA: [], calcsB: [calc] }) });
    assert.ok(!plain.includes('withheld'));
  });
});
