/**
 * The reporting copy without personal data (etl --pseudonymise-users, --no-input-values), on
 * PGlite and on PostgreSQL: nothing of the users' ids nor of the input values anywhere in the
 * reporting schema; the same pseudonyms on every run with one key, others with another key;
 * incremental = full; verify, snapshot, diff and the RCA note over such a copy.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import type { PrivacyOptions } from '../../src/core/privacy';
import { PseudonymKey } from '../../src/etl/pseudonymKey';
import type { Db } from '../../src/db/db';
import { PgDb } from '../../src/db/pgDb';
import { Analyses } from '../../src/engine/analyses';
import { rcaNote } from '../../src/engine/reports';
import { runEtl } from '../../src/etl/etl';
import { verifyReporting } from '../../src/ops/verify';
import { demo, digest, ON_SERVER } from './setup';
import { suiteDbs } from './suite';

const SECRET = 'k1-0123456789abcdef-reporting-pseudonyms';
const OTHER_SECRET = 'k2-fedcba9876543210-another-key!';
const CANARY_USER = 'canary.user+pii@example.com';
const CANARY_VALUE = 'CANARY-PII-VALUE-9f2c41';

const privateCopy = (secret = SECRET): PrivacyOptions => ({ pseudonymKey: new PseudonymKey(secret), withholdInputValues: true });

/** Every row of every table of the reporting schema, as JSON text (partitions included). */
async function reportingContent(db: Db): Promise<string> {
  const tables = await db.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'reporting' AND table_type = 'BASE TABLE' ORDER BY 1",
  );
  assert.ok(tables.length >= 10, `reporting tables: ${tables.map((t) => t.table_name).join(', ')}`);
  const parts: string[] = [];
  for (const t of tables) {
    const [r] = await db.query<{ t: string | null }>(`SELECT string_agg(to_jsonb(x)::text, E'\\n') AS t FROM reporting."${t.table_name}" x`);
    parts.push(r.t ?? '');
  }
  return parts.join('\n');
}

/** What must not leave production: every user id, and the input values (whole, and the canary). */
async function personalData(prod: Db): Promise<{ users: string[]; values: string[] }> {
  const users = (
    await prod.query<{ u: string }>(
      `SELECT DISTINCT u FROM (SELECT created_by FROM fc_scenario UNION SELECT updated_by FROM fc_scenario UNION SELECT submitted_by FROM fc_scenario
         UNION SELECT locked_by FROM fc_scenario UNION SELECT run_by FROM fc_scenario_run UNION SELECT created_by FROM fc_scenario_node_data) x(u)
        WHERE u IS NOT NULL`,
    )
  ).map((r) => r.u);
  // Whole values long enough not to occur by chance (jsonb's text, as to_jsonb writes it inside a
  // row): 300 of them, a fixed sample (each is searched for in the whole content).
  const values = (
    await prod.query<{ v: string }>(
      'SELECT v FROM (SELECT DISTINCT input_data::text AS v FROM fc_scenario_node_data WHERE length(input_data::text) >= 40) x ORDER BY md5(v) LIMIT 300',
    )
  ).map((r) => r.v);
  return { users, values: [CANARY_VALUE, ...values] };
}

function leaks(content: string, data: { users: string[]; values: string[] }): string[] {
  return [...data.users.filter((u) => content.includes(`"${u}"`)), ...data.values.filter((v) => content.includes(v))];
}

