/**
 * Workspace trust for settings: which `clearsight.*` settings an untrusted workspace may not set, and a reader that
 * ignores their workspace and folder values there. No `vscode` import (it takes the configuration as an argument),
 * so it is unit-tested in plain mocha; src/vscode/config.ts reads every setting through it.
 */

/**
 * The restricted settings: package.json's `capabilities.untrustedWorkspaces.restrictedConfigurations` (a unit test
 * keeps the two equal). Each one, set by a cloned repository's .vscode/settings.json, could send data elsewhere,
 * read files outside the workspace, or use the user's credentials against the repository's choice:
 * - the database connections (production/reporting URL, SSL mode, named environments and the one in use);
 * - `production.awsRegion`/`awsProfile`: which AWS profile and region sign the RDS IAM token;
 * - `ticket.urlTemplate`: where Open Ticket sends the RCA note (inputs, users, fail reasons);
 *   `ticket.maxUrlLength`: how much of the note that link carries;
 * - `powerBi.reportUrl`: the host of the Power BI link the RCA note and Copy Power BI Link carry (with the ids);
 * - `logs.paths`: which files the log search reads (their matching lines go into panels and the note);
 * - `logs.cloudwatch.region`/`profile`/`logGroups`/`logGroupPrefix`: which AWS credentials, region and log groups
 *   the search reads with the user's identity.
 */
export const RESTRICTED_SETTINGS: readonly string[] = [
  'clearsight.production.url',
  'clearsight.reporting.url',
  'clearsight.sslMode',
  'clearsight.environments',
  'clearsight.environment',
  'clearsight.production.awsRegion',
  'clearsight.production.awsProfile',
  'clearsight.ticket.urlTemplate',
  'clearsight.ticket.maxUrlLength',
  'clearsight.powerBi.reportUrl',
  'clearsight.logs.paths',
  'clearsight.logs.cloudwatch.region',
  'clearsight.logs.cloudwatch.profile',
  'clearsight.logs.cloudwatch.logGroups',
  'clearsight.logs.cloudwatch.logGroupPrefix',
];

const restricted = new Set(RESTRICTED_SETTINGS);

/** Where a setting's values come from (vscode.WorkspaceConfiguration's inspect()). */
export interface SettingValues<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

/** The part of vscode.WorkspaceConfiguration read here. */
export interface ConfigurationLike {
  get<T>(key: string): T | undefined;
  get<T>(key: string, defaultValue: T): T;
  inspect<T>(key: string): SettingValues<T> | undefined;
}

/** A section's settings, as the extension may use them in this workspace. */
export interface SettingsReader {
  get<T>(key: string): T | undefined;
  get<T>(key: string, defaultValue: T): T;
  /** Where the value comes from; for a restricted setting in an untrusted workspace, without the workspace's values. */
  inspect<T>(key: string): SettingValues<T> | undefined;
}

/** Whether `section.key` is a restricted setting. */
export function isRestricted(section: string, key: string): boolean {
  return restricted.has(section ? `${section}.${key}` : key);
}

/**
 * The settings of `section` as the extension may use them: in a trusted workspace, as VS Code merges them; in an
 * untrusted one, a restricted setting is the user's own value (else its default), whatever the workspace or folder
 * settings say. VS Code itself drops restricted workspace values in Restricted Mode when package.json declares them;
 * this does not depend on that declaration.
 */
export function trustAwareSettings(config: ConfigurationLike, section: string, trusted: boolean): SettingsReader {
  const inspect = <T>(key: string): SettingValues<T> | undefined => {
    const i = config.inspect<T>(key);
    if (trusted || !i || !isRestricted(section, key)) return i;
    return { defaultValue: i.defaultValue, globalValue: i.globalValue };
  };
  function get<T>(key: string): T | undefined;
  function get<T>(key: string, defaultValue: T): T;
  function get<T>(key: string, defaultValue?: T): T | undefined {
    if (trusted || !isRestricted(section, key)) return defaultValue === undefined ? config.get<T>(key) : config.get<T>(key, defaultValue);
    const i = config.inspect<T>(key);
    return i?.globalValue ?? i?.defaultValue ?? defaultValue;
  }
  return { get, inspect };
}
