/**
 * The extension's connections: production (read-only) and reporting from settings, with
 * passwords from SecretStorage, or the embedded demo when no production URL is set.
 * Implements EngineHost for the tree, the hover, the panels and the commands.
 */
import * as vscode from 'vscode';
import { DbError, type Db } from '../db/db';
import { PgDb, describeUrl } from '../db/pgDb';
import { rdsIamFor } from '../db/rdsIam';
import { Engine } from '../engine/engine';
import type { PowerBiSettings } from '../engine/reports';
import { ContextKeys, SecretKeys } from './constants';
import { affectsConnection, readSettings, withoutPassword } from './config';
import { Disposable } from './lifecycle';
import type { ConnectionInfo, EngineHost } from './services';

interface Open {
  prod: Db;
  reporting: Db | null;
  demo: boolean;
  engine: Engine;
}

export class ConnectionManager extends Disposable implements EngineHost {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  private readonly connected = this.register(new vscode.EventEmitter<void>());
  /** Fires when a connection opened (also when a hover or command opened it implicitly). */
  readonly onDidConnect = this.connected.event;
  private opening: Promise<Open> | undefined;
  private current: Open | undefined;
  private warnedPassword = false;

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsConnection(e)) void this.reset('settings changed');
      }),
    );
    this.register(
      context.secrets.onDidChange((e) => {
        if (e.key === SecretKeys.production || e.key === SecretKeys.reporting) void this.reset('password changed');
      }),
    );
    void this.updateContext();
  }

  /** Whether anything is in use: a production URL, the demo chosen, or a connection already open. */
  isActive(): boolean {
    return !!this.current || readSettings().productionUrl !== '' || this.context.globalState.get<boolean>('demoChosen', false);
  }

  /** Demo mode: no production URL configured. */
  isDemo(): boolean {
    return readSettings().productionUrl === '';
  }

  private async updateContext(): Promise<void> {
    const s = readSettings();
    await vscode.commands.executeCommand('setContext', ContextKeys.configured, s.productionUrl !== '');
    await vscode.commands.executeCommand('setContext', ContextKeys.demo, s.productionUrl === '' && this.context.globalState.get<boolean>('demoChosen', false));
  }

  /** The user chose the demo (welcome view): show the tree on it. */
  async chooseDemo(): Promise<void> {
    await this.context.globalState.update('demoChosen', true);
    await this.updateContext();
    this.changed.fire();
  }

  info(): ConnectionInfo {
    const open = this.current;
    if (open) return { label: open.prod.label, demo: open.demo, source: open.engine.primary.kind };
    const s = readSettings();
    return { label: s.productionUrl ? describeUrl(s.productionUrl) : 'demo', demo: !s.productionUrl, source: 'prod' };
  }

  powerBi(): PowerBiSettings {
    return readSettings().powerBi;
  }

  engine(): Promise<Engine> {
    if (this.current) return Promise.resolve(this.current.engine);
    this.opening ??= this.open().then(
      (o) => {
        this.current = o;
        this.opening = undefined;
        this.connected.fire();
        return o;
      },
      (err) => {
        this.opening = undefined;
        throw err;
      },
    );
    return this.opening.then((o) => o.engine);
  }

  /** The open databases (opening them if needed): the ETL writes to `reporting`. */
  async databases(): Promise<{ prod: Db; reporting: Db | null; demo: boolean }> {
    await this.engine();
    const o = this.current!;
    return { prod: o.prod, reporting: o.reporting, demo: o.demo };
  }

  /** After an ETL: the reporting schema may have appeared, so pick the sources again. */
  async reloadSources(): Promise<void> {
    const o = this.current;
    if (o) o.engine = await Engine.create(o.prod, o.reporting, readSettings().source);
    this.changed.fire();
  }

  private onQuery = (name: string, ms: number, rows: number): void => {
    // Names and durations only: never parameter values.
    this.log.trace(`query ${name} ${ms.toFixed(1)} ms, ${rows} rows`);
    if (ms > 1000) this.log.info(`slow query ${name}: ${ms.toFixed(0)} ms`);
  };

  private async open(): Promise<Open> {
    const s = readSettings();
    await this.updateContext();
    if (!s.productionUrl) {
      // Using any feature without a production URL means using the demo: show it as such.
      if (!this.context.globalState.get<boolean>('demoChosen', false)) {
        await this.context.globalState.update('demoChosen', true);
        await this.updateContext();
      }
      const started = Date.now();
      const dir = vscode.Uri.joinPath(this.context.globalStorageUri, 'demo').fsPath;
      const db = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'ClearSight: opening the demo database' },
        // The demo generator and seed load with the demo (import() on first use).
        async () => (await import('../demo/demoDb')).openDemo({ dir, onProgress: (m) => this.log.info(m), onQuery: this.onQuery }),
      );
      this.log.info(`demo database open in ${Date.now() - started} ms`);
      return { prod: db, reporting: db, demo: true, engine: await Engine.create(db, db, s.source) };
    }
    const prodUrl = this.stripPassword(s.productionUrl);
    const reportingUrl = s.reportingUrl ? this.stripPassword(s.reportingUrl) : '';
    const [prodPw, repPw] = await Promise.all([this.context.secrets.get(SecretKeys.production), this.context.secrets.get(SecretKeys.reporting)]);
    const common = {
      statementTimeoutMs: s.statementTimeoutMs,
      sslMode: s.sslMode || undefined,
      onWarning: (m: string) => {
        this.log.warn(m);
        void vscode.window.showWarningMessage(`ClearSight: ${m}`);
      },
      onQuery: this.onQuery,
    };
    // RDS IAM: a signed token per new connection instead of a stored password (SSL required).
    const iam = s.productionAuth === 'aws-iam' ? rdsIamFor(prodUrl, { region: s.awsRegion || undefined, profile: s.awsProfile || undefined, sslMode: s.sslMode || undefined }) : null;
    const prod = iam
      ? new PgDb({ url: prodUrl, readOnly: true, ...common, passwordProvider: () => iam.tokens.get(), sslMode: iam.sslMode })
      : new PgDb({ url: prodUrl, readOnly: true, password: prodPw, ...common });
    const reporting = reportingUrl ? new PgDb({ url: reportingUrl, readOnly: false, password: repPw ?? prodPw, ...common }) : null;
    try {
      await prod.query('SELECT 1');
      const engine = await Engine.create(prod, reporting, s.source);
      this.log.info(`connected to ${prod.label} (read-only)${reporting ? `, reporting ${reporting.label}` : ''}; analyses read ${engine.primary.kind}`);
      return { prod, reporting, demo: false, engine };
    } catch (err) {
      await prod.close();
      await reporting?.close();
      throw err;
    }
  }

  private stripPassword(url: string): string {
    const r = withoutPassword(url);
    if (r.hadPassword && !this.warnedPassword) {
      this.warnedPassword = true;
      void vscode.window.showWarningMessage(
        'ClearSight: the database URL setting holds a password. It was ignored: store it with "ClearSight: Set Database Password" and remove it from settings.',
      );
    }
    return r.url;
  }

  async cancelRunning(): Promise<void> {
    const o = this.current;
    if (!o) return;
    const n = (await o.prod.cancelRunning().catch(() => 0)) + (o.reporting && o.reporting !== o.prod ? await o.reporting.cancelRunning().catch(() => 0) : 0);
    if (n > 0) this.log.info(`cancelled ${n} running ${n === 1 ? 'query' : 'queries'} on the server`);
  }

  async reset(reason: string): Promise<void> {
    const o = this.current;
    this.current = undefined;
    this.opening = undefined;
    this.log.info(`reconnecting: ${reason}`);
    if (o) {
      await o.prod.close().catch(() => undefined);
      if (o.reporting && o.reporting !== o.prod) await o.reporting.close().catch(() => undefined);
    }
    await this.updateContext();
    this.changed.fire();
  }

  override dispose(): void {
    void this.reset('closing');
    super.dispose();
  }
}

/** One line for the user from any error; DbError/UserError messages are already that. */
export function oneLine(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  return m.split('\n')[0];
}

export function isAuthError(err: unknown): boolean {
  return err instanceof DbError && /authentication failed|password/i.test(err.message);
}
