/**
 * How errors reach the user, in one place: `errorLine` makes one line of any error (the
 * first non-empty line of its message, whitespace collapsed, never a stack or a password),
 * and `showError` shows it by its kind's `ui` (core/errors ERROR_KINDS, the one table):
 * - `auth` (a failed sign-in, by SQLSTATE): an error with a way out ("Set Database Password");
 * - `info` (bad input or nothing to do, exit code 1): an information message saying why;
 * - `error` (a database error, exit code 2): an error;
 * - `unexpected` (anything not a UserError): an error, and its stack in the output channel.
 * No vscode import (unit-tested): the window and commands come in as `ui`.
 */
import type * as vscode from 'vscode';
import { kindOf, policyOf } from '../core/errors';
import { Commands } from './constants';
import { redactKnown } from './redactingLog';

const MAX = 500;

/** One line for the user from any error or text, at most `n` characters, never a password. */
export function errorLine(err: unknown, n = MAX): string {
  const raw = err instanceof Error ? err.message : String(err);
  const first = raw.split(/\r?\n/).find((l) => l.trim() !== '') ?? raw;
  const line = first.replace(/\s+/g, ' ').trim();
  const cut = line.length > n ? `${line.slice(0, Math.max(1, n - 1))}…` : line;
  return redactKnown(cut) || 'unknown error';
}

/** `unknown run id …` → `Unknown run id …`. */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The server refused the credentials (a DbError whose SQLSTATE says so, never the message text). */
export function isAuthError(err: unknown): boolean {
  return kindOf(err) === 'auth';
}

/** What showError needs of the vscode module (pass `vscode`). */
export interface ErrorUi {
  window: Pick<typeof vscode.window, 'showErrorMessage' | 'showInformationMessage'>;
  commands: Pick<typeof vscode.commands, 'executeCommand'>;
}

type Log = Pick<vscode.LogOutputChannel, 'error' | 'warn'>;

/** Shows an error by the policy above; `context` (a command id, "panel: …") prefixes the log line. */
export function showError(ui: ErrorUi, log: Log, err: unknown, context?: string): void {
  const line = errorLine(err);
  const logged = context ? `${context}: ${line}` : line;
  switch (policyOf(err).ui) {
    case 'auth':
      log.error(logged);
      void ui.window
        .showErrorMessage(`ClearSight: ${sentence(line)}`, 'Set Database Password')
        .then((choice) => choice && ui.commands.executeCommand(Commands.setPassword));
      break;
    case 'info':
      log.warn(logged);
      void ui.window.showInformationMessage(`ClearSight: ${sentence(line)}`);
      break;
    case 'error':
      log.error(logged);
      void ui.window.showErrorMessage(`ClearSight: ${sentence(line)}`);
      break;
    case 'unexpected':
      log.error(err instanceof Error ? err : logged);
      void ui.window.showErrorMessage(`ClearSight: unexpected error: ${line} (details in the ClearSight RCA output)`);
      break;
  }
}

/** A panel action or navigation that failed: the same policy. */
export function reportActionError(ui: ErrorUi, host: { log: Log }, err: unknown): void {
  showError(ui, host.log, err);
}
