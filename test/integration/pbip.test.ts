import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../src/db/db';
import { saveBookmarkToReport, writePowerBiProject } from '../../src/engine/pbip';
import { powerBiProjectFiles } from '../../src/powerbi/project';
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

  it('writes the Power BI project, and writing it again keeps the bookmarks saved into it', () => {
    const out = join(root, 'pbi');
    const options = { server: 'rep.example', port: 6543, database: 'analytics' };
    const w = writePowerBiProject(out, options);
    const expected = powerBiProjectFiles(options);
    assert.equal(w.pbip, join(out, 'ClearSight RCA.pbip'));
    assert.deepEqual(w.files, expected.map((f) => join(out, ...f.path.split('/'))));
    for (const f of expected) assert.equal(readFileSync(join(out, ...f.path.split('/')), 'utf8'), f.text, f.path);
    // a bookmark saved by pointing at the project folder lands in its report
    const b = bookmark({ scenario, run }, {});
    const file = saveBookmarkToReport(out, b.name, b.json);
    assert.equal(file, join(out, 'ClearSight RCA.Report', 'definition', 'bookmarks', `${b.name}.bookmark.json`));
    writePowerBiProject(out, options);
    assert.ok(existsSync(file), 'the saved bookmark stays');
    const meta = JSON.parse(readFileSync(join(out, 'ClearSight RCA.Report', 'definition', 'bookmarks', 'bookmarks.json'), 'utf8')) as { items: Array<{ name: string }> };
    assert.deepEqual(meta.items.map((i) => i.name), ['ClearSightRCA_failed_runs', b.name]);
    const v = powerBiValidators();
    if (v) assert.ok(v.metadata(meta), JSON.stringify(v.metadata.errors));
  });

  it('refuses to write the project over a file', () => {
    const file = join(root, 'not-a-folder');
    writeFileSync(file, 'x');
    assert.throws(() => writePowerBiProject(file, { server: 'h', database: 'd' }), (e: unknown) => e instanceof UserError && /is a file, not a folder/.test(e.message));
  });
});
