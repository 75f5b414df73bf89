/** Status bar: which database, how fresh the reporting data is, a spinner while the ETL runs. */
import * as vscode from 'vscode';
import type { HealthReport } from '../core/health';
import { describeUrl } from '../db/pgDb';
import { readSettings } from './config';
import { Commands } from './constants';
import type { ConnectionManager } from './connections';
import { errorLine } from './errors';
import type { EtlRunner } from './etlRunner';
import { Disposable } from './lifecycle';
import { redactKnown } from './redactingLog';

export function ageText(fromIso: string | null, now = Date.now()): string {
  if (!fromIso) return 'no reporting data';
  const min = Math.max(0, Math.round((now - Date.parse(fromIso)) / 60_000));
  if (min < 1) return 'reporting data just loaded';
  if (min < 60) return `reporting data ${min} min old`;
  const h = Math.round(min / 60);
  if (h < 48) return `reporting data ${h} h old`;
  return `reporting data ${Math.round(h / 24)} days old`;
}

/** How the status bar shows a health verdict (`clearsight-rca health`); none before the first load. */
export function healthLook(health: Pick<HealthReport, 'status'> | null): { icon: string; background: string | undefined } {
  switch (health?.status) {
    case 'critical':
      return { icon: '$(error)', background: 'statusBarItem.errorBackground' };
    case 'warning':
      return { icon: '$(warning)', background: 'statusBarItem.warningBackground' };
    default:
      return { icon: '$(database)', background: undefined };
  }
}

export class StatusBar extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem('clearsight.status', vscode.StatusBarAlignment.Left, 10));
  /** The active environment, shown when named environments are defined; click to switch. */
  private readonly envItem = this.register(vscode.window.createStatusBarItem('clearsight.environment', vscode.StatusBarAlignment.Left, 11));

  constructor(
    private readonly connections: ConnectionManager,
    private readonly etl: EtlRunner,
  ) {
    super();
    this.item.name = 'ClearSight RCA';
    this.item.command = Commands.showEtlStatus;
    this.register(connections.onDidChange(() => void this.update()));
    this.register(connections.onDidConnect(() => void this.update()));
    this.register(etl.onDidChange(() => void this.update()));
    const timer = setInterval(() => void this.update(), 60_000);
    this.register({ dispose: () => clearInterval(timer) });
    this.item.text = '$(database) ClearSight';
    this.item.show();
    this.envItem.name = 'ClearSight RCA environment';
    this.envItem.command = Commands.switchEnvironment;
    void this.update();
  }

  private updateEnvironment(): void {
    const s = readSettings();
    if (s.environments.named.length === 0) {
      this.envItem.hide();
      return;
    }
    const env = s.environment;
    this.envItem.text = `$(server-environment) ${env.name}`;
    this.envItem.tooltip = `ClearSight RCA environment: ${env.name} (production ${redactKnown(describeUrl(env.productionUrl))}). Click to switch (${s.environments.named.map((e) => e.name).join(', ')}).`;
    this.envItem.show();
  }

  async update(): Promise<void> {
    this.updateEnvironment();
    const info = this.connections.info();
    const where = info.demo ? 'demo' : `${info.environment ? `${info.environment}: ` : ''}${redactKnown(info.label)}`;
    if (this.etl.isRunning) {
      this.item.text = `$(sync~spin) ${where} · ETL running`;
      this.item.tooltip = `ClearSight RCA: the ETL is loading the reporting schema of ${where}. Click for ETL status.`;
      return;
    }
    if (!this.connections.isActive()) {
      this.item.text = '$(database) ClearSight: not connected';
      this.item.tooltip = 'ClearSight RCA: connect to production or try the demo database (Scenarios view).';
      return;
    }
    try {
      const [s, health] = await Promise.all([this.etl.status(), this.etl.health()]);
      const age = ageText(s.lastSuccessAt);
      const look = healthLook(s.lastSuccessAt ? health : null);
      this.item.text = `${look.icon} ${where} · ${age}`;
      const tip = new vscode.MarkdownString(undefined, true);
      tip.appendText(`ClearSight RCA: ${info.demo ? 'embedded demo database' : `production ${info.label} (read-only)`}\n\n`);
      tip.appendText(`Analyses read: ${this.connections.info().source === 'reporting' ? 'the reporting schema' : 'production directly'}\n\n`);
      tip.appendText(s.lastSuccessAt ? `Last ETL: ${s.lastSuccessAt} · watermark ${s.watermark ?? '—'}\n\n` : 'The reporting schema has not been loaded yet.\n\n');
      if (health && s.lastSuccessAt) {
        tip.appendText(`Health: ${health.status}\n\n`);
        for (const c of health.checks) tip.appendText(`${c.status === 'ok' ? '✓' : c.status === 'warning' ? '⚠' : '✗'} ${c.name}: ${c.detail}\n\n`);
      }
      tip.appendText('Click for ETL status.');
      this.item.tooltip = tip;
      this.item.backgroundColor = look.background ? new vscode.ThemeColor(look.background) : undefined;
    } catch (err) {
      this.item.text = `$(warning) ${where}`;
      this.item.tooltip = `ClearSight RCA: ${errorLine(err)}`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    }
  }

}
