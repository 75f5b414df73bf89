/**
 * Typed access to the `clearsight.*` settings: the only reader (and writer) of settings.
 * The connection fields come from the active environment (`clearsight.environments` +
 * `clearsight.environment`), or from the single-URL settings when none is defined.
 */
import * as vscode from 'vscode';
import { resolveEnvironments, type Environment, type Environments } from '../core/environments';
import { withoutPassword as stripPassword } from '../db/connString';
import { DEFAULT_LOG_CAP, DEFAULT_MARGIN_MINUTES } from '../logs/types';
import { DEFAULT_ID_PATTERN } from './constants';
import { trustAwareSettings, type SettingsReader } from './restrictedSettings';
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
  /**
   * The reporting copy's privacy (etl --pseudonymise-users / --no-input-values). The key is
   * never a setting: CLEARSIGHT_PSEUDONYM_KEY or SecretStorage (src/vscode/etlRunner.ts).
   */
  etlPseudonymiseUsers: boolean;
  etlWithholdInputValues: boolean;
  /** `password` (SecretStorage) or `aws-iam` (RDS IAM tokens) for production. */
  productionAuth: 'password' | 'aws-iam';
  awsRegion: string;
  awsProfile: string;
  /** The environment in use ('' name: the single-URL settings). */
  environment: Environment;
  /** Every named environment, and the problems of the setting (one line each). */
  environments: Environments;
  /** Ticket URL template with {title} and {body}, and the URL length it must fit. */
  ticket: { urlTemplate: string; maxUrlLength: number };
}

/**
 * A section's settings, the way every reader here gets them: in an untrusted workspace the restricted settings
 * (restrictedSettings.ts, package.json's restrictedConfigurations) come from the user's settings only.
 */
function settingsOf(section: string): SettingsReader {
  return trustAwareSettings(vscode.workspace.getConfiguration(section), section, vscode.workspace.isTrusted);
}

export function readSettings(): Settings {
  const c = settingsOf('clearsight');
  const base = {
    productionUrl: c.get<string>('production.url', '').trim(),
    reportingUrl: c.get<string>('reporting.url', '').trim(),
    sslMode: c.get<string>('sslMode', ''),
    productionAuth: c.get<string>('production.auth', 'password') === 'aws-iam' ? ('aws-iam' as const) : ('password' as const),
    awsRegion: c.get<string>('production.awsRegion', '').trim(),
    awsProfile: c.get<string>('production.awsProfile', '').trim(),
  };
  const environments = resolveEnvironments(c.get<unknown>('environments', []), c.get<string>('environment', ''), base);
  const env = environments.active;
  return {
    productionUrl: env.productionUrl,
    reportingUrl: env.reportingUrl,
    sslMode: env.sslMode,
    statementTimeoutMs: c.get<number>('statementTimeoutMs', 30_000),
    source: c.get<SourceChoice>('source', 'auto'),
    powerBi: {
      reportUrl: env.powerBiReportUrl ?? (c.get<string>('powerBi.reportUrl', '').trim() || undefined),
      page: c.get<string>('powerBi.page', '').trim() || undefined,
      scenarioField: c.get<string>('powerBi.scenarioField', '').trim() || undefined,
      runField: c.get<string>('powerBi.runField', '').trim() || undefined,
      pbipReportFolder: c.get<string>('powerBi.pbipReportFolder', '').trim(),
    },
    etlBatchSize: c.get<number>('etl.batchSize', 5000),
    etlOverlapMinutes: c.get<number>('etl.overlapMinutes', 10),
    etlAutoMinutes: c.get<number>('etl.autoIncrementalMinutes', 0),
    etlPseudonymiseUsers: c.get<boolean>('etl.pseudonymiseUsers', false) === true,
    etlWithholdInputValues: c.get<boolean>('etl.withholdInputValues', false) === true,
    productionAuth: env.productionAuth,
    awsRegion: env.awsRegion,
    awsProfile: env.awsProfile,
    environment: env,
    environments,
    ticket: {
      urlTemplate: c.get<string>('ticket.urlTemplate', '').trim(),
      maxUrlLength: Math.max(500, Math.min(65_000, Math.floor(c.get<number>('ticket.maxUrlLength', 8000)))),
    },
  };
}

/** The log settings (`clearsight.logs.*`), each replaced by the active environment's own when it has one. */
export interface LogSettings {
  paths: string[];
  cloudwatch: { region: string; logGroups: string[]; logGroupPrefix: string; profile: string };
  marginMinutes: number;
  cap: number;
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim()) : [];

