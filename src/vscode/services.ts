/**
 * What the tree, the hover, the panels and the commands get from the extension: the
 * engine for the current connection, change events, logging. Built in extension.ts.
 */
import type * as vscode from 'vscode';
import type { Engine } from '../engine/engine';
import type { PowerBiSettings } from '../engine/reports';

/**
 * Arguments of commands that act on a scenario or a run: an id string, or a tree node /
 * hover link carrying ids. `idsOf()` in commands/args.ts normalises them.
 */
export interface IdArg {
  scenarioId?: string;
  runId?: string;
  /** For compare commands: the other run. */
  otherRunId?: string;
}

export interface ConnectionInfo {
  /** 'demo' or host:port/db of production. */
  label: string;
  /** The named environment in use ('' for the single-URL settings or the demo). */
  environment: string;
  demo: boolean;
  /** Which source analyses read: 'reporting' or 'prod'. */
  source: 'reporting' | 'prod';
  /** host:port/db of the database analyses read (the reporting database is another one than production). */
  sourceLabel?: string;
}

export interface EngineHost {
  /** The engine of the current connection (the demo when nothing is configured). Throws UserError/DbError. */
  engine(): Promise<Engine>;
  /** The connection as shown to the user (after engine() resolved at least once; else a best guess). */
  info(): ConnectionInfo;
  /** Fires when the connection changes or the reporting data was reloaded (after an ETL). */
  readonly onDidChange: vscode.Event<void>;
  /** Cancels what runs on the server for the current connection (pg_cancel_backend). */
  cancelRunning(): Promise<void>;
  powerBi(): PowerBiSettings;
  readonly log: vscode.LogOutputChannel;
}
