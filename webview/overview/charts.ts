/**
 * The Overview's charts (chart.js, only the pieces used are registered): runs per day as
 * stacked bars, failed nodes as horizontal bars, processing time by node type as boxes
 * (quartiles, whiskers min…max, a p95 tick) drawn by a small plugin with the failed calcs
 * as points in the error colour, and one scenario's run durations as a line. Colours come
 * from the theme and follow it; every element clicks through (hooks).
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  LineController,
  LineElement,
  LinearScale,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
  type ActiveElement,
  type ChartEvent,
  type Plugin,
  type ScriptableContext,
} from 'chart.js';
import { formatDuration } from '../../src/core/time';
import { CHART_BASE, followTheme, withAlpha, type ChartColors } from '../common/chartTheme';
import { formatIso, groupDigits } from '../common/format';
import { formatTimeTick, timeTicks } from '../timeline/model';
import { formatSeconds, type BarModel, type DayChartModel, type DaySeriesKey, type TimingChartModel, type TimingPoint, type TrendChartPoint, type TrendModel } from './model';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LogarithmicScale, LineController, LineElement, PointElement, ScatterController, Tooltip);

const pointer = (canvas: HTMLCanvasElement) => (_e: ChartEvent, els: ActiveElement[]) => {
  canvas.style.cursor = els.length > 0 ? 'pointer' : 'default';
};

function seriesColor(c: ChartColors, key: DaySeriesKey): string {
  return key === 'success' ? c.success : key === 'failed' ? c.failed : key === 'timeout' ? c.timeout : c.other;
}

// ---------------------------------------------------------------------------------------------

export class DayRunsChart {
  private readonly chart: Chart<'bar', number[], string>;
  private readonly stopTheme: () => void;
  private colors!: ChartColors;
  private model: DayChartModel | null = null;
  private selected: string | null = null;

  constructor(
    canvas: HTMLCanvasElement,
    private readonly onDay: (day: string, series: DaySeriesKey) => void,
    /** Tooltip footer of a day: `12 runs · click to …`. */
    footer: (total: number) => string = (total) => `${groupDigits(total)} runs · click to see the failing scenarios of the day`,
    yTitle = 'Runs',
  ) {
    this.chart = new Chart<'bar', number[], string>(canvas, {
      type: 'bar',
      data: { labels: [], datasets: [] },
      options: {
        ...CHART_BASE,
        layout: { padding: { top: 4, right: 8 } },
        scales: {
          x: { stacked: true, ticks: { maxRotation: 0, autoSkip: true, autoSkipPadding: 8 } },
          y: { stacked: true, beginAtZero: true, title: { display: true, text: yTitle }, ticks: { precision: 0 } },
        },
        plugins: {
          tooltip: {
            mode: 'index',
            intersect: false,
            callbacks: {
              title: (items) => (items[0] && this.model ? `${this.model.days[items[0].dataIndex]} (UTC)` : ''),
              footer: (items) => {
                const i = items[0]?.dataIndex;
                if (i === undefined || !this.model) return '';
                const total = this.model.series.reduce((n, s) => n + (s.data[i] ?? 0), 0);
                return footer(total);
              },
            },
          },
        },
        onClick: (_e, els) => {
          const el = els[0];
          if (!el || !this.model) return;
          const day = this.model.days[el.index];
          const key = this.model.series[el.datasetIndex]?.key;
          if (day && key) this.onDay(day, key);
        },
        onHover: pointer(canvas),
      },
    });
    this.stopTheme = followTheme(this.chart as unknown as Chart, (c) => {
      this.colors = c;
      this.restyle();
    });
  }

  private restyle(): void {
    for (const ds of this.chart.data.datasets) {
      const key = (ds as unknown as { key: DaySeriesKey }).key;
      const color = seriesColor(this.colors, key);
      ds.backgroundColor = (ctx: ScriptableContext<'bar'>) => (this.selected && this.model?.days[ctx.dataIndex] !== this.selected ? withAlpha(color, 0.35) : color);
      ds.borderColor = this.colors.contrastBorder || color;
      ds.borderWidth = this.colors.contrastBorder ? 1 : 0;
    }
  }

  update(model: DayChartModel, selected: string | null): void {
    this.model = model;
    this.selected = selected;
    this.chart.data.labels = model.labels;
    this.chart.data.datasets = model.series.map((s) => ({ label: s.label, data: s.data, key: s.key, maxBarThickness: 48 }) as never);
    this.restyle();
    this.chart.update('none');
  }

  select(day: string | null): void {
    this.selected = day;
    this.restyle();
    this.chart.update('none');
  }

  destroy(): void {
    this.stopTheme();
    this.chart.destroy();
  }
}

