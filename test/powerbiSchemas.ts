/**
 * The official Power BI PBIR schemas, kept in the repository under test/fixtures/powerbi-schemas
 * (MIT, see its LICENSE and README), compiled with ajv (tests only). A missing folder is an
 * error, not a skip: the schema checks are part of every run.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { BOOKMARK_SCHEMA, BOOKMARKS_METADATA_SCHEMA } from '../src/core/powerbi';

export const SCHEMA_DIR = path.resolve(__dirname, 'fixtures', 'powerbi-schemas');
const FABRIC = 'https://developer.microsoft.com/json-schemas/fabric';
const REPORT_DEF = `${FABRIC}/item/report/definition`;

/** Every schema file of the folder; the `$id` each is registered under (see the folder's README). */
function schemaFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.json')) out.push(p);
    }
  };
  walk(SCHEMA_DIR);
  return out.sort();
}

let ajv: Ajv | undefined;

/** Throws a clear error naming the folder when the fixture is missing or holds no schema. */
export function requireSchemaDir(dir: string = SCHEMA_DIR): void {
  const missing = `the Power BI schemas are missing at ${dir}: they are part of the repository (test/fixtures/powerbi-schemas); restore them with \`git checkout -- test/fixtures/powerbi-schemas\``;
  if (!fs.existsSync(dir)) throw new Error(missing);
  if (!fs.readdirSync(dir, { recursive: true }).some((f) => String(f).endsWith('schema.json'))) throw new Error(`${missing} (the folder holds no schema.json)`);
}

function compiled(): Ajv {
  if (ajv !== undefined) return ajv;
  requireSchemaDir();
  // The schemas declare draft-07 ($schema), which is Ajv's default dialect.
  const a = new Ajv({ strict: false, allErrors: true });
  for (const file of schemaFiles()) {
    const schema = JSON.parse(fs.readFileSync(file, 'utf8')) as { $schema?: string; $id?: string };
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#', file);
    // schema-embedded.json declares an $id ending in schema.embedded.json; the $refs use the file name.
    if (file.endsWith('schema-embedded.json')) schema.$id = schema.$id!.replace(/schema\.embedded\.json$/, 'schema-embedded.json');
    a.addSchema(schema);
  }
  return (ajv = a);
}

let cached: { bookmark: ValidateFunction; metadata: ValidateFunction } | undefined;

/** Compiled validators; throws when the schema folder is missing. */
export function powerBiValidators(): { bookmark: ValidateFunction; metadata: ValidateFunction } {
  if (cached !== undefined) return cached;
  const a = compiled();
  cached = { bookmark: a.getSchema(BOOKMARK_SCHEMA)!, metadata: a.getSchema(BOOKMARKS_METADATA_SCHEMA)! };
  return cached;
}

/** The schema a file of a PBIP project validates against (the README's table), by its path in the project. */
export function schemaIdFor(file: string): string | null {
  const rules: Array<[RegExp, string]> = [
    [/\.pbip$/, `${FABRIC}/pbip/pbipProperties/1.0.0/schema.json`],
    [/\.Report\/definition\.pbir$/, `${FABRIC}/item/report/definitionProperties/2.0.0/schema.json`],
    [/\.SemanticModel\/definition\.pbism$/, `${FABRIC}/item/semanticModel/definitionProperties/1.0.0/schema.json`],
    [/\/\.platform$/, `${FABRIC}/gitIntegration/platformProperties/2.1.0/schema.json`],
    [/\/definition\/report\.json$/, `${REPORT_DEF}/report/3.3.0/schema.json`],
    [/\/definition\/version\.json$/, `${REPORT_DEF}/versionMetadata/1.0.0/schema.json`],
    [/\/definition\/pages\/pages\.json$/, `${REPORT_DEF}/pagesMetadata/1.1.0/schema.json`],
    [/\/definition\/pages\/[^/]+\/page\.json$/, `${REPORT_DEF}/page/2.1.0/schema.json`],
    [/\/definition\/pages\/[^/]+\/visuals\/[^/]+\/visual\.json$/, `${REPORT_DEF}/visualContainer/2.9.0/schema.json`],
    [/\/definition\/bookmarks\/bookmarks\.json$/, BOOKMARKS_METADATA_SCHEMA],
    [/\/definition\/bookmarks\/[^/]+\.bookmark\.json$/, BOOKMARK_SCHEMA],
    [/\/definition\/reportExtensions\.json$/, `${REPORT_DEF}/reportExtension/1.0.0/schema.json`],
  ];
  return rules.find(([re]) => re.test(file))?.[1] ?? null;
}

/** The validator of a schema id; throws when the schema folder is missing. */
export function validatorFor(id: string): ValidateFunction {
  const a = compiled();
  const v = a.getSchema(id);
  assert.ok(v, `schema ${id} is in ${SCHEMA_DIR}`);
  return v;
}
