/** The official Power BI PBIR schemas from ../shared/powerbi-schemas, compiled with ajv (tests only). */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { BOOKMARK_SCHEMA, BOOKMARKS_METADATA_SCHEMA } from '../src/core/powerbi';

export const SCHEMA_DIR = path.resolve(__dirname, '..', '..', 'shared', 'powerbi-schemas');
const SCHEMA_FILES = [
  'semanticQuery/1.4.0/schema.json',
  'formattingObjectDefinitions/1.5.0/schema.json',
  'bookmark/2.1.0/schema.json',
  'bookmarksMetadata/1.0.0/schema.json',
];

let cached: { bookmark: ValidateFunction; metadata: ValidateFunction } | null | undefined;

/** Compiled validators, or null when the schema folder is not present. */
export function powerBiValidators(): { bookmark: ValidateFunction; metadata: ValidateFunction } | null {
  if (cached !== undefined) return cached;
  if (!fs.existsSync(SCHEMA_DIR)) return (cached = null);
  // The schemas declare draft-07 ($schema), which is Ajv's default dialect.
  const ajv = new Ajv({ strict: false, allErrors: true });
  for (const file of SCHEMA_FILES) {
    const schema = JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, file), 'utf8')) as { $schema?: string };
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    ajv.addSchema(schema);
  }
  cached = { bookmark: ajv.getSchema(BOOKMARK_SCHEMA)!, metadata: ajv.getSchema(BOOKMARKS_METADATA_SCHEMA)! };
  return cached;
}
