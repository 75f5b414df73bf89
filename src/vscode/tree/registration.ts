/**
 * The scenarios TreeView: a thin TreeDataProvider over ScenarioTreeModel, the view's
 * filter description and context key, and the tree's commands (refresh, filter, clear
 * filter, reveal, load more).
 */
import * as vscode from 'vscode';
import { treePageSize } from '../config';
import { Commands, ContextKeys, Views } from '../constants';
import type { EngineHost, IdArg } from '../services';
import { errorLine } from '../errors';
import type { ItemSpec, TreeNode } from './scenarioNodes';
import { engineSource, ScenarioTreeModel } from './scenarioTreeModel';
import { isUuid } from '../../core/ids';

const COLLAPSIBLE: Record<ItemSpec['collapsible'], vscode.TreeItemCollapsibleState> = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
};

export function toTreeItem(spec: ItemSpec): vscode.TreeItem {
  const item = new vscode.TreeItem(spec.label, COLLAPSIBLE[spec.collapsible]);
  item.id = spec.id;
  item.description = spec.description;
  if (spec.tooltip) {
    const md = new vscode.MarkdownString(spec.tooltip, true);
    md.isTrusted = false;
    item.tooltip = md;
  }
  if (spec.icon) item.iconPath = new vscode.ThemeIcon(spec.icon.id, spec.icon.color ? new vscode.ThemeColor(spec.icon.color) : undefined);
  item.contextValue = spec.contextValue;
  if (spec.command) item.command = { command: spec.command.command, title: spec.command.title, arguments: spec.command.arguments };
  return item;
}

export class ScenariosTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly model: ScenarioTreeModel;

  constructor(host: EngineHost, track: <T>(task: () => Promise<T>) => Promise<T>) {
    this.model = new ScenarioTreeModel({
      source: engineSource(() => host.engine()),
      pageSize: treePageSize,
      label: () => host.info().label,
      onDidChange: (node) => this.changed.fire(node),
      track,
    });
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return toTreeItem(node.toItem({ now: Date.now() }));
  }

  getChildren(node?: TreeNode): Promise<TreeNode[]> {
    return this.model.getChildren(node);
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return this.model.getParent(node);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export interface ScenariosTree {
  provider: ScenariosTreeProvider;
  view: vscode.TreeView<TreeNode>;
  refresh(): void;
  reveal(scenarioId: string): Promise<void>;
}

function scenarioIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg.trim() || undefined;
  if (arg && typeof arg === 'object' && typeof (arg as IdArg).scenarioId === 'string') return (arg as IdArg).scenarioId;
  return undefined;
}

export function registerScenariosTree(context: vscode.ExtensionContext, host: EngineHost): ScenariosTree {
  let view: vscode.TreeView<TreeNode> | undefined;
  let firstLoad = true;
  // Every load shows progress in the view; the very first one also a message.
  const track = <T>(task: () => Promise<T>): Promise<T> => {
    const first = firstLoad;
    firstLoad = false;
    if (first && view) view.message = `Loading scenarios from ${host.info().label}…`;
    const done = (): void => {
      if (first && view) view.message = undefined;
    };
    return Promise.resolve(vscode.window.withProgress({ location: { viewId: Views.scenarios } }, task)).finally(done);
  };

  const provider = new ScenariosTreeProvider(host, track);
  const model = provider.model;
  view = vscode.window.createTreeView(Views.scenarios, { treeDataProvider: provider, showCollapseAll: true });
  const tree = view;

  /** The view's description: the environment in use and the filter, when there are. */
  const showFilter = (): void => {
    const env = host.info().environment;
    const parts = [env, model.filter !== undefined ? `filter: ${model.filter}` : ''].filter((x) => x !== '');
    tree.description = parts.length > 0 ? parts.join(' · ') : undefined;
    void vscode.commands.executeCommand('setContext', ContextKeys.filtered, model.filter !== undefined);
  };

  const refresh = (): void => {
    firstLoad = true;
    showFilter();
    model.refresh();
  };

  const reveal = async (scenarioId: string): Promise<void> => {
    const node = await model.revealScenario(scenarioId);
    if (!node) {
      void vscode.window.showWarningMessage(`ClearSight: scenario ${scenarioId} was not found in ${host.info().label}.`);
      return;
    }
    await tree.reveal(node, { select: true, focus: true, expand: true });
  };

  const safely =
    <A extends unknown[]>(what: string, fn: (...args: A) => Promise<void> | void) =>
    async (...args: A): Promise<void> => {
      try {
        await fn(...args);
      } catch (err) {
        const message = errorLine(err);
        host.log.error(`${what}: ${message}`);
        void vscode.window.showErrorMessage(`ClearSight: ${what}: ${message}`);
      }
    };

  context.subscriptions.push(
    provider,
    tree,
    host.onDidChange(refresh),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('clearsight.tree.pageSize') && refresh()),
    vscode.commands.registerCommand(Commands.refreshScenarios, refresh),
    vscode.commands.registerCommand(
      Commands.filterScenarios,
      safely('cannot filter scenarios', async () => {
        const text = await vscode.window.showInputBox({
          title: 'ClearSight: Filter Scenarios',
          prompt: `Scenario name (substring) or id prefix, searched in ${host.info().label}; empty clears the filter`,
          placeHolder: 'e.g. Budget 2026 or 3f2a',
          value: model.filter ?? '',
        });
        if (text === undefined) return;
        model.setFilter(text);
        showFilter();
      }),
    ),
    vscode.commands.registerCommand(Commands.clearFilter, () => {
      model.setFilter(undefined);
      showFilter();
    }),
    vscode.commands.registerCommand(
      Commands.revealScenario,
      safely('cannot reveal the scenario', async (arg?: unknown) => {
        const id =
          scenarioIdOf(arg) ??
          (await vscode.window.showInputBox({
            title: 'ClearSight: Reveal Scenario',
            prompt: 'Scenario id (UUID)',
            placeHolder: '00000000-0000-0000-0000-000000000000',
            validateInput: (v) => (isUuid(v.trim()) ? undefined : 'Enter a scenario id (a UUID)'),
          }));
        if (!id) return;
        if (!isUuid(id.trim())) throw new Error(`'${id}' is not a scenario id (UUID)`);
        await reveal(id.trim());
      }),
    ),
    vscode.commands.registerCommand(
      Commands.loadMore,
      safely('cannot load more scenarios', async (arg?: unknown) => {
        if (typeof arg === 'string') await model.loadMore(arg);
        else if (arg && typeof arg === 'object' && typeof (arg as { key?: unknown }).key === 'string') await model.loadMore((arg as { key: string }).key);
      }),
    ),
  );
  showFilter();

  return { provider, view: tree, refresh, reveal };
}
