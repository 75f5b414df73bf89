/**
 * Run-id hovers in log files and the "Look Up Selection" command. The provider is thin:
 * it finds the id under the mouse (idExtraction), asks the batched, cached lookup
 * (lookupService) with a short timeout, and renders hoverContent's markdown with only the
 * commands its links use enabled.
 */
import * as vscode from 'vscode';
import type { RunInfo } from '../../core/types';
import { readHoverSettings, readSettings } from '../config';
import { Commands } from '../constants';
import type { EngineHost } from '../services';
import { errorLine } from '../errors';
import { buildErrorHover, buildHover, lookupErrorText, summarize, unknownIdText, type HoverContent, type LookupAction } from './hoverContent';
import { compileIdPattern, firstId, idAt, type IdPattern } from './idExtraction';
import { RunInfoLookup } from './lookupService';

function toMarkdown(content: HoverContent): vscode.MarkdownString {
  const md = new vscode.MarkdownString(content.markdown, true);
  md.isTrusted = { enabledCommands: content.commands };
  md.supportThemeIcons = true;
  return md;
}

/** How long a hover waits for a connection that is still opening. */
const CONNECT_WAIT_MS = 10_000;

export class RunIdHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly lookup: RunInfoLookup,
    private readonly pattern: () => IdPattern,
    private readonly timeoutMs: () => number,
    /** Resolves once the connection is open (at once when it already is). */
    private readonly connected: () => Promise<unknown>,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const hit = idAt(document.lineAt(position.line).text, position.character, this.pattern().regex);
    if (!hit) return undefined;
    // The first hover of a session may have to open the connection (the demo takes a few
    // seconds): VS Code shows "Loading…" meanwhile; the short timeout applies to the lookup.
    await Promise.race([this.connected().catch(() => undefined), new Promise((r) => setTimeout(r, CONNECT_WAIT_MS))]);
    if (token.isCancellationRequested) return undefined;
    const result = await this.lookup.lookup(hit.id, this.timeoutMs());
    if (!result || token.isCancellationRequested) return undefined;
    const content = 'error' in result ? buildErrorHover(hit.id, result.error) : buildHover(result.info, Date.now(), hoverOptions());
    if (!content) return undefined;
    return new vscode.Hover(toMarkdown(content), new vscode.Range(position.line, hit.start, position.line, hit.end));
  }
}

/** Open Ticket when a ticket template is set; the environment's name when one is in use. */
function hoverOptions(): { ticket: boolean; environment?: string } {
  const s = readSettings();
  return { ticket: s.ticket.urlTemplate !== '', ...(s.environment.name ? { environment: s.environment.name } : {}) };
}

interface ActionItem extends vscode.QuickPickItem {
  action?: LookupAction;
  copy?: string;
}

async function showLookup(info: Exclude<RunInfo, { kind: 'unknown' }>): Promise<void> {
  const summary = summarize(info);
  const items: ActionItem[] = [
    ...summary.actions.map((a): ActionItem => ({ label: `$(${a.icon}) ${a.title}`, action: a })),
    { label: 'Details', kind: vscode.QuickPickItemKind.Separator },
    ...summary.facts.map((f): ActionItem => ({
      label: `$(${f.icon}) ${f.label}`,
      description: f.detail,
      detail: f.copy ? 'Pick to copy' : undefined,
      copy: f.copy,
    })),
  ];
  const pick = await vscode.window.showQuickPick(items, { title: `ClearSight: ${summary.title}`, placeHolder: 'Choose an action', matchOnDescription: true });
  if (pick?.action) {
    await vscode.commands.executeCommand(pick.action.command, pick.action.args);
  } else if (pick?.copy) {
    await vscode.env.clipboard.writeText(pick.copy);
    vscode.window.setStatusBarMessage(`ClearSight: copied ${pick.copy.length > 40 ? `${pick.copy.slice(0, 40)}…` : pick.copy}`, 3000);
  }
}

export function registerRunIdHover(context: vscode.ExtensionContext, host: EngineHost): void {
  const lookup = new RunInfoLookup({
    fetch: async (id) => (await host.engine()).runInfo(id),
    onBatch: (ids) => host.log.trace(`hover lookup batch: ${ids.length} id(s)`),
  });
  const warned = new Set<string>();
  let settings = readHoverSettings();
  let pattern = compileIdPattern(settings.idPattern);
  let registration: vscode.Disposable | undefined;
  const provider = new RunIdHoverProvider(
    lookup,
    () => pattern,
    () => settings.timeoutMs,
    () => host.engine(),
  );

  const apply = (): void => {
    settings = readHoverSettings();
    pattern = compileIdPattern(settings.idPattern);
    if (pattern.error && !warned.has(settings.idPattern)) {
      warned.add(settings.idPattern);
      host.log.warn(`clearsight.hover.idPattern '${settings.idPattern}' is not usable (${pattern.error}); using the default pattern`);
    }
    registration?.dispose();
    registration = undefined;
    if (settings.enabled && settings.languages.length > 0) {
      registration = vscode.languages.registerHoverProvider(
        settings.languages.map((language) => ({ language })),
        provider,
      );
    }
  };
  apply();

  const lookUpSelection = async (): Promise<void> => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showErrorMessage('ClearSight: open a file and select a run, scenario or request id to look up.');
      return;
    }
    const regex = pattern.regex;
    const sel = editor.selection;
    const hit = sel.isEmpty
      ? idAt(editor.document.lineAt(sel.active.line).text, sel.active.character, regex)
      : firstId(editor.document.getText(sel), regex);
    if (!hit) {
      void vscode.window.showErrorMessage('ClearSight: No id in the selection.');
      return;
    }
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `ClearSight: looking up ${hit.id}…`, cancellable: true },
      (_progress, token) =>
        new Promise<Awaited<ReturnType<RunInfoLookup['lookup']>>>((resolve) => {
          token.onCancellationRequested(() => resolve(undefined));
          void lookup.lookup(hit.id).then(resolve);
        }),
    );
    if (!result) return;
    if ('error' in result) {
      host.log.error(`look up ${hit.id}: ${result.error}`);
      void vscode.window.showErrorMessage(lookupErrorText(hit.id, result.error));
      return;
    }
    if (result.info.kind === 'unknown') {
      void vscode.window.showInformationMessage(`ClearSight: ${unknownIdText(hit.id, host.info().label)}.`);
      return;
    }
    await showLookup(result.info);
  };

  context.subscriptions.push(
    { dispose: () => registration?.dispose() },
    { dispose: () => lookup.dispose() },
    host.onDidChange(() => lookup.clear()),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('clearsight.hover') && apply()),
    vscode.commands.registerCommand(Commands.lookUpSelection, async () => {
      try {
        await lookUpSelection();
      } catch (err) {
        const message = errorLine(err);
        host.log.error(`look up selection: ${message}`);
        void vscode.window.showErrorMessage(`ClearSight: cannot look up the selection: ${message}`);
      }
    }),
  );
}
