/**
 * ClearSight RCA: activate() builds the services and registers everything, pushing each
 * disposable to context.subscriptions. Nothing connects until a view or command needs it.
 */
import * as vscode from 'vscode';
import { registerCommands } from './vscode/commands/index';
import { ConnectionManager } from './vscode/connections';
import { readSettings } from './vscode/config';
import { PanelTypes, Views } from './vscode/constants';
import { EtlRunner } from './vscode/etlRunner';
import { readLogConfig } from './vscode/logSources';
import { redactingLog } from './vscode/redactingLog';
import { registerRunIdHover } from './vscode/hover/registration';
import { PanelNavigator, type PanelState } from './vscode/panels/navigator';
import { StatusBar } from './vscode/statusBar';
import { registerScenariosTree } from './vscode/tree/registration';

export type { PanelState } from './vscode/panels/navigator';

/** What the extension-host tests reach through `extension.exports`. */
export interface ClearSightApi {
  connections: ConnectionManager;
  etl: EtlRunner;
  tree: ReturnType<typeof registerScenariosTree>;
  /** The state of the open panel of a subject (undefined when none is open). */
  panelState(kind: 'timeline' | 'snapshot' | 'diff' | 'diagnostics', id: string, otherId?: string): Promise<PanelState | undefined>;
}

export function activate(context: vscode.ExtensionContext): ClearSightApi {
  // Every line written to the channel goes through the one redaction (never a password).
  const log = redactingLog(vscode.window.createOutputChannel('ClearSight RCA', { log: true }));
  const connections = new ConnectionManager(context, log);
  const etl = new EtlRunner(connections, context.secrets);
  context.subscriptions.push(log, connections, etl, new StatusBar(connections, etl));

  // Panels load on first use (the navigator imports them); their serializers register now.
  const demoDir = vscode.Uri.joinPath(context.globalStorageUri, 'demo').fsPath;
  const logConfig = (): ReturnType<typeof readLogConfig> => readLogConfig(connections.isDemo(), demoDir);
  const navigator = new PanelNavigator(context.extensionUri, connections, logConfig);
  navigator.registerSerializers(context, Object.values(PanelTypes));
  const tree = registerScenariosTree(context, connections);
  registerRunIdHover(context, connections);
  registerCommands(context, connections, etl, navigator, logConfig);
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
  const panelState = (kind: 'timeline' | 'snapshot' | 'diff' | 'diagnostics', id: string, otherId?: string): Promise<PanelState | undefined> => navigator.panelState(kind, id, otherId);
  return { connections, etl, tree, panelState };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
