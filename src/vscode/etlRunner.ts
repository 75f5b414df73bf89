/** Runs the shared ETL from the editor: progress with a cancel that cancels on the server. */
import * as vscode from 'vscode';
import { MIN_KEY_LENGTH, type PrivacyOptions } from '../core/privacy';
import { PseudonymKey } from '../etl/pseudonymKey';
import { formatDuration } from '../core/time';
import { UserError } from '../core/errors';
import { runEtl, type EtlMode, type EtlResult } from '../etl/etl';
import { etlHistory, loadState, type EtlLogRow, type LoadState } from '../etl/status';
import type { HealthReport } from '../core/health';
import { checkHealth } from '../ops/health';
import { ContextKeys } from './constants';
import { readSettings, type Settings } from './config';
import type { ConnectionManager } from './connections';
import { errorLine } from './errors';
import { Disposable } from './lifecycle';
import { rememberSecret } from './redactingLog';

/** The SecretStorage entry of the pseudonym key (never a setting). */
export const PSEUDONYM_KEY_SECRET = 'clearsight.pseudonymKey';

export interface EtlStatus extends LoadState {
  running: boolean;
}

export class EtlRunner extends Disposable {
  private running: Promise<EtlResult | undefined> | undefined;
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly connections: ConnectionManager,
    private readonly secrets?: vscode.SecretStorage,
  ) {
    super();
  }

  /**
   * The privacy options of the settings. The pseudonym key: CLEARSIGHT_PSEUDONYM_KEY (the one
   * the CLI and `serve` read, so every ETL of a reporting database uses the same), else the
   * editor's secret storage, asked once (not in the background) and stored there.
   */
  private async privacy(settings: Settings, silent: boolean): Promise<PrivacyOptions> {
    if (!settings.etlPseudonymiseUsers) return { withholdInputValues: settings.etlWithholdInputValues };
    let secret: string | undefined = process.env.CLEARSIGHT_PSEUDONYM_KEY?.trim() || (await this.secrets?.get(PSEUDONYM_KEY_SECRET));
    if (!secret && !silent && this.secrets) {
      secret = await vscode.window.showInputBox({
        title: 'ClearSight: pseudonym key',
        prompt: 'The secret key of the user pseudonyms in the reporting schema (stored in the secret storage, never in settings). Use the same key as every other ETL of this reporting database.',
        password: true,
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim().length < MIN_KEY_LENGTH ? `At least ${MIN_KEY_LENGTH} characters.` : null),
      });
      if (secret) await this.secrets.store(PSEUDONYM_KEY_SECRET, secret.trim());
    }
    if (!secret) {
      throw new UserError('clearsight.etl.pseudonymiseUsers is on but no pseudonym key is set: set CLEARSIGHT_PSEUDONYM_KEY or run the ETL from the editor to enter it');
    }
    rememberSecret(secret.trim());
    try {
      return { pseudonymKey: new PseudonymKey(secret, 'the pseudonym key'), withholdInputValues: settings.etlWithholdInputValues };
    } catch (err) {
      throw new UserError((err as Error).message);
    }
  }

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  /** Last success and watermark of the reporting schema (null when it does not exist yet). */
  async status(): Promise<EtlStatus> {
    const { reporting } = await this.connections.databases();
    return { running: this.isRunning, ...(await loadState(reporting)) };
  }

  /** The health verdict `clearsight-rca health` gives (null without a reporting database). */
  async health(): Promise<HealthReport | null> {
    const { reporting } = await this.connections.databases();
    return reporting ? checkHealth(reporting) : null;
  }

  async history(limit = 10): Promise<EtlLogRow[]> {
    const { reporting } = await this.connections.databases();
    return etlHistory(reporting, limit);
  }

  /**
   * Runs the ETL with a cancellable progress notification (`silent`: in the status bar
   * only, for background refreshes). Returns undefined when cancelled or failed.
   */
  run(mode: EtlMode, options: { silent?: boolean } = {}): Promise<EtlResult | undefined> {
    if (this.running) {
      if (!options.silent) void vscode.window.showInformationMessage('ClearSight: an ETL run is already in progress.');
      return this.running;
    }
    this.running = this.execute(mode, options.silent ?? false).finally(() => {
      this.running = undefined;
      void vscode.commands.executeCommand('setContext', ContextKeys.etlRunning, false);
      this.changed.fire();
    });
    void vscode.commands.executeCommand('setContext', ContextKeys.etlRunning, true);
    this.changed.fire();
    return this.running;
  }

  private async execute(mode: EtlMode, silent: boolean): Promise<EtlResult | undefined> {
    const log = this.connections.log;
    const settings = readSettings();
    return vscode.window.withProgress(
      {
        location: silent ? vscode.ProgressLocation.Window : vscode.ProgressLocation.Notification,
        title: `ClearSight: ${mode} ETL`,
        cancellable: !silent,
      },
      async (progress, token) => {
        const controller = new AbortController();
        const sub = token.onCancellationRequested(() => controller.abort());
        try {
          const { prod, reporting } = await this.connections.databases();
          if (!reporting) throw new UserError('no reporting database: set clearsight.reporting.url to run the ETL');
          const privacy = await this.privacy(settings, silent);
          let lastReport = 0;
          const result = await runEtl({
            source: prod,
            target: reporting,
            mode,
            batchSize: settings.etlBatchSize,
            overlapMinutes: settings.etlOverlapMinutes,
            privacy,
            signal: controller.signal,
            onProgress: (p) => {
              const now = Date.now();
              if (p.message && now - lastReport > 200) {
                lastReport = now;
                progress.report({ message: p.message });
              }
            },
          });
          const total = Object.values(result.loaded).reduce((a, b) => a + b, 0);
          const summary = `${mode} ETL done in ${formatDuration(result.duration_ms)}: ${total.toLocaleString('en-US')} rows loaded (${result.loaded.fact_scenario_events} events, ${result.loaded.dim_run} runs, ${result.loaded.fact_input_changes} input saves)`;
          log.info(summary);
          await this.connections.reloadSources();
          if (!silent) void vscode.window.showInformationMessage(`ClearSight: ${summary}.`);
          return result;
        } catch (err) {
          const msg = errorLine(err);
          log.error(`${mode} ETL: ${msg}`);
          if (!silent) {
            if (controller.signal.aborted) void vscode.window.showInformationMessage('ClearSight: ETL cancelled; nothing was changed.');
            else void vscode.window.showErrorMessage(`ClearSight: ETL failed: ${msg}`);
          }
          return undefined;
        } finally {
          sub.dispose();
        }
      },
    );
  }
}
