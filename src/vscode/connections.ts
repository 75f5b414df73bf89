/**
 * The extension's connections: production (read-only) and reporting from settings, with
 * passwords from SecretStorage, or the embedded demo when no production URL is set.
 * Implements EngineHost for the tree, the hover, the panels and the commands.
 */
import * as vscode from 'vscode';
import { parseConn, refuseSameDatabase } from '../db/connString';
import { UserError } from '../core/errors';
import type { Db } from '../db/db';
import { PgDb, describeUrl } from '../db/pgDb';
import { rdsIamFor } from '../db/rdsIam';
import { Engine } from '../engine/engine';
import type { PowerBiSettings } from '../engine/reports';
import { ContextKeys } from './constants';
import { affectsConnection, inspectConnectionSettings, readSettings, userSetting, withoutPassword, type Settings } from './config';
import { Disposable } from './lifecycle';
import { rememberSecret } from './redactingLog';
import { LEGACY_SECRET_KEYS, SECRET_KEY_PREFIX, secretKey } from './secretKeys';
import { redirectQuestion, workspaceRedirects } from './workspaceConnections';
import type { ConnectionInfo, EngineHost } from './services';

interface Open {
  prod: Db;
  reporting: Db | null;
  demo: boolean;
  engine: Engine;
  /** The named environment it was opened for ('' = the single-URL settings or the demo). */
  environment: string;
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
  private shownProblems = '';

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
    // Trusting the workspace later makes its connection settings count: read them again.
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => void this.reset('workspace trusted')));
    this.register(
      context.secrets.onDidChange((e) => {
        if (e.key.startsWith(SECRET_KEY_PREFIX)) void this.reset('password changed');
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
    if (open) return { label: open.prod.label, environment: open.environment, demo: open.demo, source: open.engine.primary.kind, sourceLabel: open.engine.primary.db.label };
    const s = readSettings();
    return { label: s.productionUrl ? describeUrl(s.productionUrl) : 'demo', environment: s.productionUrl ? s.environment.name : '', demo: !s.productionUrl, source: 'prod' };
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
    this.reportSettingProblems(s.environments.problems);
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
      return { prod: db, reporting: db, demo: true, engine: await Engine.create(db, db, s.source), environment: '' };
    }
    if (s.environment.name) this.log.info(`environment ${s.environment.name}`);
    const own = await this.checkWorkspaceRedirects(s);
    const prodUrl = this.stripPassword(own.productionUrl);
    const reportingUrl = own.reportingUrl ? this.stripPassword(own.reportingUrl) : '';
    // Before anything is opened: reporting must not be production itself.
    if (reportingUrl) refuseSameDatabase(parseConn(prodUrl), parseConn(reportingUrl));
    // Each password belongs to its server, port, database and user: never sent elsewhere.
    const prodPw = await this.password(prodUrl, LEGACY_SECRET_KEYS.production);
    const repPw = reportingUrl ? await this.password(reportingUrl, LEGACY_SECRET_KEYS.reporting) : undefined;
    const common = {
      statementTimeoutMs: s.statementTimeoutMs,
      sslMode: own.sslMode || undefined,
      onWarning: (m: string) => {
        this.log.warn(m);
        void vscode.window.showWarningMessage(`ClearSight: ${m}`);
      },
      onQuery: this.onQuery,
    };
    // RDS IAM: a signed token per new connection instead of a stored password (SSL required).
    const iam = s.productionAuth === 'aws-iam' ? rdsIamFor(prodUrl, { region: s.awsRegion || undefined, profile: s.awsProfile || undefined, sslMode: own.sslMode || undefined }) : null;
    const prod = iam
      ? new PgDb({ url: prodUrl, readOnly: true, ...common, passwordProvider: () => iam.tokens.get(), sslMode: iam.sslMode })
      : new PgDb({ url: prodUrl, readOnly: true, password: prodPw, ...common });
    const reporting = reportingUrl ? new PgDb({ url: reportingUrl, readOnly: false, password: repPw, ...common }) : null;
    try {
      await prod.query('SELECT 1');
      const engine = await Engine.create(prod, reporting, s.source);
      this.log.info(`connected to ${prod.label} (read-only)${reporting ? `, reporting ${reporting.label}` : ''}; analyses read ${engine.primary.kind}`);
      return { prod, reporting, demo: false, engine, environment: s.environment.name };
    } catch (err) {
      await prod.close();
      await reporting?.close();
      throw err;
    }
  }

  /**
   * The password stored for this connection (SecretStorage key: server, port, database,
   * user). A password stored by an earlier version under its role moves to its connection's key once.
   */
  private async password(url: string, legacyKey: string): Promise<string | undefined> {
    const key = secretKey(url);
    let pw = await this.context.secrets.get(key);
    if (pw === undefined) {
      const legacy = await this.context.secrets.get(legacyKey);
      if (legacy !== undefined) {
        await this.context.secrets.store(key, legacy);
        await this.context.secrets.delete(legacyKey);
        this.log.info(`moved the stored ${legacyKey.endsWith('production') ? 'production' : 'reporting'} password to its connection (${describeUrl(url)})`);
        pw = legacy;
      }
    }
    rememberSecret(pw);
    return pw;
  }

  /**
   * Where the workspace's settings (a checked-out repository's .vscode/settings.json) send
   * the connections to another server than the user's own, asks once (remembered for this
   * workspace); declined, the user's own values are used.
   */
  private async checkWorkspaceRedirects(s: Settings): Promise<Pick<Settings, 'productionUrl' | 'reportingUrl' | 'sslMode'>> {
    const redirects = workspaceRedirects(inspectConnectionSettings(s.environment.name));
    let declined = false;
    for (const r of redirects) {
      let answer = this.context.workspaceState.get<'allow' | 'deny'>(r.key);
      if (answer === undefined) {
        const choice = await vscode.window.showWarningMessage(redirectQuestion(r), { modal: true }, 'Connect', 'Use My Own Settings');
        if (choice === undefined) throw new UserError(`not connected: this workspace's settings point the ${r.setting} connection at ${r.workspace}, which was not confirmed`, 'config');
        answer = choice === 'Connect' ? 'allow' : 'deny';
        await this.context.workspaceState.update(r.key, answer);
      }
      this.log.info(`workspace setting clearsight.${r.setting} → ${r.workspace}: ${answer === 'allow' ? 'connecting there (confirmed)' : 'ignored, using your own settings'}`);
      if (answer === 'deny') declined = true;
    }
    if (!declined) return s;
    if (s.environment.name) throw new UserError(`not connected: the workspace's definition of environment '${s.environment.name}' was declined; define it in your user settings`, 'config');
    if (!userSetting('production.url')) throw new UserError('not connected: your own settings name no production database (clearsight.production.url), and the workspace\'s was declined', 'config');
    return { productionUrl: userSetting('production.url'), reportingUrl: userSetting('reporting.url'), sslMode: userSetting('sslMode') };
  }

  /** Problems of `clearsight.environments`: logged each time, shown once until they change. */
  private reportSettingProblems(problems: readonly string[]): void {
    for (const p of problems) this.log.warn(`settings: ${p}`);
    const key = problems.join('\n');
    if (!key || key === this.shownProblems) return;
    this.shownProblems = key;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more in the ClearSight RCA output)` : '';
    void vscode.window.showWarningMessage(`ClearSight: ${problems[0]}${more}`);
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

