#!/usr/bin/env node
// Builds the VSIX: `node esbuild.mjs --production`, then `vsce package --no-dependencies`
// (the bundles in dist/ hold every dependency; pg-native is external and optional), then
// lists what went in and refuses a VSIX holding sources, tests, maps or node_modules.
//
//   node scripts/package.mjs [--out FILE] [--tests-out FILE] [--no-build]
//
//   --out FILE        the VSIX (default clearsight-rca.vsix)
//   --tests-out FILE  also the test VSIX: the same files plus dist/test/ (built by
//                     `node esbuild.mjs --tests`), with `main` set to dist/test/main.js,
//                     which adds the command clearsight.test.runExtensionTests
//   --no-build        package what dist/ holds
//
// Runs in the current directory (the project root under npm).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { inflateRawSync } from 'node:zlib';

const require = createRequire(import.meta.url);
const root = process.cwd();

function arg(name) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const out = resolve(arg('--out') ?? 'clearsight-rca.vsix');
const testsOut = arg('--tests-out') ? resolve(arg('--tests-out')) : undefined;
const build = !process.argv.includes('--no-build');

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}

function run(cmd, args, cwd = root) {
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) fail(`${[cmd, ...args].join(' ')} exited with ${r.status ?? r.signal}`);
}

/** The entries of a zip file: name, sizes, and a reader for the content. */
function readZip(file) {
  const buf = readFileSync(file);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) fail(`${file} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) fail(`${file}: bad central directory`);
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const content = () => {
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const data = buf.subarray(start, start + compressed);
      return method === 0 ? data : inflateRawSync(data);
    };
    entries.push({ name, size, compressed, content });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return { bytes: buf.length, entries };
}

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

/** Prints the VSIX's files and size; fails on anything that does not run. */
function listAndCheck(file, { allowTests }) {
  const { bytes, entries } = readZip(file);
  console.log(`\n${relative(root, file) || file}: ${kib(bytes)}, ${entries.length} files`);
  for (const e of entries) console.log(`  ${kib(e.size).padStart(12)}  ${e.name}`);
  const forbidden = [
    [/\.map$/, 'source map'],
    [/^extension\/(src|test|webview|bench|docs|scripts|node_modules|\.cache|\.ci|test-artifacts)\//, 'not part of the runtime'],
    [/(^|\/)node_modules\//, 'node_modules'],
    [/\.tsx?$/, 'TypeScript source'],
    ...(allowTests ? [] : [[/^extension\/dist\/test\//, 'test build']]),
  ];
  const bad = entries.flatMap((e) => forbidden.filter(([re]) => re.test(e.name)).map(([, why]) => `${e.name} (${why})`));
  if (bad.length) fail(`${relative(root, file)} holds files it must not:\n  ${bad.join('\n  ')}`);
  // dist/pglite.js: the embedded PostgreSQL, dist/aws.js: the AWS SDK, dist/demo.js: the demo generator, loaded by extension.js on first use (esbuild.mjs).
  for (const f of ['extension.js', 'pglite.js', 'aws.js', 'demo.js']) {
    if (!entries.some((e) => e.name === `extension/dist/${f}`)) fail(`${relative(root, file)} has no extension/dist/${f}`);
  }
}

function vsce(cwd, outFile) {
  const vsceBin = join(dirname(require.resolve('@vscode/vsce/package.json')), 'vsce');
  const args = [vsceBin, 'package', '--no-dependencies', '--no-rewrite-relative-links', '--out', outFile];
  // vsce would ask (and, with no terminal, abort) when there is no licence file.
  if (!readdirSync(cwd).some((f) => /^licen[cs]e(\.(md|txt))?$/i.test(f))) {
    console.warn('package: warning: no LICENSE file, packaging without one');
    args.push('--skip-license');
  }
  mkdirSync(dirname(outFile), { recursive: true });
  run(process.execPath, args, cwd);
}

// 1. Build.
if (build) {
  run(process.execPath, ['esbuild.mjs', '--production', ...(testsOut ? ['--tests'] : [])]);
  // The demo database ships prebuilt, so that it opens in about a second on first use.
  run(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/build-demo-seed.ts']);
}
if (!existsSync(join(root, 'dist', 'extension.js'))) fail('dist/extension.js is missing (no src/extension.ts yet?)');

// 2. The VSIX.
vsce(root, out);
listAndCheck(out, { allowTests: false });

// 3. The test VSIX: the VSIX's own files, plus dist/test, with the test entry point.
if (testsOut) {
  for (const f of ['main.js', 'index.js']) {
    if (!existsSync(join(root, 'dist', 'test', f))) {
      fail(`dist/test/${f} is missing: esbuild.mjs needs the --tests snippet (test/e2e/README-section.md)`);
    }
  }
  const stage = mkdtempSync(join(tmpdir(), 'clearsight-vsix-tests-'));
  try {
    for (const e of readZip(out).entries) {
      if (!e.name.startsWith('extension/')) continue;
      const target = join(stage, e.name.slice('extension/'.length));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, e.content());
    }
    mkdirSync(join(stage, 'dist', 'test'), { recursive: true });
    for (const f of readdirSync(join(root, 'dist', 'test'))) {
      if (f.endsWith('.js') && statSync(join(root, 'dist', 'test', f)).isFile()) {
        copyFileSync(join(root, 'dist', 'test', f), join(stage, 'dist', 'test', f));
      }
    }
    const manifest = JSON.parse(readFileSync(join(stage, 'package.json'), 'utf8'));
    manifest.main = './dist/test/main.js';
    delete manifest.scripts; // no vscode:prepublish in a folder without sources
    manifest.contributes ??= {};
    manifest.contributes.commands = [
      ...(manifest.contributes.commands ?? []),
      { command: 'clearsight.test.runExtensionTests', title: 'Run Extension Tests', category: 'ClearSight Tests' },
    ];
    writeFileSync(join(stage, 'package.json'), JSON.stringify(manifest, null, 2));
    writeFileSync(join(stage, '.vscodeignore'), '**/*.map\n');
    vsce(stage, testsOut);
    listAndCheck(testsOut, { allowTests: true });
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}
