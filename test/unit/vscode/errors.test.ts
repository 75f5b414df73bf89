/** The one error policy of the extension (src/vscode/errors.ts), with a fake window. */
import assert from 'node:assert/strict';
import { DbError, UserError } from '../../../src/core/errors';
import { errorLine, isAuthError, showError, type ErrorUi } from '../../../src/vscode/errors';

function fakeUi(): { ui: ErrorUi; shown: Array<[string, string, string[]]>; logged: Array<[string, string]> } {
  const shown: Array<[string, string, string[]]> = [];
  const logged: Array<[string, string]> = [];
  const ui = {
    window: {
      showErrorMessage: (m: string, ...items: string[]) => (shown.push(['error', m, items]), Promise.resolve(undefined)),
      showInformationMessage: (m: string, ...items: string[]) => (shown.push(['info', m, items]), Promise.resolve(undefined)),
    },
    commands: { executeCommand: () => Promise.resolve(undefined) },
  } as unknown as ErrorUi;
  return { ui, shown, logged };
}

const log = (logged: Array<[string, string]>) => ({
  error: (m: unknown) => void logged.push(['error', m instanceof Error ? `Error: ${m.message}` : String(m)]),
  warn: (m: unknown) => void logged.push(['warn', String(m)]),
});

describe('errors: one line, one policy', () => {
  it('one line: the first non-empty line, whitespace collapsed, cut, never a password', () => {
    assert.equal(errorLine(new Error('\n  connection   refused\n    at Socket.<anonymous> (net.js:1:1)')), 'connection refused');
    assert.equal(errorLine('x'.repeat(600)).length, 500);
    assert.ok(errorLine('x'.repeat(600)).endsWith('…'));
    assert.equal(errorLine(new Error('cannot connect to postgres://rca:s3cr3t-pw@db.example/clearsight')).includes('s3cr3t-pw'), false);
    assert.equal(errorLine(''), 'unknown error');
  });

  it('bad input or nothing to do (UserError, exit 1): an information message saying why, logged as a warning', () => {
    const { ui, shown, logged } = fakeUi();
    showError(ui, log(logged), new UserError('this scenario has no runs to choose from'), 'clearsight.compareRuns');
    assert.deepEqual(shown, [['info', 'ClearSight: This scenario has no runs to choose from', []]]);
    assert.deepEqual(logged, [['warn', 'clearsight.compareRuns: this scenario has no runs to choose from']]);
  });

  it('a database error: an error message; a failed sign-in: with "Set Database Password"', () => {
    const { ui, shown } = fakeUi();
    showError(ui, log([]), new DbError('query cancelled on db:5432/x: statement timeout reached'));
    const auth = new DbError('cannot connect to db:5432/x: authentication failed (password authentication failed for user "rca")', '28P01');
    assert.equal(isAuthError(auth), true);
    showError(ui, log([]), auth);
    assert.deepEqual(
      shown.map(([kind, , items]) => [kind, items]),
      [
        ['error', []],
        ['error', ['Set Database Password']],
      ],
    );
    assert.equal(shown[0][1], 'ClearSight: Query cancelled on db:5432/x: statement timeout reached');
  });

  it('anything else is unexpected: said so, the error object (its stack) to the log', () => {
    const { ui, shown, logged } = fakeUi();
    showError(ui, log(logged), new TypeError("Cannot read properties of undefined (reading 'run_id')"));
    assert.equal(shown[0][0], 'error');
    assert.match(shown[0][1], /^ClearSight: unexpected error: Cannot read properties of undefined \(reading 'run_id'\) \(details in the ClearSight RCA output\)$/);
    assert.deepEqual(logged, [['error', "Error: Cannot read properties of undefined (reading 'run_id')"]]);
  });
});
