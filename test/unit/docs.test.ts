/**
 * The documentation and the data the project depends on live in the repository: every
 * relative link and image of README.md and docs/**.md resolves (file and #anchor), and the
 * in-repo copies of the contract are the ones the code and the tests use.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { timelineJson } from '../../src/engine/contract';
import type { TimelineEvent } from '../../src/core/types';
import { CONTRACT_FILE, contractFields } from '../contract';
import { requireSchemaDir, SCHEMA_DIR } from '../powerbiSchemas';

const ROOT = resolve(__dirname, '..', '..');

function markdownFiles(): string[] {
  const out = [join(ROOT, 'README.md')];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.endsWith('.md')) out.push(join(dir, e.name));
    }
  };
  walk(join(ROOT, 'docs'));
  return out;
}

/** Markdown text outside fenced code blocks and inline code. */
function prose(text: string): string {
  return text.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's anchor of each heading of a markdown text (lower case, punctuation dropped, spaces to -, repeats numbered). */
export function anchorsOf(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of text.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const base = m[1]
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** The relative links and images of a markdown file that do not resolve: `target (why)`. */
export function brokenLinks(file: string, text: string = readFileSync(file, 'utf8')): string[] {
  const targets = [
    ...[...prose(text).matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]),
    ...[...prose(text).matchAll(/<img\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]),
  ];
  const broken: string[] = [];
  for (const t of targets) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(t)) continue; // https:, mailto:, vscode: …
    const [path, anchor] = t.split('#', 2) as [string, string | undefined];
    if (path === '') {
      if (!anchorsOf(text).has(anchor ?? '')) broken.push(`${t} (no such heading)`);
      continue;
    }
    const target = resolve(dirname(file), decodeURI(path));
    if (!target.startsWith(ROOT + sep)) broken.push(`${t} (outside the repository)`);
    else if (!existsSync(target)) broken.push(`${t} (no such file)`);
    else if (anchor !== undefined && target.endsWith('.md') && statSync(target).isFile() && !anchorsOf(readFileSync(target, 'utf8')).has(anchor)) broken.push(`${t} (no such heading)`);
  }
  return broken;
}

describe('docs: links and the data in the repository', () => {
  it('the link check finds a missing file, a missing heading and a link out of the repository', () => {
    const file = join(ROOT, 'docs', 'example.md');
    const text = '# Top\n## A `code` heading\n[ok](../README.md) [self](#top) [code](#a-code-heading) ![img](screenshots/none.png) [gone](#nowhere) [out](../../x.md) [web](https://example.com/x)\n```\n[in code](missing.md)\n```\n';
    assert.deepEqual(brokenLinks(file, text), ['screenshots/none.png (no such file)', '#nowhere (no such heading)', '../../x.md (outside the repository)']);
  });

  it('every relative link and image of README.md and docs/ resolves', () => {
    const files = markdownFiles();
    assert.ok(files.length >= 9, `README.md and the docs pages: ${files.map((f) => relative(ROOT, f)).join(', ')}`);
    const broken = files.flatMap((f) => brokenLinks(f).map((b) => `${relative(ROOT, f)}: ${b}`));
    assert.deepEqual(broken, []);
  });

  it('README.md is a front page (at most ~250 lines) and links every docs page', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const lines = readme.split('\n').length;
    assert.ok(lines <= 260, `README.md has ${lines} lines`);
    for (const page of ['extension', 'cli', 'operations', 'reporting', 'culprit', 'performance', 'architecture', 'security']) {
      assert.ok(readme.includes(`](docs/${page}.md`), `README.md links docs/${page}.md`);
    }
  });

  it('the source schema in docs/contract is the one the demo and the generator use (sql/source/schema.sql)', () => {
    assert.equal(readFileSync(join(ROOT, 'docs', 'contract', 'source-schema.sql'), 'utf8'), readFileSync(join(ROOT, 'sql', 'source', 'schema.sql'), 'utf8'));
  });

  it('the CLI tests read their fields from the in-repo contract, and the JSON builders follow it', () => {
    assert.equal(CONTRACT_FILE, join(ROOT, 'docs', 'contract', 'cli-contract.md'));
    const event: TimelineEvent = {
      event_type: 'RUN_FAILED', event_timestamp: '2026-01-01T00:00:00.000Z', event_user: 'u', node_id: null, node_name: null,
      run_id: null, request_id: null, description: 'd', details: {}, event_key: 'RUN_FAILED:r', scenario_id: 's',
    };
    assert.deepEqual(Object.keys(timelineJson([event])[0]), contractFields('timeline'));
    assert.deepEqual(contractFields('scenarios'), ['scenario_id', 'scenario_name', 'status', 'model_name', 'last_run_at', 'last_run_status', 'runs', 'failed_runs']);
    assert.throws(() => contractFields('no-such-command'), /no row for `no-such-command`/);
  });

  it('a missing fixture fails loudly, naming the folder', () => {
    assert.doesNotThrow(() => requireSchemaDir());
    assert.throws(() => requireSchemaDir(join(SCHEMA_DIR, 'not-there')), /Power BI schemas are missing at .*not-there.*git checkout/);
  });
});