// ---------------------------------------------------------------------------------------------

export class HorizontalBarChart {
  private readonly chart: Chart<'bar', number[], string>;
  private readonly stopTheme: () => void;
  private colors!: ChartColors;
  private model: BarModel | null = null;

  constructor(
    canvas: HTMLCanvasElement,
    private readonly o: { label: string; axisTitle: string; colorOf(c: ChartColors): string; onBar(id: string): void; hint: string },
  ) {
    this.chart = new Chart<'bar', number[], string>(canvas, {
      type: 'bar',
      data: { labels: [], datasets: [] },
      options: {
        indexAxis: 'y',
        ...CHART_BASE,
        layout: { padding: { right: 12 } },
        scales: {
          x: { beginAtZero: true, title: { display: true, text: o.axisTitle }, ticks: { precision: 0 } },
          y: { ticks: { autoSkip: false } },
        },
        plugins: {
          tooltip: {
            callbacks: {
              title: (items) => (items[0] && this.model ? (this.model.titles[items[0].dataIndex] ?? '') : ''),
              label: (item) => `${groupDigits(Number(item.raw))} ${o.label}`,
              footer: () => o.hint,
            },
          },
        },
        onClick: (_e, els) => {
          const el = els[0];
          const id = el && this.model ? this.model.ids[el.index] : undefined;
          if (id) this.o.onBar(id);
        },
        onHover: pointer(canvas),
      },
    });
    this.stopTheme = followTheme(this.chart as unknown as Chart, (c) => {
      this.colors = c;
      for (const ds of this.chart.data.datasets) {
        ds.backgroundColor = this.o.colorOf(c);
        ds.borderColor = c.contrastBorder || this.o.colorOf(c);
        ds.borderWidth = c.contrastBorder ? 1 : 0;
      }
    });
  }

  update(model: BarModel): void {
    this.model = model;
    const c = this.colors;
    this.chart.data.labels = model.labels;
    this.chart.data.datasets = [
      { label: this.o.label, data: model.values, backgroundColor: this.o.colorOf(c), borderColor: c.contrastBorder || this.o.colorOf(c), borderWidth: c.contrastBorder ? 1 : 0, maxBarThickness: 22 },
    ];
    this.chart.update('none');
  }

  destroy(): void {
    this.stopTheme();
    this.chart.destroy();
  }
}

// ---------------------------------------------------------------------------------------------

export class TimingChart {
  private readonly chart: Chart<'scatter', TimingPoint[]>;
  private readonly stopTheme: () => void;
  private colors!: ChartColors;
  private model: TimingChartModel | null = null;

