/**
 * The whole Power BI project (PBIP) for the reporting schema: `ClearSight RCA.pbip`, the
 * report in PBIR (`ClearSight RCA.Report/`) and the semantic model in TMDL
 * (`ClearSight RCA.SemanticModel/`). Pure: file paths → contents; src/engine/pbip.ts writes them.
 */
import { semanticModelFiles, stableUuid, type ConnectionParameters } from './tmdl';
import { reportDefinitionFiles, reportStaticFiles } from './report';

export const PROJECT_NAME = 'ClearSight RCA';
export const REPORT_FOLDER = `${PROJECT_NAME}.Report`;
export const MODEL_FOLDER = `${PROJECT_NAME}.SemanticModel`;
export const PBIP_FILE = `${PROJECT_NAME}.pbip`;

const FABRIC = 'https://developer.microsoft.com/json-schemas/fabric';

export interface ProjectOptions {
  /** PostgreSQL host of the reporting database. */
  server: string;
  /** Its port (omitted from the Server parameter when 5432). */
  port?: number;
  database: string;
}

/** The Server parameter as the PostgreSQL connector takes it: `host` or `host:port`. */
export function serverParameter(o: ProjectOptions): string {
  const host = o.server.includes(':') && !o.server.startsWith('[') ? `[${o.server}]` : o.server; // IPv6 literal
  return o.port && o.port !== 5432 ? `${host}:${o.port}` : host;
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function platform(type: string): unknown {
  return {
    $schema: `${FABRIC}/gitIntegration/platformProperties/2.1.0/schema.json`,
    metadata: { type, displayName: PROJECT_NAME },
    config: { version: '2.0', logicalId: stableUuid(`item/${type}`) },
  };
}

/** Every file of the project (path relative to the output folder, `/` separators) and its text, sorted by path. */
export function powerBiProjectFiles(o: ProjectOptions): Array<{ path: string; text: string }> {
  const c: ConnectionParameters = { server: serverParameter(o), database: o.database };
  const files: Record<string, string> = {
    [PBIP_FILE]: json({
      $schema: `${FABRIC}/pbip/pbipProperties/1.0.0/schema.json`,
      version: '1.0',
      artifacts: [{ report: { path: REPORT_FOLDER } }],
      settings: { enableAutoRecovery: true },
    }),
    '.gitignore': '**/.pbi/localSettings.json\n**/.pbi/cache.abf\n',
    [`${REPORT_FOLDER}/definition.pbir`]: json({
      $schema: `${FABRIC}/item/report/definitionProperties/2.0.0/schema.json`,
      version: '4.0',
      datasetReference: { byPath: { path: `../${MODEL_FOLDER}` } },
    }),
    [`${REPORT_FOLDER}/.platform`]: json(platform('Report')),
    [`${MODEL_FOLDER}/definition.pbism`]: json({
      $schema: `${FABRIC}/item/semanticModel/definitionProperties/1.0.0/schema.json`,
      version: '4.2',
      settings: {},
    }),
    [`${MODEL_FOLDER}/.platform`]: json(platform('SemanticModel')),
  };
  for (const [path, value] of Object.entries(reportDefinitionFiles())) files[`${REPORT_FOLDER}/definition/${path}`] = json(value);
  for (const [path, value] of Object.entries(reportStaticFiles())) files[`${REPORT_FOLDER}/${path}`] = json(value);
  for (const [path, text] of Object.entries(semanticModelFiles(c))) files[`${MODEL_FOLDER}/definition/${path}`] = text;
  return Object.keys(files)
    .sort()
    .map((path) => ({ path, text: files[path] }));
}

/**
 * Where the project's model reads from: the flags first, then the reporting connection
 * (`--reporting` / CLEARSIGHT_REPORTING_URL: host, port and database, never the password),
 * then libpq's PGHOST / PGPORT / PGDATABASE, then localhost:5432/postgres.
 */
export function projectOptionsFrom(input: {
  server?: string;
  port?: number;
  database?: string;
  reportingUrl?: string;
  env?: Record<string, string | undefined>;
}): ProjectOptions {
  let url: URL | undefined;
  if (input.reportingUrl) {
    try {
      url = new URL(input.reportingUrl);
    } catch {
      url = undefined; // a libpq key=value string or a bad URL: the flags and PG* decide
    }
  }
  const env = input.env ?? {};
  const fromUrl = {
    host: url?.hostname ? decodeURIComponent(url.hostname).replace(/^\[|\]$/g, '') : undefined,
    port: url?.port ? Number(url.port) : undefined,
    database: url && url.pathname.length > 1 ? decodeURIComponent(url.pathname.slice(1)) : undefined,
  };
  const envPort = env.PGPORT && /^\d+$/.test(env.PGPORT) ? Number(env.PGPORT) : undefined;
  const server = input.server ?? fromUrl.host ?? env.PGHOST ?? 'localhost';
  const database = input.database ?? fromUrl.database ?? env.PGDATABASE ?? 'postgres';
  if (server.trim() === '') throw new Error('--server: empty host name');
  if (database.trim() === '') throw new Error('--database: empty database name');
  return { server, port: input.port ?? fromUrl.port ?? envPort, database };
}
