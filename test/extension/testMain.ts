/**
 * Entry point (`main`) of the test VSIX only (scripts/package.mjs --tests-out): it wraps
 * the production bundle dist/extension.js, which it activates unchanged, and adds the
 * command `clearsight.test.runExtensionTests` when the environment names a result file.
 * The production VSIX never contains this file.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { RESULT_FILE_ENV, RUN_TESTS_COMMAND, type ExtensionTestResult } from './protocol';

interface ExtensionModule {
  activate(context: vscode.ExtensionContext): unknown;
  deactivate?(): unknown;
}
interface RunnerModule {
  runExtensionTests(): Promise<ExtensionTestResult>;
}

/** Loaded at run time, not bundled: the very file the production VSIX runs. */
function load<T>(file: string): T {
  return require(join(__dirname, file)) as T;
}

function writeResult(file: string, result: ExtensionTestResult): void {
  // Written beside and renamed, so the harness never reads half a file.
  writeFileSync(`${file}.partial`, JSON.stringify(result, null, 2));
  renameSync(`${file}.partial`, file);
}

export async function activate(context: vscode.ExtensionContext): Promise<unknown> {
  const resultFile = process.env[RESULT_FILE_ENV];
  if (resultFile) {
    context.subscriptions.push(
      vscode.commands.registerCommand(RUN_TESTS_COMMAND, async () => {
        let result: ExtensionTestResult;
        try {
          result = await load<RunnerModule>('index.js').runExtensionTests();
        } catch (err) {
          const runnerError = err instanceof Error ? (err.stack ?? err.message) : String(err);
          result = { passed: 0, failed: 1, pending: 0, durationMs: 0, tests: [], runnerError };
        }
        writeResult(resultFile, result);
        return result;
      }),
    );
  }
  return load<ExtensionModule>('../extension.js').activate(context);
}

export function deactivate(): unknown {
  return load<ExtensionModule>('../extension.js').deactivate?.();
}