  constructor(
    canvas: HTMLCanvasElement,
    private readonly hooks: { onCalc(p: TimingPoint): void; onType(nodeType: string): void },
  ) {
    const boxes: Plugin<'scatter'> = {
      id: 'csBoxes',
      beforeDatasetsDraw: (chart) => this.drawBoxes(chart as unknown as Chart),
    };
    this.chart = new Chart<'scatter', TimingPoint[]>(canvas, {
      type: 'scatter',
      data: { datasets: [] },
      plugins: [boxes],
      options: {
        ...CHART_BASE,
        parsing: false,
        layout: { padding: { top: 4, right: 12 } },
        scales: {
          x: { type: 'linear', title: { display: true, text: 'Processing time (seconds)' }, ticks: { maxRotation: 0, autoSkip: false } },
          y: {
            type: 'linear',
            min: -0.6,
            max: 0.6,
            reverse: true,
            afterBuildTicks: (scale) => {
              scale.ticks = (this.model?.types ?? []).map((_, value) => ({ value }));
            },
            ticks: { callback: (v) => this.model?.types[Number(v)] ?? '' },
            grid: { display: false },
          },
        },
        elements: { point: { radius: 4, hoverRadius: 7, hitRadius: 4, pointStyle: 'rectRot' } },
        plugins: {
          tooltip: {
            displayColors: false,
            callbacks: {
              title: (items) => {
                const p = items[0]?.raw as TimingPoint | undefined;
                return p ? `${p.calc.node_name} (${p.calc.node_type}) failed after ${formatSeconds(p.calc.duration_s)}` : '';
              },
              label: (item) => {
                const p = item.raw as TimingPoint;
                return [`${p.calc.scenario_name}`, `run ${formatIso(p.calc.run_at)} UTC (${p.calc.run_status})`, 'click: compare with the last success'];
              },
            },
          },
        },
        onClick: (e, els) => {
          const el = els[0];
          if (el) {
            const p = this.chart.data.datasets[el.datasetIndex]?.data[el.index];
            if (p) this.hooks.onCalc(p);
            return;
          }
          const y = this.chart.scales.y;
          if (!y || e.y === null || e.y === undefined || !this.model) return;
          const i = Math.round(y.getValueForPixel(e.y) ?? -1);
          const type = this.model.types[i];
          if (type !== undefined) this.hooks.onType(type);
        },
        onHover: pointer(canvas),
      },
    });
    this.stopTheme = followTheme(this.chart as unknown as Chart, (c) => {
      this.colors = c;
      for (const ds of this.chart.data.datasets) {
        ds.backgroundColor = c.failed;
        ds.borderColor = c.contrastBorder || c.failed;
      }
    });
  }

  private drawBoxes(chart: Chart): void {
    const m = this.model;
    const x = chart.scales.x;
    const y = chart.scales.y;
    if (!m || !x || !y) return;
    const ctx = chart.ctx;
    const c = this.colors;
    const px = (v: number | null): number | null => (v === null || (m.log && v <= 0) ? null : x.getPixelForValue(Math.max(v, m.min)));
    const half = Math.max(6, Math.min(18, (y.getPixelForValue(1) - y.getPixelForValue(0)) * 0.22));
    ctx.save();
    for (const b of m.boxes) {
      const cy = y.getPixelForValue(b.index);
      const [lo, q1, med, q3, p95, hi] = [px(b.min), px(b.p25), px(b.p50), px(b.p75), px(b.p95), px(b.max)];
      ctx.strokeStyle = c.accent;
      ctx.lineWidth = 1;
      if (lo !== null && hi !== null) {
        ctx.beginPath();
        ctx.moveTo(lo, cy);
        ctx.lineTo(hi, cy);
        ctx.moveTo(lo, cy - half / 2);
        ctx.lineTo(lo, cy + half / 2);
        ctx.moveTo(hi, cy - half / 2);
        ctx.lineTo(hi, cy + half / 2);
        ctx.stroke();
      }
      if (q1 !== null && q3 !== null) {
        ctx.fillStyle = withAlpha(c.accent, 0.3);
        ctx.fillRect(q1, cy - half, Math.max(1, q3 - q1), half * 2);
        ctx.strokeRect(q1, cy - half, Math.max(1, q3 - q1), half * 2);
      }
      if (med !== null) {
        ctx.lineWidth = 3;
        ctx.beginPath();
        ctx.moveTo(med, cy - half);
        ctx.lineTo(med, cy + half);
        ctx.stroke();
      }
      if (p95 !== null) {
        ctx.lineWidth = 2;
        ctx.setLineDash([3, 2]);
        ctx.beginPath();
        ctx.moveTo(p95, cy - half * 0.75);
        ctx.lineTo(p95, cy + half * 0.75);
        ctx.stroke();
        ctx.setLineDash([]);
      }
    }
    ctx.restore();
  }

