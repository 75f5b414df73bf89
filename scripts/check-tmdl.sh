#!/usr/bin/env bash
# Loads the generated semantic model (TMDL) with Microsoft's Tabular Object Model, through
# @microsoft/powerbi-modeling-mcp (its MCP server, spoken to over stdio), and prints what loaded:
# tables, columns, relationships, measures, partitions. Then exports the model back to TMDL and
# compares it with ours: a round trip through TOM must change nothing (blank lines aside).
#
# The package's licence allows development and testing only: it is installed on demand into a
# temporary folder, never a dependency of this project and never shipped. Needs npm and the
# network to the npm registry; linux-x64/arm64, macOS arm64 or Windows.
#
#   scripts/check-tmdl.sh [PROJECT_DIR]     (default: a project written by `node dist/cli.js powerbi`)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VERSION="${POWERBI_MODELING_MCP_VERSION:-0.5.0-beta.13}"
WORK="$(mktemp -d -t clearsight-tmdl-XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

PROJECT="${1:-}"
if [ -z "$PROJECT" ]; then
  [ -f "$ROOT/dist/cli.js" ] || { echo "check-tmdl: dist/cli.js is missing: run npm run build first" >&2; exit 1; }
  PROJECT="$WORK/project"
  node "$ROOT/dist/cli.js" powerbi --out "$PROJECT" >/dev/null
fi
DEFINITION="$(find "$PROJECT" -maxdepth 3 -type d -path '*.SemanticModel/definition' | head -n 1)"
[ -n "$DEFINITION" ] || { echo "check-tmdl: no <Name>.SemanticModel/definition folder under $PROJECT" >&2; exit 1; }

echo "check-tmdl: installing @microsoft/powerbi-modeling-mcp@$VERSION into $WORK (dev/test licence; not kept)" >&2
(cd "$WORK" && npm install --no-save --no-audit --no-fund --loglevel=error "@microsoft/powerbi-modeling-mcp@$VERSION" >/dev/null)
SERVER="$(find "$WORK/node_modules/@microsoft" -maxdepth 3 -type f -name 'powerbi-modeling-mcp' -path '*/dist/*' | head -n 1)"
[ -n "$SERVER" ] || { echo "check-tmdl: no server binary for this platform in the package" >&2; exit 1; }

EXPORTED="$WORK/exported"
node --input-type=module - "$SERVER" "$DEFINITION" "$EXPORTED" <<'EOF'
import { spawn } from 'node:child_process';
const [server, definition, exported] = process.argv.slice(2);
const p = spawn(server, ['--start'], { stdio: ['pipe', 'pipe', 'ignore'] });
let buf = '';
const waiting = new Map();
p.stdout.on('data', (d) => {
  buf += d;
  for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
    const line = buf.slice(0, i);
    buf = buf.slice(i + 1);
    if (!line.trim()) continue;
    const msg = JSON.parse(line);
    waiting.get(msg.id)?.(msg);
  }
});
let id = 0;
const call = (method, params) =>
  new Promise((resolve) => {
    const n = ++id;
    waiting.set(n, resolve);
    p.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: n, method, params })}\n`);
  });
const tool = async (name, request) => {
  const r = await call('tools/call', { name, arguments: { request } });
  const text = r.result?.content?.map((c) => c.text).join('\n') ?? '';
  if (r.error || r.result?.isError) throw new Error(`${name} ${request.operation}: ${JSON.stringify(r.error) ?? text}`);
  return text === '' ? {} : JSON.parse(text);
};
try {
  await call('initialize', { protocolVersion: '2024-11-05', capabilities: {}, clientInfo: { name: 'clearsight-check-tmdl', version: '1' } });
  p.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
  await tool('database_operations', { operation: 'ImportFromTmdlFolder', tmdlFolderPath: definition });
  const stats = (await tool('model_operations', { operation: 'GetStats' })).data;
  const relationships = (await tool('relationship_operations', { operation: 'List' })).data;
  const inactive = relationships.filter((r) => !r.isActive).length;
  console.log(`loaded by TOM (compatibility level ${stats.CompatibilityLevel}): ${stats.TableCount} tables, ${stats.TotalColumnCount} columns, ${stats.RelationshipCount} relationships (${inactive} inactive), ${stats.TotalMeasureCount} measures, ${stats.TotalPartitionCount} partitions`);
  for (const t of stats.Tables) console.log(`  ${t.name}: ${t.columnCount} columns, ${t.measureCount} measures`);
  await tool('database_operations', { operation: 'ExportToTmdlFolder', tmdlFolderPath: exported });
} catch (err) {
  console.error(`check-tmdl: the model does not load: ${err.message}`);
  process.exitCode = 1;
} finally {
  p.kill();
}
EOF
if diff -r -B "$DEFINITION" "$EXPORTED" >"$WORK/roundtrip.diff"; then
  echo "round trip through TOM: $(find "$DEFINITION" -name '*.tmdl' | wc -l) TMDL files, identical (blank lines aside)"
else
  echo "round trip through TOM changed the model:" >&2
  cat "$WORK/roundtrip.diff" >&2
  exit 1
fi
