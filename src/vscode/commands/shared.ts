/**
 * What every command area gets: the services, `register` (a command body whose errors go
 * through the one error policy), the argument normaliser and the pickers.
 */
import * as vscode from 'vscode';
import type { ConnectionManager } from '../connections';
import { showError } from '../errors';
import type { EtlRunner } from '../etlRunner';
import type { LogConfig } from '../logSources';
import type { Navigator } from '../panels/navigator';
import { Pickers } from './pickers';

export interface CommandServices {
  context: vscode.ExtensionContext;
  connections: ConnectionManager;
  etl: EtlRunner;
  nav: Navigator;
  logConfig?: () => LogConfig;
  log: vscode.LogOutputChannel;
  pickers: Pickers;
  /** Registers a command; any error it throws is shown by the one policy (src/vscode/errors.ts). */
  register<A extends unknown[]>(id: string, fn: (...args: A) => Promise<unknown>): void;
}

export function commandServices(context: vscode.ExtensionContext, connections: ConnectionManager, etl: EtlRunner, nav: Navigator, logConfig?: () => LogConfig): CommandServices {
  const log = connections.log;
  return {
    context,
    connections,
    etl,
    nav,
    logConfig,
    log,
    pickers: new Pickers(connections),
    register(id, fn) {
      context.subscriptions.push(
        vscode.commands.registerCommand(id, async (...args: Parameters<typeof fn>) => {
          try {
            await fn(...args);
          } catch (err) {
            showError(vscode, log, err, id);
          }
        }),
      );
    },
  };
}

export { idsOf, when } from './args';
