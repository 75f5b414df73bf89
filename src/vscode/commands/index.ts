/**
 * The palette and context-menu commands, one file per area (navigation, reports, ETL,
 * connection). Thin: every analysis lives in the engine; every error goes through the one
 * policy in src/vscode/errors.ts. Adding a command: its id in constants.ts and package.json,
 * its body in the area's file.
 */
import type * as vscode from 'vscode';
import type { ConnectionManager } from '../connections';
import type { EtlRunner } from '../etlRunner';
import type { LogConfig } from '../logSources';
import type { Navigator } from '../panels/navigator';
import { registerConnectionCommands } from './connection';
import { registerEtlCommands } from './etl';
import { registerNavigationCommands } from './navigation';
import { registerReportCommands } from './reports';
import { commandServices } from './shared';

export function registerCommands(context: vscode.ExtensionContext, connections: ConnectionManager, etl: EtlRunner, nav: Navigator, logConfig?: () => LogConfig): void {
  const services = commandServices(context, connections, etl, nav, logConfig);
  registerNavigationCommands(services);
  registerReportCommands(services);
  registerEtlCommands(services);
  registerConnectionCommands(services);
}