describe('privacy of the reporting copy: pseudonymised users, input values withheld', function () {
  const dbs = suiteDbs({ privacy: privateCopy() });
  let canarySave = '';
  let canaryNode = '';
  let canaryRun = '';

  it('an incremental run after new production rows gives the rows of a full reload (changed paths and pseudonyms alike)', async () => {
    const d = demo();
    const story = d.stories.list[0];
    const scenario = d.scenarios.find((s) => s.id === story.scenario_id)!;
    const node = d.nodes.find((n) => n.model_id === scenario.model_id && n.node_type === 'input')!;
    canaryNode = node.id;
    const [wm] = await dbs.reporting.query<{ watermark: string }>("SELECT watermark FROM reporting.etl_state WHERE name = 'default'");
    const later = new Date(Date.parse(wm.watermark) + 60_000).toISOString().replace('T', ' ').replace('Z', '');
    const end = new Date(Date.parse(wm.watermark) + 120_000).toISOString().replace('T', ' ').replace('Z', '');
    canarySave = randomUUID();
    canaryRun = randomUUID();
    // Production moves on (through a separate read-write connection; the tool never writes there).
    const writer: Db = ON_SERVER ? new PgDb({ url: dbs.url, readOnly: false }) : dbs.reporting;
    try {
      await writer.transaction(async (tx) => {
        const [prev] = await tx.query<{ input_data: Record<string, unknown> }>(
          'SELECT input_data FROM fc_scenario_node_data WHERE scenario_id = $1 AND model_node_id = $2 AND end_at IS NULL ORDER BY created_at DESC LIMIT 1',
          [scenario.id, node.id],
        );
        await tx.query('UPDATE fc_scenario_node_data SET end_at = $1::timestamp WHERE scenario_id = $2 AND model_node_id = $3 AND end_at IS NULL', [later, scenario.id, node.id]);
        const value = { ...(prev?.input_data ?? {}), patient_note: CANARY_VALUE };
        await tx.query(
          `INSERT INTO fc_scenario_node_data (id, scenario_id, model_node_id, input_data, input_hash, created_at, created_by)
           VALUES ($1, $2, $3, $4::jsonb, 'hash-canary', $5::timestamp, $6)`,
          [canarySave, scenario.id, node.id, JSON.stringify(value), later, CANARY_USER],
        );
        await tx.query(
          `INSERT INTO fc_scenario_run (id, scenario_id, run_status, run_at, run_complete_at, run_by)
           VALUES ($1, $2, 'success', $3::timestamp, $4::timestamp, $5)`,
          [canaryRun, scenario.id, end, end, CANARY_USER],
        );
        await tx.query('UPDATE fc_scenario SET updated_at = $1::timestamp, updated_by = $2 WHERE id = $3', [end, CANARY_USER, scenario.id]);
      });
    } finally {
      if (writer !== dbs.reporting) await writer.close();
    }
    const inc = await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'incremental', privacy: privateCopy() });
    assert.ok(inc.extracted.fc_scenario_node_data >= 2 && inc.extracted.fc_scenario_node_data < demo().nodeData.length / 2, 'incremental reads a window');
    const [row] = await dbs.reporting.query<{ input_data: unknown; changed_paths: string[]; current_hash: string; changed_by: string }>(
      'SELECT input_data, changed_paths, current_hash, changed_by FROM reporting.fact_input_changes WHERE node_data_id = $1',
      [canarySave],
    );
    assert.deepEqual(row, { input_data: null, changed_paths: ['$.patient_note'], current_hash: 'hash-canary', changed_by: new PseudonymKey(SECRET).pseudonym(CANARY_USER) });
    const afterIncremental = await digest(dbs.reporting);
    await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full', privacy: privateCopy() });
    assert.deepEqual(await digest(dbs.reporting), afterIncremental, 'incremental = full reload');
  });

  it('no user id and no input value remain anywhere in the reporting schema; the pseudonyms stand for the users', async () => {
    const data = await personalData(dbs.prod);
    assert.ok(data.users.includes(CANARY_USER) && data.users.length >= 10, `users: ${data.users.length}`);
    assert.ok(data.values.length >= 100, `values: ${data.values.length}`);
    const content = await reportingContent(dbs.reporting);
    assert.deepEqual(leaks(content, data), []);
    assert.ok(!content.includes(CANARY_USER.split('@')[0]));
    const key = new PseudonymKey(SECRET);
    const users = (await dbs.reporting.query<{ user_id: string; username: string }>('SELECT user_id, username FROM reporting.dim_user ORDER BY 1')).map((r) => [r.user_id, r.username]);
    assert.deepEqual(users, data.users.map((u) => key.pseudonym(u)).sort().map((p) => [p, p]));
    const [c] = await dbs.reporting.query<{ withheld: number; values: number; hashes: number }>(
      'SELECT count(*) FILTER (WHERE changed_paths IS NOT NULL)::int AS withheld, count(input_data)::int AS values, count(current_hash)::int AS hashes FROM reporting.fact_input_changes',
    );
    assert.deepEqual(c, { withheld: demo().nodeData.length + 1, values: 0, hashes: demo().nodeData.length + 1 });
  });

  it('etl --verify matches with the key, and refuses without it or with another', async () => {
    const v = await verifyReporting({ source: dbs.prod, reporting: dbs.reporting, privacy: privateCopy() });
    assert.equal(v.ok, true, JSON.stringify(v.tables.filter((t) => !t.match)));
    assert.ok(v.tables.every((t) => t.source_rows > 0 && t.source_rows === t.reporting_rows));
    await assert.rejects(verifyReporting({ source: dbs.prod, reporting: dbs.reporting }), /pseudonymised user ids: --verify needs the same pseudonym key/);
    await assert.rejects(verifyReporting({ source: dbs.prod, reporting: dbs.reporting, privacy: privateCopy(OTHER_SECRET) }), /not the one the reporting copy was loaded with/);
    // A changed pseudonym is still found.
    await dbs.reporting.query("UPDATE reporting.dim_run SET run_by = 'pu_000000000000000000000000' WHERE run_id = $1", [canaryRun]);
    const bad = await verifyReporting({ source: dbs.prod, reporting: dbs.reporting, privacy: privateCopy() });
    assert.deepEqual(bad.tables.find((t) => t.reporting_table === 'dim_run')!.different, [canaryRun]);
    await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full', privacy: privateCopy() });
  });

  it('snapshot, diff and the RCA note read from the copy say the values are withheld, with the changed paths', async () => {
    const a = new Analyses(dbs.reporting, 'reporting');
    const snap = await a.snapshot(canaryRun);
    assert.equal(snap.values_withheld, true);
    const canary = snap.nodes.find((n) => n.node_id === canaryNode)!;
    assert.deepEqual([canary.input_hash, canary.input_data, canary.input_withheld, canary.changed_paths], ['hash-canary', null, true, ['$.patient_note']]);
    assert.ok(snap.nodes.every((n) => n.input_data === null && (n.input_hash === null) === (n.input_withheld !== true)));
    const story = demo().stories.list.find((s) => s.scenario_id !== demo().stories.list[0].scenario_id)!;
    const d = await a.diff(story.last_success_run_id, story.failed_run_id);
    assert.equal(d.values_withheld, true);
    const culprit = d.changed.find((c) => c.node_id === story.culprit_node_id)!;
    assert.ok(culprit, `culprit among ${d.changed.map((c) => c.node_name).join(', ')}`);
    assert.equal(culprit.values_withheld, true);
    assert.ok(
      culprit.paths.some((p) => p === story.culprit_path || p.startsWith(`${story.culprit_path}[`) || p.startsWith(`${story.culprit_path}.`)),
      `${story.culprit_path} in ${culprit.paths.join(', ')}`,
    );
    const note = await rcaNote(a, story.failed_run_id, { generatedAt: '2026-12-01T00:00:00.000Z' });
    assert.match(note, /Input values are withheld in this reporting copy/);
    assert.ok(!note.includes('JSON data is identical'));
  });

  it('another key is refused on an incremental run; a full run with it gives every user another pseudonym', async () => {
    const before = (await dbs.reporting.query<{ user_id: string }>('SELECT user_id FROM reporting.dim_user ORDER BY 1')).map((r) => r.user_id);
    await assert.rejects(runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'incremental', privacy: privateCopy(OTHER_SECRET) }), (e: Error) => {
      assert.match(e.message, /a changed key breaks the continuity of every user.*etl --full/);
      assert.ok(!e.message.includes(SECRET) && !e.message.includes(OTHER_SECRET));
      return true;
    });
    await assert.rejects(runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'incremental' }), /this run would write real user ids/);
    await assert.rejects(runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full', since: '2020-01-01T00:00:00Z', privacy: privateCopy(OTHER_SECRET) }), /other privacy settings/);
    assert.deepEqual((await dbs.reporting.query<{ user_id: string }>('SELECT user_id FROM reporting.dim_user ORDER BY 1')).map((r) => r.user_id), before, 'refused runs changed nothing');
    await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full', privacy: privateCopy(OTHER_SECRET) });
    const after = (await dbs.reporting.query<{ user_id: string }>('SELECT user_id FROM reporting.dim_user ORDER BY 1')).map((r) => r.user_id);
    assert.equal(after.length, before.length);
    assert.deepEqual(after.filter((u) => before.includes(u)), []);
    assert.ok(after.every((u) => /^pu_[0-9a-f]{24}$/.test(u)));
  });

  it('a full run never brings personal data back by omission; removing the recorded mode is the deliberate step', async () => {
    const before = await digest(dbs.reporting);
    await assert.rejects(runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full' }), /loaded without personal data .*would copy real user ids and input values into it/);
    await assert.rejects(runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full', privacy: { pseudonymKey: new PseudonymKey(OTHER_SECRET) } }), /would copy input values into it/);
    assert.deepEqual(await digest(dbs.reporting), before, 'nothing changed');
    await dbs.reporting.query("DELETE FROM reporting.settings WHERE name LIKE 'privacy_%'");
  });

  it('control: a plain full load holds the ids and the values (the check above can fail)', async () => {
    await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full' });
    const data = await personalData(dbs.prod);
    const found = leaks(await reportingContent(dbs.reporting), data);
    assert.ok(found.includes(CANARY_USER) && found.includes(CANARY_VALUE), found.slice(0, 5).join(', '));
    assert.equal(found.length, data.users.length + data.values.length);
    const [n] = await dbs.reporting.query<{ n: number }>('SELECT count(*)::int AS n FROM reporting.fact_input_changes WHERE changed_paths IS NOT NULL');
    assert.equal(n.n, 0);
  });
});

