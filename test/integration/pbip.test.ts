import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../src/db/db';
import { saveBookmarkToReport } from '../../src/engine/pbip';
import { bookmark } from '../../src/engine/reports';
import type { RunSummary, ScenarioListItem } from '../../src/core/types';
import { powerBiValidators } from '../powerbiSchemas';

const scenario = { scenario_id: 'aec8d2d3-5b43-498c-87e3-bfb3d16c3960', scenario_name: "NSCLC 2L – Base case 'DE'" } as ScenarioListItem;
const run = { run_id: '03e2a74b-bc52-4987-82ab-d057c6e3964e' } as RunSummary;

describe('saving a Power BI bookmark into a PBIP report', () => {
  let root = '';
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'clearsight-pbip-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function report(withMeta?: string): string {
    const folder = join(root, 'Forecast.Report');
    mkdirSync(join(folder, 'definition'), { recursive: true });
    writeFileSync(join(folder, 'definition.pbir'), '{"version":"4.0"}');
    if (withMeta !== undefined) {
      mkdirSync(join(folder, 'definition', 'bookmarks'), { recursive: true });
      writeFileSync(join(folder, 'definition', 'bookmarks', 'bookmarks.json'), withMeta);
    }
    return folder;
  }

  it('writes <name>.bookmark.json and registers it once in bookmarks.json, both valid against the PBIR schemas', () => {
    const folder = report();
    const b = bookmark({ scenario, run }, {});
    const file = saveBookmarkToReport(folder, b.name, b.json);
    assert.equal(file, join(folder, 'definition', 'bookmarks', `${b.name}.bookmark.json`));
    saveBookmarkToReport(folder, b.name, b.json); // again: idempotent
    const written = JSON.parse(readFileSync(file, 'utf8'));
    const meta = JSON.parse(readFileSync(join(folder, 'definition', 'bookmarks', 'bookmarks.json'), 'utf8'));
    assert.deepEqual(written, b.json);
    assert.equal(JSON.stringify(meta).split(b.name).length - 1, 1, 'registered exactly once');
    const v = powerBiValidators();
    if (!v) {
      console.log('      (schema check skipped: ../shared/powerbi-schemas not present)');
      return;
    }
    assert.ok(v.bookmark(written), JSON.stringify(v.bookmark.errors));
    assert.ok(v.metadata(meta), JSON.stringify(v.metadata.errors));
  });

  it('keeps the bookmarks already registered', () => {
    const folder = report();
    const first = bookmark({ scenario, run: null }, {});
    const second = bookmark({ scenario, run }, {});
    saveBookmarkToReport(folder, first.name, first.json);
    saveBookmarkToReport(folder, second.name, second.json);
    const meta = JSON.stringify(JSON.parse(readFileSync(join(folder, 'definition', 'bookmarks', 'bookmarks.json'), 'utf8')));
    assert.ok(meta.includes(first.name) && meta.includes(second.name));
  });

  it('refuses a folder that is not a PBIP report, and a corrupt bookmarks.json, without writing', () => {
    assert.throws(() => saveBookmarkToReport(root, 'x', {}), (e: unknown) => e instanceof UserError && /not a PBIP report folder/.test(e.message));
    const folder = report('{ not json');
    assert.throws(() => saveBookmarkToReport(folder, 'x', {}), /bookmarks\.json is not valid JSON/);
    assert.equal(readFileSync(join(folder, 'definition', 'bookmarks', 'bookmarks.json'), 'utf8'), '{ not json');
  });
});