export function readLogSettings(env: Environment = readSettings().environment): LogSettings {
  const c = settingsOf('clearsight.logs');
  const e = env.logs;
  return {
    paths: e.paths ?? strings(c.get('paths')),
    cloudwatch: {
      region: e.cloudwatchRegion ?? (c.get<string>('cloudwatch.region', '').trim() || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || ''),
      logGroups: e.cloudwatchLogGroups ?? strings(c.get('cloudwatch.logGroups')),
      logGroupPrefix: e.cloudwatchLogGroupPrefix ?? c.get<string>('cloudwatch.logGroupPrefix', '').trim(),
      profile: e.cloudwatchProfile ?? c.get<string>('cloudwatch.profile', '').trim(),
    },
    marginMinutes: Math.max(0, c.get<number>('marginMinutes', DEFAULT_MARGIN_MINUTES)),
    cap: Math.max(1, c.get<number>('maxLines', DEFAULT_LOG_CAP)),
  };
}

export interface HoverSettings {
  enabled: boolean;
  languages: string[];
  idPattern: string;
  timeoutMs: number;
}

export function readHoverSettings(): HoverSettings {
  const c = settingsOf('clearsight');
  const languages = c.get<unknown>('hover.languages', ['log', 'plaintext', 'json']);
  const timeoutMs = Number(c.get<number>('hover.timeoutMs', 1500));
  return {
    enabled: c.get<boolean>('hover.enabled', true) !== false,
    languages: Array.isArray(languages) ? languages.filter((l): l is string => typeof l === 'string' && l.trim() !== '') : [],
    idPattern: c.get<string>('hover.idPattern', DEFAULT_ID_PATTERN),
    timeoutMs: Number.isFinite(timeoutMs) && timeoutMs >= 0 ? timeoutMs : 1500,
  };
}

/** Scenarios per page of the tree. */
export function treePageSize(): number {
  return settingsOf('clearsight').get<number>('tree.pageSize', 100);
}

/**
 * Where each connection setting's values come from (user, workspace, folder), the active environment's included: for
 * the workspace-redirect check. An untrusted workspace's values are not used, so not reported (nothing to confirm).
 */
export function inspectConnectionSettings(activeEnvironment = ''): Record<string, { globalValue?: unknown; workspaceValue?: unknown; workspaceFolderValue?: unknown } | undefined> {
  const c = settingsOf('clearsight');
  const out: Record<string, { globalValue?: unknown; workspaceValue?: unknown; workspaceFolderValue?: unknown } | undefined> = {
    'production.url': c.inspect<string>('production.url'),
    'reporting.url': c.inspect<string>('reporting.url'),
  };
  // A named environment's URLs: the workspace's entry against the user's entry of the same name.
  const envs = c.inspect<unknown>('environments');
  const byName = (v: unknown): Map<string, Record<string, unknown>> =>
    new Map(
      (Array.isArray(v) ? v : [])
        .filter((e): e is Record<string, unknown> => !!e && typeof e === 'object' && typeof (e as { name?: unknown }).name === 'string')
        .map((e) => [String(e.name).trim().toLowerCase(), e]),
    );
  const user = byName(envs?.globalValue);
  const workspace = byName(envs?.workspaceFolderValue ?? envs?.workspaceValue);
  for (const [name, e] of workspace) {
    if (name !== activeEnvironment.trim().toLowerCase()) continue; // only the environment about to be used
    for (const k of ['productionUrl', 'reportingUrl'] as const) {
      out[`environments.${String(e.name).trim()}.${k}`] = { globalValue: user.get(name)?.[k], workspaceValue: e[k] };
    }
  }
  return out;
}

/** The user's own (global) value of a connection setting, ignoring the workspace's. */
export function userSetting(key: 'production.url' | 'reporting.url' | 'sslMode'): string {
  const v = vscode.workspace.getConfiguration('clearsight').inspect<string>(key)?.globalValue;
  return typeof v === 'string' ? v.trim() : '';
}

/** Writes one setting in the user's settings (never a workspace's). */
export async function updateUserSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('clearsight').update(key, value, vscode.ConfigurationTarget.Global);
}

/** Whether a settings change touches the connection (pools must be rebuilt). */
export function affectsConnection(e: vscode.ConfigurationChangeEvent): boolean {
  return ['production.url', 'production.auth', 'production.awsRegion', 'production.awsProfile', 'reporting.url', 'sslMode', 'statementTimeoutMs', 'source', 'environments', 'environment'].some((k) =>
    e.affectsConfiguration(`clearsight.${k}`),
  );
}

/** A connection string with its password removed (passwords belong in SecretStorage), and whether one was there. */
export function withoutPassword(url: string): { url: string; hadPassword: boolean; password?: string } {
  const r = stripPassword(url);
  return { url: r.url, hadPassword: r.password !== undefined, password: r.password };
}
