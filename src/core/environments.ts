/**
 * Named environments (`clearsight.environments`: Production, UAT, Dev…): each its own
 * production and reporting URLs, auth, SSL mode, log sources and Power BI report; one is
 * active (`clearsight.environment`). Without any, the single-URL settings are one unnamed
 * environment, as before. Pure: the settings come in as plain values.
 */

/** Log sources of one environment (each field, when given, replaces the `clearsight.logs.*` one). */
export interface EnvironmentLogs {
  paths?: string[];
  cloudwatchRegion?: string;
  cloudwatchLogGroups?: string[];
  cloudwatchLogGroupPrefix?: string;
  cloudwatchProfile?: string;
}

export interface Environment {
  /** The name shown everywhere; '' for the unnamed environment of the single-URL settings. */
  name: string;
  productionUrl: string;
  reportingUrl: string;
  productionAuth: 'password' | 'aws-iam';
  sslMode: string;
  awsRegion: string;
  awsProfile: string;
  logs: EnvironmentLogs;
  /** The Power BI report of this environment (else `clearsight.powerBi.reportUrl`). */
  powerBiReportUrl?: string;
}

/** The single-URL settings, the unnamed environment and the defaults of named ones. */
export type BaseConnection = Omit<Environment, 'name' | 'logs' | 'powerBiReportUrl'>;

export interface Environments {
  /** Named environments in settings order (empty: the single-URL settings are in use). */
  named: Environment[];
  /** The one in use. */
  active: Environment;
  /** Entries that were skipped or a name that matched none, each one line for the user. */
  problems: string[];
}

const SSL_MODES = new Set(['', 'disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify']);

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const list = (v: unknown): string[] | undefined =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim()) : undefined;

/** One entry of `clearsight.environments`, or the reason it cannot be used. */
export function parseEnvironment(raw: unknown, index: number): Environment | string {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return `clearsight.environments[${index}] is not an object: skipped`;
  const o = raw as Record<string, unknown>;
  const name = text(o.name);
  if (!name) return `clearsight.environments[${index}] has no name: skipped`;
  const productionUrl = text(o.productionUrl);
  if (!productionUrl) return `environment '${name}' has no productionUrl: skipped`;
  const auth = text(o.productionAuth) || 'password';
  if (auth !== 'password' && auth !== 'aws-iam') return `environment '${name}': productionAuth must be password or aws-iam, not '${auth}': skipped`;
  const sslMode = text(o.sslMode).toLowerCase();
  if (!SSL_MODES.has(sslMode)) return `environment '${name}': unknown sslMode '${sslMode}': skipped`;
  const logsRaw = o.logs && typeof o.logs === 'object' && !Array.isArray(o.logs) ? (o.logs as Record<string, unknown>) : {};
  const logs: EnvironmentLogs = {};
  const paths = list(logsRaw.paths);
  if (paths) logs.paths = paths;
  const groups = list(logsRaw.cloudwatchLogGroups);
  if (groups) logs.cloudwatchLogGroups = groups;
  for (const k of ['cloudwatchRegion', 'cloudwatchLogGroupPrefix', 'cloudwatchProfile'] as const) if (text(logsRaw[k])) logs[k] = text(logsRaw[k]);
  return {
    name,
    productionUrl,
    reportingUrl: text(o.reportingUrl),
    productionAuth: auth,
    sslMode,
    awsRegion: text(o.awsRegion),
    awsProfile: text(o.awsProfile),
    logs,
    ...(text(o.powerBiReportUrl) ? { powerBiReportUrl: text(o.powerBiReportUrl) } : {}),
  };
}

/**
 * The environments and the active one. `activeName` picks a named environment
 * (case-insensitive); empty or unknown picks the first named one (an unknown name is a
 * problem to show). With no named environment, the single-URL settings are the active one.
 */
export function resolveEnvironments(raw: unknown, activeName: string, base: BaseConnection): Environments {
  const problems: string[] = [];
  const named: Environment[] = [];
  const seen = new Set<string>();
  const entries = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
  if (raw !== undefined && raw !== null && !Array.isArray(raw)) problems.push('clearsight.environments should be a list of environments');
  entries.forEach((e, i) => {
    const env = parseEnvironment(e, i);
    if (typeof env === 'string') problems.push(env);
    else if (seen.has(env.name.toLowerCase())) problems.push(`environment '${env.name}' is defined twice: the first one is used`);
    else {
      seen.add(env.name.toLowerCase());
      named.push(env);
    }
  });
  const unnamed: Environment = { name: '', ...base, logs: {} };
  if (named.length === 0) {
    if (activeName.trim()) problems.push(`clearsight.environment names '${activeName.trim()}', but no environment is defined (clearsight.environments): using the single-URL settings`);
    return { named, active: unnamed, problems };
  }
  const wanted = activeName.trim().toLowerCase();
  const found = wanted ? named.find((e) => e.name.toLowerCase() === wanted) : undefined;
  if (wanted && !found) problems.push(`no environment is called '${activeName.trim()}': using '${named[0].name}'`);
  return { named, active: found ?? named[0], problems };
}
