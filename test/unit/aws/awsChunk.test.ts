/** dist/aws.js (entry src/aws/sdk.ts) must export every name the code takes from an import() of an AWS package. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as sdk from '../../../src/aws/sdk';

const ROOT = join(__dirname, '..', '..', '..');

/** Names destructured (`{ A, B }`) on the lines that import() an @aws-sdk package, and the line after (`.then(({ A }) =>`). */
function namesTaken(file: string): string[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  return lines
    .flatMap((l, i) => (l.includes("import('@aws-sdk/") ? [l, lines[i + 1] ?? ''] : []))
    .flatMap((l) => [...l.matchAll(/\{\s*([A-Za-z][A-Za-z, ]*?)\s*\}/g)].flatMap((m) => m[1].split(',').map((n) => n.trim())));
}

describe('the lazy AWS SDK chunk', () => {
  it('exports every name the code takes from the AWS packages it import()s', () => {
    const used = [...new Set(['src/logs/cloudwatch.ts', 'src/db/rdsIam.ts'].flatMap(namesTaken))].sort();
    assert.deepEqual(used, ['CloudWatchLogsClient', 'DescribeLogGroupsCommand', 'FilterLogEventsCommand', 'Signer', 'fromNodeProviderChain']);
    const exported = sdk as Record<string, unknown>;
    assert.deepEqual(
      used.filter((n) => typeof exported[n] !== 'function'),
      [],
    );
  });
});
