/**
 * The one way to go somewhere: panels, commands, the hover and the tree ask the navigator,
 * never each other. It opens panels through their registries (registration.ts, the only
 * module that imports panel classes, loaded with the first panel) and reaches the tree,
 * the ETL and the RCA note through their commands. Adding a panel = one method here + its
 * own files.
 */
import * as vscode from 'vscode';
import type { OverviewFilter } from '../../core/overviewFilter';
import { resolveLastSuccessPair, type DiffTarget } from '../../engine/lastSuccess';
import { isNavigation, navigationOf } from '../../shared/navigation';
import type { NavigateToHost } from '../../shared/protocol/common';
import { Commands } from '../constants';
import { reportActionError } from '../errors';
import type { LogConfig } from '../logSources';
import type { EngineHost, IdArg } from '../services';
import type * as RegistrationModule from './registration';
import type { PanelContext } from './webviewHtml';

export interface Navigator {
  timeline(scenarioId: string): Promise<void>;
  snapshot(runId: string): Promise<void>;
  diff(runA: string, runB: string): Promise<void>;
  /** Run Diagnostics of a run. */
  diagnostics(runId: string): Promise<void>;
  /** "Last success vs first failure" of a run or a scenario; says why when there is none. Never throws. */
  lastSuccess(target: DiffTarget): Promise<void>;
  /** A user's journey; `days` (when given) replaces the open panel's range. */
  journey(user: string, days?: number): Promise<void>;
  /** The Overview; a filter given replaces the open one's. */
  overview(filter?: Partial<OverviewFilter>): Promise<void>;
  revealScenario(scenarioId: string): Promise<void>;
  runEtl(mode?: 'incremental' | 'full'): Promise<void>;
  /** The RCA note of a run or scenario. Never throws (a failure is shown). */
  rcaNote(target: IdArg): Promise<void>;
  /** Open Ticket… for a run or scenario. Never throws (a failure is shown). */
  ticket(target: IdArg): Promise<void>;
}

/** What a panel of each kind shows once its current load has finished (extension-host tests). */
export interface PanelState {
  payload: unknown;
  error: string | undefined;
}

type Registration = typeof RegistrationModule;

export class PanelNavigator implements Navigator {
  private registration: Promise<Registration> | undefined;
  readonly ctx: PanelContext;

  constructor(extensionUri: vscode.Uri, host: EngineHost, logs?: () => LogConfig) {
    this.ctx = { extensionUri, host, navigate: this, logs };
  }

  /** The panel classes, loaded with the first panel (not at activation). */
  private panels(): Promise<Registration> {
    return (this.registration ??= import('./registration'));
  }

  async timeline(scenarioId: string): Promise<void> {
    (await this.panels()).showTimeline(this.ctx, scenarioId);
  }

  async snapshot(runId: string): Promise<void> {
    (await this.panels()).showSnapshot(this.ctx, runId);
  }

  async diff(runA: string, runB: string): Promise<void> {
    (await this.panels()).showDiff(this.ctx, runA, runB);
  }

  async diagnostics(runId: string): Promise<void> {
    (await this.panels()).showDiagnostics(this.ctx, runId);
  }

  async lastSuccess(target: DiffTarget): Promise<void> {
    try {
      const engine = await this.ctx.host.engine();
      const pair = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'ClearSight: finding the last successful run…' }, () =>
        resolveLastSuccessPair(engine, target),
      );
      await this.diff(pair.runA, pair.runB);
    } catch (err) {
      reportActionError(vscode, this.ctx.host, err);
    }
  }

  async journey(user: string, days?: number): Promise<void> {
    (await this.panels()).showJourney(this.ctx, user, days);
  }

  async overview(filter?: Partial<OverviewFilter>): Promise<void> {
    (await this.panels()).showOverview(this.ctx, filter);
  }

  async revealScenario(scenarioId: string): Promise<void> {
    await vscode.commands.executeCommand(Commands.revealScenario, scenarioId.toLowerCase());
  }

  async runEtl(mode: 'incremental' | 'full' = 'incremental'): Promise<void> {
    // The runner reports progress and errors itself.
    await vscode.commands.executeCommand(Commands.runEtl, mode);
  }

  async rcaNote(target: IdArg): Promise<void> {
    try {
      await vscode.commands.executeCommand(Commands.generateRcaNote, target);
    } catch (err) {
      reportActionError(vscode, this.ctx.host, err);
    }
  }

  async ticket(target: IdArg): Promise<void> {
    try {
      await vscode.commands.executeCommand(Commands.openTicket, target);
    } catch (err) {
      reportActionError(vscode, this.ctx.host, err);
    }
  }

  /**
   * A webview's navigation message, checked once for every panel (src/shared/navigation.ts):
   * true when it was one (handled or dropped as malformed), false for the panel's own messages.
   */
  async fromWebview(raw: { type: string }): Promise<boolean> {
    if (!isNavigation(raw)) return false;
    const m = navigationOf(raw);
    if (!m) {
      this.ctx.host.log.warn(`panel: ignored a malformed ${raw.type} message`);
      return true;
    }
    await (this.byMessage[m.type] as (m: NavigateToHost) => Promise<void>)(m);
    return true;
  }

  /** What each navigation message opens. */
  private readonly byMessage: { [T in NavigateToHost['type']]: (m: Extract<NavigateToHost, { type: T }>) => Promise<void> } = {
    openTimeline: (m) => this.timeline(m.scenarioId),
    openSnapshot: (m) => this.snapshot(m.runId),
    openDiff: (m) => this.diff(m.runA, m.runB),
    openDiagnostics: (m) => this.diagnostics(m.runId),
    compareWithLastSuccess: (m) => this.lastSuccess({ runId: m.runId, scenarioId: m.scenarioId }),
    openUser: (m) => this.journey(m.user),
    revealInTree: (m) => this.revealScenario(m.scenarioId),
    openOverview: () => this.overview(),
    runEtl: () => this.runEtl('incremental'),
    rcaNote: (m) => this.rcaNote({ scenarioId: m.scenarioId, runId: m.runId }),
    openTicket: (m) => this.ticket({ scenarioId: m.scenarioId, runId: m.runId }),
  };

  /** Restores the panels after a window reload (each webview saved its subject with setState). */
  registerSerializers(context: vscode.ExtensionContext, types: readonly string[]): void {
    for (const type of types) {
      context.subscriptions.push(
        vscode.window.registerWebviewPanelSerializer(type, {
          deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => {
            // A panel whose state is missing or malformed cannot be shown again: close it.
            if (!(await this.panels()).revive(this.ctx, type, panel, state)) panel.dispose();
          },
        }),
      );
    }
  }

  /** The state of the open panel of a subject, once loaded (undefined when none is open). */
  async panelState(kind: 'timeline' | 'snapshot' | 'diff' | 'diagnostics', id: string, otherId?: string): Promise<PanelState | undefined> {
    const panel = (await this.panels()).openPanel(kind, id, otherId);
    if (!panel) return undefined;
    await panel.whenLoaded();
    return { payload: panel.lastPayload, error: panel.lastError };
  }
}
