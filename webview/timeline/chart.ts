/**
 * The timeline chart: a chart.js scatter, x = time (ms since the epoch, linear axis with
 * our own UTC ticks, no date adapter), y = lane. Only the pieces used are registered, so
 * the bundle carries no other chart types. Colours come from the theme's CSS variables and
 * follow theme changes.
 */
import { Chart, LinearScale, PointElement, ScatterController, Tooltip, type ChartEvent, type ActiveElement, type ScriptableContext } from 'chart.js';
import { CHART_BASE, followTheme, readChartColors, type ChartColors } from '../common/chartTheme';
import { cssVar } from '../common/theme';
import { formatIso } from '../common/format';
import { LANES, formatTimeTick, timeTicks, type ChartModel, type ChartPoint, type LaneId } from './model';

Chart.register(ScatterController, PointElement, LinearScale, Tooltip);

/** The shared chart theme plus the timeline's lane colours. */
interface Colors extends ChartColors {
  lanes: Record<LaneId, string>;
  failure: string;
}

function withLanes(c: ChartColors): Colors {
  return {
    ...c,
    lanes: { lifecycle: c.accent, inputs: cssVar('--vscode-charts-yellow', '#cca700'), runs: c.success, nodes: c.timeout },
    failure: c.failed,
  };
}

type PointCtx = ScriptableContext<'scatter'>;

export interface ChartHooks {
  onSelect(key: string): void;
  /** Tooltip lines of an event. */
  describe(key: string): string[];
}

export class TimelineChart {
  private readonly chart: Chart<'scatter', ChartPoint[]>;
  private colors = withLanes(readChartColors());
  private step = 60_000;
  private selected: string | null = null;
  private readonly stopTheme: () => void;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly hooks: ChartHooks,
  ) {
    const point = (ctx: PointCtx): ChartPoint => ctx.raw as ChartPoint;
    const color = (ctx: PointCtx): string => {
      const p = point(ctx);
      return p?.failure ? this.colors.failure : this.colors.lanes[LANES[p?.y ?? 0]?.id ?? 'runs'];
    };
    this.chart = new Chart<'scatter', ChartPoint[]>(canvas, {
      type: 'scatter',
      data: { datasets: [] },
      options: {
        ...CHART_BASE,
        parsing: false,
        normalized: true,
        layout: { padding: { top: 6, right: 12, bottom: 0, left: 4 } },
        elements: {
          point: {
            radius: (ctx: PointCtx) => (point(ctx)?.key === this.selected ? 8 : point(ctx)?.failure ? 6 : 3.5),
            hoverRadius: (ctx: PointCtx) => (point(ctx)?.failure ? 8 : 6),
            hitRadius: 5,
            pointStyle: (ctx: PointCtx) => (point(ctx)?.failure ? 'rectRot' : 'circle'),
            backgroundColor: color,
            borderColor: (ctx: PointCtx) =>
              point(ctx)?.key === this.selected ? this.colors.focus : this.colors.contrastBorder || color(ctx),
            borderWidth: (ctx: PointCtx) => (point(ctx)?.key === this.selected ? 3 : this.colors.contrastBorder ? 1 : 0),
          },
        },
        scales: {
          x: {
            type: 'linear',
            title: { display: true, text: 'Time (UTC)' },
            afterBuildTicks: (scale) => {
              const max = Math.max(2, Math.floor((scale.width || 600) / 120));
              const t = timeTicks(scale.min, scale.max, max);
              this.step = t.step;
              scale.ticks = t.ticks.map((value) => ({ value }));
            },
            ticks: { callback: (v) => formatTimeTick(Number(v), this.step), maxRotation: 0, autoSkip: false },
          },
          y: {
            type: 'linear',
            min: -0.5,
            max: LANES.length - 0.5,
            reverse: true,
            afterBuildTicks: (scale) => {
              scale.ticks = LANES.map((_, value) => ({ value }));
            },
            ticks: { callback: (v) => LANES[Number(v)]?.label ?? '' },
          },
        },
        plugins: {
          tooltip: {
            displayColors: false,
            callbacks: {
              title: (items) => (items[0] ? `${formatIso(new Date((items[0].raw as ChartPoint).x).toISOString())} UTC` : ''),
              label: (item) => this.hooks.describe((item.raw as ChartPoint).key),
            },
          },
        },
        onClick: (_e: ChartEvent, els: ActiveElement[]) => {
          const el = els[0];
          if (!el) return;
          const p = this.chart.data.datasets[el.datasetIndex]?.data[el.index];
          if (p) this.hooks.onSelect(p.key);
        },
        onHover: (_e: ChartEvent, els: ActiveElement[]) => {
          this.canvas.style.cursor = els.length > 0 ? 'pointer' : 'default';
        },
      },
    });
    this.stopTheme = followTheme(this.chart as unknown as Chart, (c) => {
      this.colors = withLanes(c);
    });
  }

  update(model: ChartModel, selected: string | null): void {
    this.selected = selected;
    this.chart.data.datasets = model.lanes.map((l) => ({ label: l.label, data: l.points }));
    const x = this.chart.options.scales!.x!;
    x.min = model.min;
    x.max = model.max;
    x.ticks!.display = !model.empty;
    this.chart.update('none');
  }

  highlight(selected: string | null): void {
    this.selected = selected;
    this.chart.update('none');
  }

  destroy(): void {
    this.stopTheme();
    this.chart.destroy();
  }
}