describe('privacy options on the command line', function () {
  let dir = '';
  const saved = { key: process.env.CLEARSIGHT_PSEUDONYM_KEY, file: process.env.CLEARSIGHT_PSEUDONYM_KEY_FILE };
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'clearsight-pii-'));
    delete process.env.CLEARSIGHT_PSEUDONYM_KEY;
    delete process.env.CLEARSIGHT_PSEUDONYM_KEY_FILE;
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    if (saved.key !== undefined) process.env.CLEARSIGHT_PSEUDONYM_KEY = saved.key;
    if (saved.file !== undefined) process.env.CLEARSIGHT_PSEUDONYM_KEY_FILE = saved.file;
  });

  async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    // Unreachable servers: a bad option must fail before any connection is tried.
    const conn = ['--prod', 'postgres://u:pw@127.0.0.1:9/prod', '--reporting', 'postgres://u:pw@127.0.0.1:9/rep'];
    const code = await main([...args, ...conn], { env, out: (t) => (out += t), err: (t) => (err += `${t}\n`) });
    return { code, out, err };
  }

  it('--pseudonymise-users without a key: one clear line, exit 1, before connecting', async () => {
    for (const command of [['etl', '--full'], ['serve']]) {
      const r = await cli([...command, '--pseudonymise-users']);
      assert.equal(r.code, 1, r.err);
      assert.match(r.err, /^clearsight-rca: --pseudonymise-users needs a key: set CLEARSIGHT_PSEUDONYM_KEY, or give --pseudonym-key-file FILE/);
      assert.equal(r.err.trim().split('\n').length, 1);
      assert.ok(!/\bat \w+ \(/.test(r.err), 'no stack trace');
    }
  });

  it('a key file that is missing, empty or too short is refused; its content never printed', async () => {
    const missing = await cli(['etl', '--pseudonymise-users', '--pseudonym-key-file', join(dir, 'nope')]);
    assert.deepEqual([missing.code, /cannot read .*nope \(ENOENT\)/.test(missing.err)], [1, true]);
    writeFileSync(join(dir, 'empty'), '\n');
    const empty = await cli(['etl', '--pseudonymise-users', '--pseudonym-key-file', join(dir, 'empty')]);
    assert.deepEqual([empty.code, /is empty/.test(empty.err)], [1, true]);
    writeFileSync(join(dir, 'short'), 'tiny-secret-9\n');
    const short = await cli(['etl', '--pseudonymise-users', '--pseudonym-key-file', join(dir, 'short')]);
    assert.equal(short.code, 1);
    assert.match(short.err, /too short: at least 16 characters/);
    assert.ok(!short.err.includes('tiny-secret-9'));
  });
});
