import assert from 'node:assert/strict';
import { UserError } from '../../../src/core/errors';
import { RdsIamTokens, rdsIamFor, TOKEN_RENEW_AFTER_MS } from '../../../src/db/rdsIam';

describe('RDS IAM authentication', () => {
  it('signs a token with static credentials: the presigned connect URL RDS expects', async () => {
    const tokens = new RdsIamTokens({
      hostname: 'prod-db.abc123xyz.eu-west-1.rds.amazonaws.com',
      port: 5432,
      username: 'rca_ro',
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
    });
    const token = await tokens.get();
    assert.match(token, /^prod-db\.abc123xyz\.eu-west-1\.rds\.amazonaws\.com:5432\/\?/);
    const q = new URLSearchParams(token.slice(token.indexOf('?') + 1));
    assert.equal(q.get('Action'), 'connect');
    assert.equal(q.get('DBUser'), 'rca_ro');
    assert.equal(q.get('X-Amz-Algorithm'), 'AWS4-HMAC-SHA256');
    assert.match(q.get('X-Amz-Credential')!, /^AKIAIOSFODNN7EXAMPLE\/\d{8}\/eu-west-1\/rds-db\/aws4_request$/);
    assert.equal(q.get('X-Amz-Expires'), '900');
    assert.equal(q.get('X-Amz-SignedHeaders'), 'host');
    assert.match(q.get('X-Amz-Signature')!, /^[0-9a-f]{64}$/);
    assert.ok(!token.includes('wJalrXUtnFEMI'), 'the secret key is not in the token');
  });

  it('reuses a token for 10 minutes, renews it before the 15-minute expiry, and signs once for concurrent callers', async () => {
    let now = 1_000_000;
    let n = 0;
    const tokens = new RdsIamTokens({ hostname: 'h', port: 5432, username: 'u', region: 'eu-west-1', now: () => now, sign: async () => `token-${++n}` });
    assert.deepEqual(await Promise.all([tokens.get(), tokens.get(), tokens.get()]), ['token-1', 'token-1', 'token-1']);
    now += TOKEN_RENEW_AFTER_MS - 1;
    assert.equal(await tokens.get(), 'token-1');
    now += 1;
    assert.equal(await tokens.get(), 'token-2');
    assert.equal(n, 2);
  });

  it('a failed signing is one clear line (exit 2) and is retried next time', async () => {
    let fail = true;
    const tokens = new RdsIamTokens({
      hostname: 'h',
      port: 5432,
      username: 'u',
      region: 'eu-west-1',
      sign: async () => {
        if (fail) throw Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
        return 't';
      },
    });
    await assert.rejects(tokens.get(), (e: unknown) => e instanceof UserError && e.exitCode === 2 && /cannot sign an RDS IAM token for u@h:5432 \(eu-west-1\): CredentialsProviderError/.test(e.message));
    fail = false;
    assert.equal(await tokens.get(), 't');
  });

  it('takes host, port and user from the URL, requires SSL and a region', () => {
    const r = rdsIamFor('postgres://rca_ro@prod-db.abc.eu-west-1.rds.amazonaws.com:6432/clearsight', {});
    assert.equal(r.sslMode, 'require');
    assert.deepEqual([r.tokens.options.hostname, r.tokens.options.port, r.tokens.options.username, r.tokens.options.region], ['prod-db.abc.eu-west-1.rds.amazonaws.com', 6432, 'rca_ro', 'eu-west-1']);
    assert.equal(rdsIamFor('postgres://u@db.example.com/x?sslmode=verify-full', { region: 'us-east-1' }).sslMode, 'verify-full');
    assert.throws(() => rdsIamFor('postgres://u@db.example.com/x?sslmode=disable', { region: 'us-east-1' }), /requires SSL/);
    assert.throws(() => rdsIamFor('postgres://u:pw@db.example.com/x', { region: 'us-east-1' }), /leave the password out/);
    assert.throws(() => rdsIamFor('postgres://db.example.com/x', { region: 'us-east-1' }), /needs the database user/);
    const saved = [process.env.AWS_REGION, process.env.AWS_DEFAULT_REGION];
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    try {
      assert.throws(() => rdsIamFor('postgres://u@db.example.com/x', {}), /needs a region/);
    } finally {
      if (saved[0] !== undefined) process.env.AWS_REGION = saved[0];
      if (saved[1] !== undefined) process.env.AWS_DEFAULT_REGION = saved[1];
    }
  });
});
