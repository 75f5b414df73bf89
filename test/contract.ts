/**
 * The command-line contract, read from the repository's copy (docs/contract/cli-contract.md):
 * the CLI tests check the fields this file names, so the copy a user's clone has is the one
 * that is enforced. A missing file is an error, not a skip.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const CONTRACT_FILE = join(__dirname, '..', 'docs', 'contract', 'cli-contract.md');

function contractText(): string {
  if (!existsSync(CONTRACT_FILE)) throw new Error(`the CLI contract is missing at ${CONTRACT_FILE}: it is part of the repository; restore it with \`git checkout -- docs/contract\``);
  return readFileSync(CONTRACT_FILE, 'utf8');
}

/** The JSON fields the contract's command table names for `command` (the first `{…}` of its row: for the commands that print flat objects), in its order. */
export function contractFields(command: string, text: string = contractText()): string[] {
  const row = text.split('\n').find((l) => l.startsWith(`| \`${command} `) || l.startsWith(`| \`${command}\``));
  if (!row) throw new Error(`the CLI contract has no row for \`${command}\``);
  const shape = /`\{([^}`]*)\}`/.exec(row.split(' | ').slice(1).join(' | '));
  if (!shape) throw new Error(`the contract's row for \`${command}\` names no {fields}`);
  return shape[1].split(',').map((f) => f.trim().replace(/:.*$/, '').replace(/^"|"$/g, ''));
}
