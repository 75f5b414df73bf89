/**
 * Theme colours and fonts for chart.js charts (Overview, user journey, timeline): read from
 * the VS Code CSS variables, applied to a chart's axes and tooltip, and re-applied when the
 * theme changes.
 */
import type { Chart } from 'chart.js';
import { cssVar, isHighContrast, onThemeChange } from './theme';

export interface ChartColors {
  success: string;
  failed: string;
  timeout: string;
  other: string;
  accent: string;
  accentSoft: string;
  text: string;
  muted: string;
  grid: string;
  focus: string;
  background: string;
  tooltipBg: string;
  tooltipFg: string;
  tooltipBorder: string;
  contrastBorder: string;
  font: string;
  fontSize: number;
}

export function readChartColors(): ChartColors {
  return {
    success: cssVar('--vscode-charts-green', '#89d185'),
    failed: cssVar('--vscode-errorForeground', '#f85149'),
    timeout: cssVar('--vscode-charts-orange', '#d18616'),
    other: cssVar('--vscode-charts-blue', '#3794ff'),
    accent: cssVar('--vscode-charts-blue', '#3794ff'),
    accentSoft: cssVar('--vscode-charts-purple', '#b180d7'),
    text: cssVar('--vscode-foreground', '#cccccc'),
    muted: cssVar('--vscode-descriptionForeground', '#9d9d9d'),
    grid: cssVar('--vscode-editorWidget-border', cssVar('--vscode-panel-border', '#80808059')),
    focus: cssVar('--vscode-focusBorder', '#007fd4'),
    background: cssVar('--vscode-editor-background', '#1e1e1e'),
    tooltipBg: cssVar('--vscode-editorHoverWidget-background', '#252526'),
    tooltipFg: cssVar('--vscode-editorHoverWidget-foreground', cssVar('--vscode-foreground', '#cccccc')),
    tooltipBorder: cssVar('--vscode-editorHoverWidget-border', '#454545'),
    contrastBorder: cssVar('--vscode-contrastBorder', ''),
    font: cssVar('--vscode-font-family', 'system-ui, sans-serif'),
    fontSize: Number.parseFloat(cssVar('--vscode-font-size', '13')) || 13,
  };
}

/** The options every chart here starts from: drawn at once (no animation), sized by its container. */
export const CHART_BASE = { animation: false, responsive: true, maintainAspectRatio: false } as const;

/** `#rrggbb` / `#rgb` with an alpha (0…1); other colour forms are returned unchanged. */
export function withAlpha(color: string, alpha: number): string {
  const c = color.trim();
  const a = Math.round(Math.min(1, Math.max(0, alpha)) * 255)
    .toString(16)
    .padStart(2, '0');
  if (/^#[0-9a-f]{6}$/i.test(c)) return `${c}${a}`;
  if (/^#[0-9a-f]{3}$/i.test(c)) return `#${c[1]}${c[1]}${c[2]}${c[2]}${c[3]}${c[3]}${a}`;
  return c;
}

/** Axis, legend and tooltip colours and fonts of a chart from the theme. */
export function applyChartTheme(chart: Chart, c: ChartColors): void {
  const o = chart.options;
  o.color = c.text;
  o.font = { family: c.font, size: c.fontSize };
  // Chart.js options are proxies: set properties one by one (no object spread).
  for (const axis of Object.keys(o.scales ?? {})) {
    const s = o.scales![axis]! as {
      grid?: Record<string, unknown>;
      border?: Record<string, unknown>;
      ticks?: { color?: unknown; font?: unknown };
      title?: { color?: unknown; font?: unknown };
    };
    // Existing grid / border options (display: false) are kept: colours are set one by one.
    if (s.grid) {
      s.grid.color = c.grid;
      s.grid.tickColor = c.grid;
      s.grid.lineWidth = isHighContrast() ? 1 : 0.5;
    } else s.grid = { color: c.grid, tickColor: c.grid, lineWidth: isHighContrast() ? 1 : 0.5 };
    if (s.border) s.border.color = c.grid;
    else s.border = { color: c.grid };
    if (s.ticks) {
      s.ticks.color = c.muted;
      s.ticks.font = { family: c.font, size: c.fontSize - 1 };
    }
    if (s.title) {
      s.title.color = c.muted;
      s.title.font = { family: c.font, size: c.fontSize - 1 };
    }
  }
  const t = o.plugins?.tooltip;
  if (t) {
    t.backgroundColor = c.tooltipBg;
    t.titleColor = c.tooltipFg;
    t.bodyColor = c.tooltipFg;
    t.footerColor = c.muted;
    t.borderColor = c.tooltipBorder;
    t.borderWidth = 1;
    t.titleFont = { family: c.font, size: c.fontSize, weight: 'bold' };
    t.bodyFont = { family: c.font, size: c.fontSize };
    t.footerFont = { family: c.font, size: c.fontSize - 1, weight: 'normal' };
  }
}

/**
 * Keeps a chart's colours in step with the theme: `restyle` re-applies the dataset colours
 * (from the fresh colours), then the chart redraws. Returns the stop function.
 */
export function followTheme(chart: Chart, restyle: (c: ChartColors) => void): () => void {
  const apply = (): void => {
    const c = readChartColors();
    applyChartTheme(chart, c);
    restyle(c);
  };
  apply();
  return onThemeChange(() => {
    apply();
    chart.update('none');
  });
}
