/** The one table of error kinds (src/core/errors.ts): exit codes, API statuses, the extension's policy. */
import assert from 'node:assert/strict';
import { DbError, ERROR_KINDS, NotFoundError, UserError, kindOf, policyOf } from '../../../src/core/errors';

describe('errors: one table of kinds', () => {
  it('each kind: the exit code of cli-contract.md, the HTTP status and message, the extension policy', () => {
    assert.deepEqual(ERROR_KINDS, {
      user: { exitCode: 1, httpStatus: 400, httpMessage: null, ui: 'info' },
      notFound: { exitCode: 1, httpStatus: 404, httpMessage: null, ui: 'info' },
      config: { exitCode: 1, httpStatus: 400, httpMessage: null, ui: 'info' },
      auth: { exitCode: 2, httpStatus: 503, httpMessage: 'database unavailable', ui: 'auth' },
      unavailable: { exitCode: 2, httpStatus: 503, httpMessage: 'database unavailable', ui: 'error' },
      bug: { exitCode: 2, httpStatus: 500, httpMessage: 'internal error', ui: 'unexpected' },
    });
  });

  it('an error takes its exit code from its kind: bad input 1, a database or log source that cannot answer 2', () => {
    assert.equal(new UserError('--limit: expected a whole number').kind, 'user');
    assert.equal(new UserError('--limit: expected a whole number').exitCode, 1);
    assert.equal(new UserError('no production database', 'config').exitCode, 1);
    assert.equal(new UserError('every log source failed', 'unavailable').exitCode, 2);
    assert.equal(new DbError('database error on db:5432/x: relation "fc_scenario" does not exist [42P01]', '42P01').kind, 'unavailable');
    assert.equal(new DbError('cannot connect to db:5432/x: connection refused').exitCode, 2);
  });

  it('an unknown id: kind notFound, the API answers its summary only (not where it was looked up)', () => {
    const e = new NotFoundError('unknown run id 42', 'not found on db.internal:5432/reporting');
    assert.equal(e.kind, 'notFound');
    assert.equal(e.exitCode, 1);
    assert.equal(e.message, 'unknown run id 42 (not found on db.internal:5432/reporting)');
    assert.equal(e.publicMessage, 'unknown run id 42');
    assert.equal(new UserError('run 7 has no successful run before it').publicMessage, 'run 7 has no successful run before it');
  });

  it('anything that is not a UserError is a bug: exit 2, 500, shown as unexpected', () => {
    assert.equal(kindOf(new TypeError("Cannot read properties of undefined (reading 'run_id')")), 'bug');
    assert.equal(kindOf('a string thrown'), 'bug');
    assert.equal(kindOf(undefined), 'bug');
    assert.deepEqual(policyOf(new RangeError('x')), ERROR_KINDS.bug);
    assert.deepEqual(policyOf(new NotFoundError('unknown scenario id 1')), ERROR_KINDS.notFound);
  });
});

describe('errors: a failed sign-in is recognised by SQLSTATE, not by the words of the message', () => {
  it('28P01 (invalid_password) and 28000 (invalid_authorization_specification) are auth, whatever the message', () => {
    const refused = new DbError('cannot connect to db:5432/x: authentication failed (sign-in refused for user "rca")', '28P01');
    assert.doesNotMatch(refused.message, /password/);
    assert.equal(refused.kind, 'auth');
    assert.equal(refused.exitCode, 2);
    assert.equal(policyOf(refused).ui, 'auth');
    assert.equal(new DbError('cannot connect to db:5432/x: authentication failed (no pg_hba.conf entry for host "10.0.0.7")', '28000').kind, 'auth');
  });

  it('a message that mentions a password under another SQLSTATE, or none, is not auth', () => {
    const denied = new DbError('database error on db:5432/x: permission denied for table password_history [42501]', '42501');
    assert.equal(denied.kind, 'unavailable');
    assert.equal(policyOf(denied).ui, 'error');
    assert.equal(new DbError('cannot connect to db:5432/x: password authentication failed for user "rca"').kind, 'unavailable');
    assert.equal(new UserError('--password-file: cannot read pw.txt (ENOENT)').kind, 'user');
  });
});
