import assert from 'node:assert/strict';
import { type AddressInfo, type Server, connect, createServer } from 'node:net';
import { DbError, UserError } from '../../src/core/errors';
import { PgDb, describeUrl, redact } from '../../src/db/pgDb';
import { PgliteDb } from '../../src/db/pgliteDb';
import { ON_SERVER, createServerDatabase } from './setup';

/**
 * A pooler that drops the client's startup options (as some do): a TCP proxy to `target`
 * that removes the `options` parameter from the startup message, so the session is not
 * made read-only by `-c default_transaction_read_only=on`. Refuses TLS (answers 'N').
 */
async function optionsDroppingProxy(target: URL): Promise<{ url: string; server: Server }> {
  const server = createServer((socket) => {
    let buf = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        if (buf.length < 8) return;
        const len = buf.readInt32BE(0);
        if (buf.length < len) return;
        const code = buf.readInt32BE(4);
        if (code === 80877103 || code === 80877104) {
          // SSLRequest / GSSENCRequest: not here.
          socket.write('N');
          buf = buf.subarray(len);
          continue;
        }
        const pairs = buf.subarray(8, len - 1).toString('utf8').split('\0');
        const kept: string[] = [];
        for (let i = 0; i + 1 < pairs.length; i += 2) if (pairs[i] !== 'options') kept.push(pairs[i], pairs[i + 1]);
        const body = Buffer.from(`${kept.join('\0')}\0\0`, 'utf8');
        const head = Buffer.alloc(8);
        head.writeInt32BE(8 + body.length, 0);
        head.writeInt32BE(code, 4);
        const rest = buf.subarray(len);
        socket.off('data', onData);
        const upstream = connect(Number(target.port || 5432), target.hostname, () => {
          upstream.write(Buffer.concat([head, body, rest]));
          socket.pipe(upstream);
          upstream.pipe(socket);
        });
        upstream.on('error', () => socket.destroy());
        socket.on('error', () => upstream.destroy());
        socket.on('close', () => upstream.destroy());
        upstream.on('close', () => socket.destroy());
        return;
      }
    };
    socket.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const u = new URL(target.toString());
  u.hostname = '127.0.0.1';
  u.port = String((server.address() as AddressInfo).port);
  return { url: u.toString(), server };
}

