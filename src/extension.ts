/**
 * ClearSight RCA: activate() builds the services and registers everything, pushing each
 * disposable to context.subscriptions. Nothing connects until a view or command needs it.
 */
import * as vscode from 'vscode';
import { registerCommands } from './vscode/commands';
import { ConnectionManager } from './vscode/connections';
import { readSettings } from './vscode/config';
import { Views } from './vscode/constants';
import { EtlRunner } from './vscode/etlRunner';
import { readLogConfig } from './vscode/logSources';
import { registerRunIdHover } from './vscode/hover/registration';
import { DiagnosticsPanel } from './vscode/panels/diagnosticsPanel';
import { DiffPanel } from './vscode/panels/diffPanel';
import { registerPanelSerializers } from './vscode/panels/registration';
import { SnapshotPanel } from './vscode/panels/snapshotPanel';
import { TimelinePanel } from './vscode/panels/timelinePanel';
import { StatusBar } from './vscode/statusBar';
import { registerScenariosTree } from './vscode/tree/registration';

/** What an open panel shows once its current load has finished. */
export interface PanelState {
  payload: unknown;
  error: string | undefined;
}

/** What the extension-host tests reach through `extension.exports`. */
export interface ClearSightApi {
  connections: ConnectionManager;
  etl: EtlRunner;
  tree: ReturnType<typeof registerScenariosTree>;
  /** The state of the open panel of a subject (undefined when none is open). */
  panelState(kind: 'timeline' | 'snapshot' | 'diff' | 'diagnostics', id: string, otherId?: string): Promise<PanelState | undefined>;
}

export function activate(context: vscode.ExtensionContext): ClearSightApi {
  const log = vscode.window.createOutputChannel('ClearSight RCA', { log: true });
  const connections = new ConnectionManager(context, log);
  const etl = new EtlRunner(connections);
  context.subscriptions.push(log, connections, etl, new StatusBar(connections, etl));

  const demoDir = vscode.Uri.joinPath(context.globalStorageUri, 'demo').fsPath;
  const panels = { extensionUri: context.extensionUri, host: connections, logs: () => readLogConfig(connections.isDemo(), demoDir) };
  const tree = registerScenariosTree(context, connections);
  registerRunIdHover(context, connections);
  registerPanelSerializers(context, panels);
  registerCommands(context, connections, etl, panels);
  // The welcome view: empty, so that its viewsWelcome content (connect / try the demo) shows.
  context.subscriptions.push(vscode.window.registerTreeDataProvider(Views.welcome, { getChildren: () => [], getTreeItem: (x: vscode.TreeItem) => x }));

  // Open the connection in use ahead of the first hover or click (in the background).
  if (connections.isActive()) void connections.engine().catch((err) => log.warn(`connecting: ${err instanceof Error ? err.message : String(err)}`));

  // The demo works at once: a packaged demo comes with its reporting schema loaded; a demo
  // built on this machine gets it the first time it opens.
  let demoLoaded = false;
  const loadDemoReporting = async (): Promise<void> => {
    if (demoLoaded || !connections.isActive() || !connections.isDemo()) return;
    demoLoaded = true;
    const engine = await connections.engine();
    if (engine.primary.kind === 'prod') await etl.run('full', { silent: true });
  };
  const safely = (p: Promise<unknown>): void => void p.catch((err) => log.error(`demo: ${err instanceof Error ? err.message : String(err)}`));
  safely(loadDemoReporting());
  context.subscriptions.push(
    connections.onDidChange(() => safely(loadDemoReporting())),
    connections.onDidConnect(() => safely(loadDemoReporting())),
  );

  // Optional background refresh of the reporting schema.
  let timer: NodeJS.Timeout | undefined;
  const schedule = (): void => {
    if (timer) clearInterval(timer);
    const minutes = readSettings().etlAutoMinutes;
    timer = minutes > 0 ? setInterval(() => connections.isActive() && void etl.run('incremental', { silent: true }), minutes * 60_000) : undefined;
  };
  schedule();
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('clearsight.etl.autoIncrementalMinutes') && schedule()),
    { dispose: () => timer && clearInterval(timer) },
  );

  log.info(`ClearSight RCA ${context.extension.packageJSON.version} activated`);
  const panelState = async (kind: 'timeline' | 'snapshot' | 'diff' | 'diagnostics', id: string, otherId?: string): Promise<PanelState | undefined> => {
    const panel =
      kind === 'timeline' ? TimelinePanel.current(id) : kind === 'snapshot' ? SnapshotPanel.current(id) : kind === 'diagnostics' ? DiagnosticsPanel.current(id) : DiffPanel.current(id, otherId);
    if (!panel) return undefined;
    await panel.whenLoaded();
    return { payload: panel.lastPayload, error: panel.lastError };
  };
  return { connections, etl, tree, panelState };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
