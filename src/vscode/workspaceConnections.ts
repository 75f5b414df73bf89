/**
 * A checked-out repository's `.vscode/settings.json` may name other database servers than
 * the user's own settings. In an untrusted workspace VS Code ignores those values
 * (package.json `capabilities.untrustedWorkspaces.restrictedConfigurations`); in a trusted
 * one, the extension asks once before connecting where the workspace points. No vscode here.
 */
import { connIdentity, describeConn, parseConn } from '../db/connString';

/** What `WorkspaceConfiguration.inspect()` returns, the parts used here. */
export interface InspectLike {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

export interface Redirect {
  /** `production.url`, `reporting.url`, or `environments.NAME.productionUrl` / `.reportingUrl`. */
  setting: string;
  /** host:port/db the workspace names. */
  workspace: string;
  /** host:port/db of the user's own value, or null when the user has none. */
  user: string | null;
  /** Remembers the answer: the setting and where the workspace points. */
  key: string;
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

function server(url: string, env: NodeJS.ProcessEnv): string | null {
  try {
    const id = connIdentity(parseConn(url), env);
    return `${id.host}:${id.port}`;
  } catch {
    return null;
  }
}

/** The connection settings whose workspace value names another server than the user's own. */
export function workspaceRedirects(settings: Record<string, InspectLike | undefined>, env: NodeJS.ProcessEnv = process.env): Redirect[] {
  const out: Redirect[] = [];
  for (const [setting, inspect] of Object.entries(settings)) {
    const ws = text(inspect?.workspaceFolderValue) || text(inspect?.workspaceValue);
    if (!ws) continue;
    const own = text(inspect?.globalValue);
    const wsServer = server(ws, env);
    if (own && wsServer !== null && wsServer === server(own, env)) continue;
    const workspace = describeConn(ws, env);
    out.push({ setting, workspace, user: own ? describeConn(own, env) : null, key: `clearsight.workspaceConnection:${setting}:${workspace}` });
  }
  return out;
}

/** The question asked once per redirect. */
export function redirectQuestion(r: Redirect): string {
  const role = /^production\.|\.productionUrl$/.test(r.setting) ? 'production' : 'reporting';
  return `This workspace's settings point ClearSight RCA's ${role} connection at ${r.workspace}${r.user ? ` instead of your own ${r.user}` : ''}. Connect to ${r.workspace}?`;
}
