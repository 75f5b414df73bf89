import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../src/core/errors';
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
    assert.ok(v.metadata(meta), JSON.stringify(v.metadata.errors));
  });

  it('refuses to write the project over a file', () => {
    const file = join(root, 'not-a-folder');
    writeFileSync(file, 'x');
    assert.throws(() => writePowerBiProject(file, { server: 'h', database: 'd' }), (e: unknown) => e instanceof UserError && /is a file, not a folder/.test(e.message));
  });
});

describe('issue 20 item 9: powerbi --out leaves what the user owns and stays inside DIR', () => {
  const options = { server: 'rep.example', port: 6543, database: 'analytics' };
  const OURS = '**/.pbi/localSettings.json\n**/.pbi/cache.abf\n';
  let root = '';
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'clearsight-pbip-out-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const notProject = (e: unknown): boolean =>
    e instanceof UserError && e.exitCode === 1 && /is not empty and holds no ClearSight RCA project/.test(e.message) && /--force/.test(e.message) && !e.message.includes('\n');

  it('writes into an empty existing folder', () => {
    const w = writePowerBiProject(root, options);
    assert.equal(w.pbip, join(root, 'ClearSight RCA.pbip'));
    assert.equal(readFileSync(join(root, '.gitignore'), 'utf8'), OURS);
    assert.deepEqual(w.notes, []);
  });

  it('refuses a non-empty folder that is not our project, writing nothing; with force writes, merges .gitignore and leaves the user\'s files (and says which)', () => {
    writeFileSync(join(root, '.gitignore'), 'node_modules\n*.log');
    writeFileSync(join(root, 'notes.txt'), 'mine');
    mkdirSync(join(root, 'data'));
    writeFileSync(join(root, 'data', 'x.csv'), '1,2');
    assert.throws(() => writePowerBiProject(root, options), notProject);
    assert.deepEqual(readdirSync(root).sort(), ['.gitignore', 'data', 'notes.txt'], 'nothing written');
    assert.equal(readFileSync(join(root, '.gitignore'), 'utf8'), 'node_modules\n*.log');

    const w = writePowerBiProject(root, options, { force: true });
    assert.ok(existsSync(w.pbip));
    assert.equal(readFileSync(join(root, '.gitignore'), 'utf8'), `node_modules\n*.log\n${OURS}`, 'user lines kept, ours appended');
    assert.equal(readFileSync(join(root, 'notes.txt'), 'utf8'), 'mine');
    assert.equal(readFileSync(join(root, 'data', 'x.csv'), 'utf8'), '1,2');
    assert.equal(w.notes.length, 2, w.notes.join(' | '));
    assert.match(w.notes[0], /^merged \.gitignore: your 2 lines kept, 2 of ours added$/);
    assert.match(w.notes[1], /^left as they were \(not ours\): data\/, notes\.txt$/);

    // Now it is our project: written again without force; .gitignore already complete.
    const again = writePowerBiProject(root, options);
    assert.equal(readFileSync(join(root, '.gitignore'), 'utf8'), `node_modules\n*.log\n${OURS}`, 'our lines not added twice');
    assert.deepEqual(again.notes, ['kept your .gitignore (it already has our lines)', 'left as they were (not ours): data/, notes.txt']);
  });

  it('our own project is written again without force; a .gitignore the user edited is merged, a bookmark they saved is reported as theirs', () => {
    writePowerBiProject(root, options);
    writeFileSync(join(root, '.gitignore'), '**/.pbi/cache.abf\nsecrets.env\n');
    const b = bookmark({ scenario, run }, {});
    saveBookmarkToReport(root, b.name, b.json);
    const w = writePowerBiProject(root, options);
    assert.equal(readFileSync(join(root, '.gitignore'), 'utf8'), '**/.pbi/cache.abf\nsecrets.env\n**/.pbi/localSettings.json\n');
    assert.deepEqual(w.notes, [
      'merged .gitignore: your 2 lines kept, 1 of ours added',
      `left as they were (not ours): ClearSight RCA.Report/definition/bookmarks/${b.name}.bookmark.json`,
    ]);
  });

  it('refuses a directory symlink that leaves DIR, even with force, writing nothing outside', () => {
    writePowerBiProject(root, options);
    const outside = mkdtempSync(join(tmpdir(), 'clearsight-outside-'));
    try {
      rmSync(join(root, 'ClearSight RCA.SemanticModel'), { recursive: true });
      symlinkSync(outside, join(root, 'ClearSight RCA.SemanticModel'), 'dir');
      for (const force of [false, true]) {
        assert.throws(
          () => writePowerBiProject(root, options, { force }),
          (e: unknown) =>
            e instanceof UserError && e.exitCode === 1 && e.message === `--out: refusing to write through ${join(root, 'ClearSight RCA.SemanticModel')}: a symbolic link to ${outside}, outside ${root}`,
        );
      }
      assert.deepEqual(readdirSync(outside), [], 'nothing written outside DIR');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('refuses a .gitignore symlinked to a file outside DIR (neither read nor replaced); a link inside DIR is fine', () => {
    writePowerBiProject(root, options);
    const outside = mkdtempSync(join(tmpdir(), 'clearsight-outside-'));
    try {
      writeFileSync(join(outside, 'global.gitignore'), 'theirs\n');
      rmSync(join(root, '.gitignore'));
      symlinkSync(join(outside, 'global.gitignore'), join(root, '.gitignore'));
      assert.throws(() => writePowerBiProject(root, options, { force: true }), /--out: refusing to write through .*\.gitignore: a symbolic link to .*global\.gitignore, outside/);
      assert.equal(readFileSync(join(outside, 'global.gitignore'), 'utf8'), 'theirs\n');
      // A link that stays inside DIR is followed.
      rmSync(join(root, '.gitignore'));
      mkdirSync(join(root, 'shared'));
      writeFileSync(join(root, 'shared', 'ignore'), 'x\n');
      symlinkSync(join(root, 'shared', 'ignore'), join(root, '.gitignore'));
      writePowerBiProject(root, options);
      assert.match(readFileSync(join(root, '.gitignore'), 'utf8'), /^x\n\*\*\/\.pbi\/localSettings\.json\n/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
