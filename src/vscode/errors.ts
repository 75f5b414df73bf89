/**
 * How errors reach the user: one line (the message of a UserError / DbError, never a
 * stack or a password), and one policy for showing it.
 */
import * as vscode from 'vscode';
import { UserError } from '../db/db';
import type { EngineHost } from './services';

function firstLine(text: string): string {
  const line = text.split(/\r?\n/, 1)[0]!.trim();
  return line.length > 500 ? `${line.slice(0, 499)}…` : line;
}

/** One line for the user: the message of a UserError / DbError, never a stack. */
export function errorLine(err: unknown): string {
  if (err instanceof UserError) return firstLine(err.message);
  const msg = err instanceof Error ? err.message : String(err);
  return `Unexpected error: ${firstLine(msg) || 'unknown'}`;
}

/** `unknown run id …` → `Unknown run id …`. */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Reports an action that failed: a UserError (no pair to compare, unknown id) as an
 * information message saying why, anything else as an error (details in the log).
 */
export function reportActionError(host: Pick<EngineHost, 'log'>, err: unknown): void {
  if (err instanceof UserError && err.exitCode === 1) {
    void vscode.window.showInformationMessage(`ClearSight: ${sentence(errorLine(err))}`);
    return;
  }
  if (!(err instanceof UserError)) host.log.error(err instanceof Error ? err : String(err));
  void vscode.window.showErrorMessage(`ClearSight: ${sentence(errorLine(err))}`);
}