describe('db adapters', () => {
  describe('PGlite adapter', () => {
    let db: PgliteDb;
    before(async () => {
      db = await PgliteDb.open();
    });
    after(() => db.close());

    it('parses timestamp as UTC ISO with Z, bigint and numeric as numbers', async () => {
      const [r] = await db.query<{ a: string; b: string; c: number; d: number }>(
        "SELECT '2026-03-01 10:00:00.1'::timestamp AS a, '2026-03-01 10:00:00.123456'::timestamp AS b, 5::bigint AS c, 1.25::numeric AS d",
      );
      assert.equal(r.a, '2026-03-01T10:00:00.100Z');
      assert.equal(r.b, '2026-03-01T10:00:00.123456Z');
      assert.equal(r.c, 5);
      assert.equal(r.d, 1.25);
    });

    it('rolls a failed transaction back', async () => {
      await db.exec('CREATE TABLE t_rb (x int)');
      await assert.rejects(
        db.transaction(async (tx) => {
          await tx.query('INSERT INTO t_rb VALUES (1)');
          throw new Error('boom');
        }),
        /boom/,
      );
      const [r] = await db.query<{ n: number }>('SELECT count(*) AS n FROM t_rb');
      assert.equal(r.n, 0);
    });

    it('serialises concurrent transactions on its single connection', async () => {
      await db.exec('CREATE TABLE t_ser (x int)');
      const order: string[] = [];
      await Promise.all([
        db.transaction(async (tx) => {
          order.push('a-begin');
          await tx.query('INSERT INTO t_ser VALUES (1)');
          await new Promise((r) => setImmediate(r));
          order.push('a-end');
        }),
        db.transaction(async (tx) => {
          order.push('b-begin');
          await tx.query('INSERT INTO t_ser VALUES (2)');
          order.push('b-end');
        }),
      ]);
      assert.deepEqual(order, ['a-begin', 'a-end', 'b-begin', 'b-end']);
    });

    it('refuses writes in a read-only transaction', async () => {
      await db.exec('CREATE TABLE t_ro (x int)');
      await assert.rejects(
        db.transaction((tx) => tx.query('INSERT INTO t_ro VALUES (1)'), { readOnly: true }),
        (err: unknown) => err instanceof DbError && /read-only/.test(err.message),
      );
    });
  });

  describe('pg adapter without a server', () => {
    it('names host and cause when nothing listens, exit code 2, no password', async () => {
      // A port that was free a moment ago: bind, read the port, close.
      const port = await new Promise<number>((resolve) => {
        const s = createServer().listen(0, '127.0.0.1', () => {
          const p = (s.address() as { port: number }).port;
          s.close(() => resolve(p));
        });
      });
      const db = new PgDb({ url: `postgres://u:s3cretPw@127.0.0.1:${port}/prod`, readOnly: true, connectTimeoutMs: 3000 });
      try {
        await assert.rejects(db.query('SELECT 1'), (err: unknown) => {
          assert.ok(err instanceof DbError);
          assert.equal(err.exitCode, 2);
          assert.match(err.message, new RegExp(`cannot connect to 127\\.0\\.0\\.1:${port}/prod: connection refused`));
          assert.doesNotMatch(err.message, /s3cretPw/);
          return true;
        });
      } finally {
        await db.close();
      }
    });

    it('reports an unknown host as host not found', async () => {
      const db = new PgDb({ url: 'postgres://u:pw@no-such-host.invalid:5432/x', readOnly: true, connectTimeoutMs: 3000 });
      try {
        await assert.rejects(db.query('SELECT 1'), /cannot connect to no-such-host\.invalid:5432\/x: host not found/);
      } finally {
        await db.close();
      }
    });

    it('rejects a malformed URL and an unknown sslmode as bad input', () => {
      assert.throws(() => new PgDb({ url: 'postgres://u@h/db?sslmode=sometimes', readOnly: true }), (e: unknown) => e instanceof UserError && e.exitCode === 1);
    });

    it('describes and redacts URLs', () => {
      assert.equal(describeUrl('postgres://me:pw@db.example:6543/forecast'), 'db.example:6543/forecast');
      assert.equal(redact('failed for postgres://me:hunter2@h/db'), 'failed for postgres://me:***@h/db');
      assert.equal(redact('password hunter2 leaked', 'hunter2'), 'password *** leaked');
    });
  });

  describe('pg adapter on a server', function () {
    let url = '';
    before(async function () {
      if (!ON_SERVER) {
        console.log('      skipped: no CLEARSIGHT_TEST_DATABASE_URL (these run against a real PostgreSQL in .ci/run)');
        this.skip();
      }
      url = await createServerDatabase();
      const rw = new PgDb({ url, readOnly: false });
      await rw.exec('CREATE TABLE fc_scenario (id uuid PRIMARY KEY, x text)');
      await rw.close();
    });

    it('production sessions are read-only in PostgreSQL itself: an INSERT is refused by the server', async () => {
      const warnings: string[] = [];
      const prod = new PgDb({ url, readOnly: true, onWarning: (w) => warnings.push(w) });
      try {
        const [s] = await prod.query<{ ro: string; app: string }>("SELECT current_setting('default_transaction_read_only') AS ro, current_setting('application_name') AS app");
        assert.equal(s.ro, 'on');
        assert.equal(s.app, 'clearsight-rca');
        await assert.rejects(
          prod.query("INSERT INTO fc_scenario VALUES ('5f0e8a9c-0000-4000-8000-000000000001', 'x')"),
          (err: unknown) => err instanceof DbError && /read-only/.test(err.message),
        );
        // Even a transaction we open ourselves cannot write.
        await assert.rejects(prod.transaction((tx) => tx.query("INSERT INTO fc_scenario VALUES ('5f0e8a9c-0000-4000-8000-000000000002', 'y')")), /read-only/);
        // The role used here (postgres) can write: warned once.
        assert.equal(warnings.length, 1);
        assert.match(warnings[0], /can write/);
      } finally {
        await prod.close();
      }
      const rw = new PgDb({ url, readOnly: false });
      const [n] = await rw.query<{ n: number }>('SELECT count(*) AS n FROM fc_scenario');
      await rw.close();
      assert.equal(n.n, 0);
    });

    describe('issue 20 item 8: the read-only proof cannot be spoofed by search_path objects', () => {
      let evilUrl = '';
      let proxy: { url: string; server: Server } | undefined;
      before(async () => {
        // A database whose search_path puts a schema of lying functions before pg_catalog:
        // current_setting says every setting is 'on' (and logs each call into a table, which
        // only a writable transaction can do); has_table_privilege says no.
        evilUrl = await createServerDatabase();
        const rw = new PgDb({ url: evilUrl, readOnly: false });
        try {
          await rw.exec(`
            CREATE TABLE fc_scenario (id uuid PRIMARY KEY, x text);
            CREATE SCHEMA evil;
            CREATE TABLE evil.calls (name text);
            CREATE FUNCTION evil.current_setting(text) RETURNS text LANGUAGE plpgsql AS $$
              BEGIN
                BEGIN INSERT INTO evil.calls VALUES ($1); EXCEPTION WHEN read_only_sql_transaction THEN NULL; END;
                RETURN 'on';
              END $$;
            CREATE FUNCTION evil.has_table_privilege(oid, text) RETURNS boolean LANGUAGE sql AS $$ SELECT false $$;
            ALTER DATABASE ${new URL(evilUrl).pathname.slice(1)} SET search_path = evil, pg_catalog, public;`);
        } finally {
          await rw.close();
        }
        proxy = await optionsDroppingProxy(new URL(evilUrl));
      });
      after(async () => {
        if (proxy) await new Promise((resolve) => proxy!.server.close(resolve));
      });

      it('the lie is in place: an unqualified current_setting on a writable session says on', async () => {
        const rw = new PgDb({ url: proxy!.url, readOnly: false });
        try {
          const [r] = await rw.query<{ ro: string; real: string }>(
            "SELECT current_setting('default_transaction_read_only') AS ro, pg_catalog.current_setting('default_transaction_read_only') AS real",
          );
          assert.deepEqual(r, { ro: 'on', real: 'off' });
          await rw.exec('DELETE FROM evil.calls');
        } finally {
          await rw.close();
        }
      });

      it('a writable session (a pooler dropping our startup options) is refused although current_setting lies', async () => {
        const prod = new PgDb({ url: proxy!.url, readOnly: true });
        try {
          await assert.rejects(prod.query("INSERT INTO fc_scenario VALUES ('5f0e8a9c-0000-4000-8000-000000000003', 'x')"), (err: unknown) => {
            assert.ok(err instanceof DbError, String(err));
            assert.equal(err.exitCode, 2);
            assert.match(err.message, /refusing .*not make the session read-only/);
            return true;
          });
        } finally {
          await prod.close();
        }
        const rw = new PgDb({ url: evilUrl, readOnly: false });
        try {
          const [n] = await rw.query<{ n: number }>('SELECT pg_catalog.count(*) AS n FROM public.fc_scenario');
          assert.equal(n.n, 0, 'nothing was written');
          const [c] = await rw.query<{ n: number }>('SELECT pg_catalog.count(*) AS n FROM evil.calls');
          assert.equal(c.n, 0, 'the lying function was never called');
        } finally {
          await rw.close();
        }
      });

      it('the role check is not fooled either, and both checks run inside BEGIN READ ONLY', async () => {
        const warnings: string[] = [];
        const queries: string[] = [];
        const prod = new PgDb({ url: evilUrl, readOnly: true, onWarning: (w) => warnings.push(w), onQuery: (name) => queries.push(name) });
        try {
          await prod.query('SELECT 1 AS one');
        } finally {
          await prod.close();
        }
        assert.equal(warnings.length, 1, 'postgres can write: warned although has_table_privilege lies');
        assert.match(warnings[0], /can write/);
        assert.deepEqual(queries.slice(0, 4), ['BEGIN READ ONLY', 'admin.session_read_only', 'admin.role_can_write', 'COMMIT']);
      });
    });

    it('applies the statement timeout', async () => {
      const prod = new PgDb({ url, readOnly: true, statementTimeoutMs: 200 });
      try {
        await assert.rejects(prod.query('SELECT pg_sleep(5)'), /statement timeout/);
      } finally {
        await prod.close();
      }
    });

    it('cancels a running query on the server (pg_cancel_backend)', async () => {
      const prod = new PgDb({ url, readOnly: true, statementTimeoutMs: 60_000 });
      try {
        const running = prod.query('SELECT pg_sleep(30)');
        running.catch(() => undefined); // observed below; avoids an unhandled-rejection warning meanwhile
        // Wait until the server shows the query as active, then cancel it.
        const watcher = new PgDb({ url, readOnly: true });
        for (;;) {
          const [r] = await watcher.query<{ n: number }>("SELECT count(*) AS n FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)' AND state = 'active'");
          if (r.n > 0) break;
        }
        await watcher.close();
        assert.equal(await prod.cancelRunning(), 1);
        await assert.rejects(running, /cancelled/);
      } finally {
        await prod.close();
      }
    });

    it('parses timestamps as UTC whatever the process time zone', async () => {
      const db = new PgDb({ url, readOnly: true });
      try {
        const [r] = await db.query<{ a: string }>("SELECT '2026-07-01 23:30:00.5'::timestamp AS a");
        assert.equal(r.a, '2026-07-01T23:30:00.500Z');
      } finally {
        await db.close();
      }
    });

    it('reports a wrong database name clearly', async () => {
      const u = new URL(url);
      u.pathname = '/no_such_db_here';
      const db = new PgDb({ url: u.toString(), readOnly: true });
      try {
        await assert.rejects(db.query('SELECT 1'), /cannot connect to .*no_such_db_here.*does not exist/);
      } finally {
        await db.close();
      }
    });
  });
});
