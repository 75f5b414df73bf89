/** Typed access to the `clearsight.*` settings: the only reader of settings. */
import * as vscode from 'vscode';
import { withoutPassword as stripPassword } from '../db/connString';
import type { SourceChoice } from '../engine/engine';
import type { PowerBiSettings } from '../engine/reports';

export interface Settings {
  productionUrl: string;
  reportingUrl: string;
  sslMode: string;
  statementTimeoutMs: number;
  source: SourceChoice;
  powerBi: PowerBiSettings & { pbipReportFolder: string };
  etlBatchSize: number;
  etlOverlapMinutes: number;
  /** Incremental ETL every N minutes while the window is open (0 = off). */
  etlAutoMinutes: number;
  /** `password` (SecretStorage) or `aws-iam` (RDS IAM tokens) for production. */
  productionAuth: 'password' | 'aws-iam';
  awsRegion: string;
  awsProfile: string;
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration('clearsight');
  return {
    productionUrl: c.get<string>('production.url', '').trim(),
    reportingUrl: c.get<string>('reporting.url', '').trim(),
    sslMode: c.get<string>('sslMode', ''),
    statementTimeoutMs: c.get<number>('statementTimeoutMs', 30_000),
    source: c.get<SourceChoice>('source', 'auto'),
    powerBi: {
      reportUrl: c.get<string>('powerBi.reportUrl', '').trim() || undefined,
      page: c.get<string>('powerBi.page', '').trim() || undefined,
      scenarioField: c.get<string>('powerBi.scenarioField', '').trim() || undefined,
      runField: c.get<string>('powerBi.runField', '').trim() || undefined,
      pbipReportFolder: c.get<string>('powerBi.pbipReportFolder', '').trim(),
    },
    etlBatchSize: c.get<number>('etl.batchSize', 5000),
    etlOverlapMinutes: c.get<number>('etl.overlapMinutes', 10),
    etlAutoMinutes: c.get<number>('etl.autoIncrementalMinutes', 0),
    productionAuth: c.get<string>('production.auth', 'password') === 'aws-iam' ? 'aws-iam' : 'password',
    awsRegion: c.get<string>('production.awsRegion', '').trim(),
    awsProfile: c.get<string>('production.awsProfile', '').trim(),
  };
}

/** Whether a settings change touches the connection (pools must be rebuilt). */
export function affectsConnection(e: vscode.ConfigurationChangeEvent): boolean {
  return ['production.url', 'production.auth', 'production.awsRegion', 'production.awsProfile', 'reporting.url', 'sslMode', 'statementTimeoutMs', 'source'].some((k) => e.affectsConfiguration(`clearsight.${k}`));
}

/** A connection string with its password removed (passwords belong in SecretStorage), and whether one was there. */
export function withoutPassword(url: string): { url: string; hadPassword: boolean; password?: string } {
  const r = stripPassword(url);
  return { url: r.url, hadPassword: r.password !== undefined, password: r.password };
}
