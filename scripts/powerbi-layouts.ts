/**
 * Renders each page of the generated Power BI report as a layout picture (docs/powerbi/<page>.png):
 * the visual containers where the PBIR JSON puts them, with their type, title and fields, drawn
 * as HTML in headless Chromium (playwright-core, /usr/bin/chromium or CLEARSIGHT_E2E_CHROMIUM).
 * It reads the project's own files (pages.json, page.json, visual.json), not our page specs, so
 * the pictures show what Power BI Desktop reads. `npx tsx scripts/powerbi-layouts.ts [OUT_DIR]`.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { powerBiProjectFiles } from '../src/powerbi/project';

const DEF = 'ClearSight RCA.Report/definition/';

interface Field {
  queryRef: string;
}
interface Visual {
  name: string;
  position: { x: number; y: number; width: number; height: number };
  visual: {
    visualType: string;
    query?: { queryState: Record<string, { projections: Field[] }> };
    visualContainerObjects?: { title?: Array<{ properties: { text?: { expr: { Literal: { Value: string } } } } }> };
  };
}
interface Page {
  name: string;
  displayName: string;
  type?: string;
  width: number;
  height: number;
  pageBinding?: { parameters: Array<{ fieldExpr: { Column: { Expression: { SourceRef: { Entity: string } }; Property: string } } }> };
}

const COLOURS: Record<string, string> = {
  slicer: '#EDEBE9',
  card: '#DEECF9',
  multiRowCard: '#DEECF9',
  tableEx: '#FFF4CE',
  pivotTable: '#FFF4CE',
  actionButton: '#C7E0F4',
};

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function pageHtml(page: Page, visuals: Visual[]): string {
  const header = 40;
  const binding = page.pageBinding?.parameters[0]?.fieldExpr.Column;
  const drill = page.type === 'Drillthrough' && binding ? ` · drill-through on ${binding.Expression.SourceRef.Entity}[${binding.Property}]` : '';
  const boxes = visuals
    .map((v) => {
      const p = v.position;
      const title = v.visual.visualContainerObjects?.title?.[0]?.properties.text?.expr.Literal.Value.replace(/^'|'$/g, '').replace(/''/g, "'") ?? v.name;
      const wells = Object.entries(v.visual.query?.queryState ?? {})
        .map(([role, s]) => `<div class="well"><b>${esc(role)}</b> ${s.projections.map((f) => esc(f.queryRef)).join(', ')}</div>`)
        .join('');
      const bg = COLOURS[v.visual.visualType] ?? '#FFFFFF';
      return `<div class="v" style="left:${p.x}px;top:${p.y + header}px;width:${p.width}px;height:${p.height}px;background:${bg}">
        <div class="type">${esc(v.visual.visualType)}</div><div class="title">${esc(title)}</div>${wells}</div>`;
    })
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><style>
    body { margin: 0; font: 11px 'Segoe UI', 'DejaVu Sans', sans-serif; color: #252423; }
    .page { position: relative; width: ${page.width}px; height: ${page.height + header}px; background: #F3F2F1; }
    .head { position: absolute; left: 0; top: 0; right: 0; height: ${header}px; background: #252423; color: white; font-size: 16px; line-height: ${header}px; padding-left: 12px; }
    .head small { color: #C8C6C4; font-size: 12px; }
    .v { position: absolute; box-sizing: border-box; border: 1px solid #8A8886; border-radius: 3px; padding: 4px 6px; overflow: hidden; }
    .type { font-size: 10px; color: #605E5C; text-transform: uppercase; letter-spacing: .04em; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .title { font-weight: 600; font-size: 12px; margin: 2px 0 4px; }
    .well { font-size: 10px; color: #3B3A39; margin-top: 2px; word-break: break-word; }
  </style></head><body><div class="page"><div class="head">${esc(page.displayName)} <small>(${esc(page.name)}${esc(drill)})</small></div>${boxes}</div></body></html>`;
}

async function main(): Promise<void> {
  const out = resolve(process.argv[2] ?? join(__dirname, '..', 'docs', 'powerbi'));
  mkdirSync(out, { recursive: true });
  const files = new Map(powerBiProjectFiles({ server: 'localhost', database: 'postgres' }).map((f) => [f.path, f.text]));
  const order = (JSON.parse(files.get(`${DEF}pages/pages.json`)!) as { pageOrder: string[] }).pageOrder;
  const browser = await chromium.launch({ executablePath: process.env.CLEARSIGHT_E2E_CHROMIUM ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
  try {
    for (const name of order) {
      const page = JSON.parse(files.get(`${DEF}pages/${name}/page.json`)!) as Page;
      const visuals = [...files.entries()]
        .filter(([path]) => path.startsWith(`${DEF}pages/${name}/visuals/`))
        .map(([, text]) => JSON.parse(text) as Visual);
      const tab = await browser.newPage({ viewport: { width: page.width, height: page.height + 40 } });
      await tab.setContent(pageHtml(page, visuals));
      const file = join(out, `${name}.png`);
      await tab.screenshot({ path: file });
      await tab.close();
      console.log(`${file}: ${visuals.length} visuals`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