  update(model: TimingChartModel): void {
    this.model = model;
    const o = this.chart.options;
    const xs = o.scales!.x!;
    (xs as { type: string }).type = model.log ? 'logarithmic' : 'linear';
    xs.min = model.min;
    xs.max = model.max;
    xs.ticks = xs.ticks ?? {};
    xs.ticks.maxRotation = 0;
    xs.ticks.callback = (v: number | string) => {
      const n = Number(v);
      if (!model.log) return formatSeconds(n).replace(' s', '');
      // Log axis: label the powers of ten only.
      const l = Math.log10(n);
      return Math.abs(l - Math.round(l)) < 1e-9 ? (n >= 1 ? groupDigits(n) : String(n)) : '';
    };
    if (xs.title) xs.title.text = `Processing time (seconds${model.log ? ', log scale' : ''})`;
    const ys = o.scales!.y!;
    ys.min = -0.6;
    ys.max = Math.max(0, model.types.length - 1) + 0.6;
    this.chart.data.datasets = [
      { label: 'Failed calculations', data: model.points, backgroundColor: this.colors.failed, borderColor: this.colors.contrastBorder || this.colors.failed, borderWidth: 1 },
    ];
    this.chart.update('none');
  }

  destroy(): void {
    this.stopTheme();
    this.chart.destroy();
  }
}

// ---------------------------------------------------------------------------------------------

export class TrendChart {
  private readonly chart: Chart<'line', TrendChartPoint[]>;
  private readonly stopTheme: () => void;
  private colors!: ChartColors;
  private step = 86_400_000;

  constructor(
    canvas: HTMLCanvasElement,
    private readonly onRun: (p: TrendChartPoint) => void,
  ) {
    const point = (ctx: ScriptableContext<'line'>): TrendChartPoint | undefined => ctx.raw as TrendChartPoint | undefined;
    const color = (ctx: ScriptableContext<'line'>): string => {
      const p = point(ctx);
      return p?.failed ? (p.status === 'timeout' ? this.colors.timeout : this.colors.failed) : this.colors.success;
    };
    this.chart = new Chart<'line', TrendChartPoint[]>(canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        ...CHART_BASE,
        parsing: false,
        layout: { padding: { top: 6, right: 12 } },
        elements: {
          line: { tension: 0, borderWidth: 1.5 },
          point: {
            radius: (ctx: ScriptableContext<'line'>) => (point(ctx)?.failed ? 6 : 3.5),
            hoverRadius: 8,
            hitRadius: 6,
            pointStyle: (ctx: ScriptableContext<'line'>) => (point(ctx)?.failed ? 'rectRot' : 'circle'),
            backgroundColor: color,
            borderColor: (ctx: ScriptableContext<'line'>) => this.colors.contrastBorder || color(ctx),
          },
        },
        scales: {
          x: {
            type: 'linear',
            title: { display: true, text: 'Run start (UTC)' },
            afterBuildTicks: (scale) => {
              const t = timeTicks(scale.min, scale.max, Math.max(2, Math.floor((scale.width || 600) / 110)));
              this.step = t.step;
              scale.ticks = t.ticks.map((value) => ({ value }));
            },
            ticks: { callback: (v) => formatTimeTick(Number(v), this.step), maxRotation: 0, autoSkip: false },
          },
          y: { beginAtZero: true, title: { display: true, text: 'Duration (minutes)' } },
        },
        plugins: {
          tooltip: {
            displayColors: false,
            callbacks: {
              title: (items) => (items[0] ? `${formatIso(new Date((items[0].raw as TrendChartPoint).x).toISOString())} UTC` : ''),
              label: (item) => {
                const p = item.raw as TrendChartPoint;
                return [`${p.status} after ${formatDuration(p.y * 60_000)}`, p.failed ? 'click: compare with the last success' : 'click: open the timeline'];
              },
            },
          },
        },
        onClick: (_e, els) => {
          const el = els[0];
          const p = el ? this.chart.data.datasets[el.datasetIndex]?.data[el.index] : undefined;
          if (p) this.onRun(p);
        },
        onHover: pointer(canvas),
      },
    });
    this.stopTheme = followTheme(this.chart as unknown as Chart, (c) => {
      this.colors = c;
      for (const ds of this.chart.data.datasets) ds.borderColor = withAlpha(c.muted, 0.8);
    });
  }

  update(m: TrendModel): void {
    const x = this.chart.options.scales!.x!;
    x.min = m.min;
    x.max = m.max;
    this.chart.data.datasets = [{ label: 'Run duration', data: m.points, borderColor: withAlpha(this.colors.muted, 0.8) }];
    this.chart.update('none');
  }

  destroy(): void {
    this.stopTheme();
    this.chart.destroy();
  }
}
