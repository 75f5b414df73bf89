import { exitCodeOf, type HealthMetric, type HealthReport } from '../../core/health';
import { checkHealth } from '../../ops/health';
import { need } from '../args';
import type { CliCommand } from '../command';
import { connectReporting } from '../connect';
import { CONNECTION_OPTIONS, MAX_AGE, optionList, value } from '../options';

/** A metric's measure in its unit ('n/a' before there is one). */
function measure(m: HealthMetric): string {
  if (m.value === null) return 'n/a';
  switch (m.unit) {
    case 'percent':
      return `${m.value.toFixed(1)} %`;
    case 'percent_deviation':
      return `${m.value >= 0 ? '+' : ''}${m.value.toFixed(1)} %`;
    case 'minutes':
      return `${m.value < 10 ? m.value.toFixed(1) : Math.round(m.value)} min`;
    case 'seconds':
      return `${m.value < 10 ? m.value.toFixed(1) : Math.round(m.value)} s`;
  }
}

function printHealth(h: HealthReport): string {
  const r = h.success_rate;
  const rate =
    r.rate === null
      ? `  etl success rate: no finished run in the last ${r.window}`
      : `  etl success rate: ${(r.rate * 100).toFixed(1)}% (${r.succeeded} of ${r.succeeded + r.failed} runs since ${r.since}${r.cancelled ? `; ${r.cancelled} cancelled` : ''}; window: the last ${r.window} runs)`;
  const metrics = (h.metrics ?? []).map((m) => `  ${m.status.padEnd(8)} ${m.name}: ${measure(m)} (target ${m.target}); ${m.detail}`);
  return [`health: ${h.status}`, ...h.checks.map((c) => `  ${c.status.padEnd(8)} ${c.name}: ${c.detail}`), ...(metrics.length ? ['  the design\'s metrics:', ...metrics] : []), rate].join('\n');
}

export const healthCommand: CliCommand = {
  name: 'health',
  usage: [
    '  health [--max-age MIN]                       data age, failed runs, duration, row counts; exit 0/1/2',
    '                                               (reads --reporting only; with the ETL success rate)',
  ],
  options: optionList(MAX_AGE, CONNECTION_OPTIONS),
  validate(args) {
    need(args.positionals, 0, 'health [--max-age MIN]');
  },
  // It reads the reporting schema only: --reporting alone will do (production is not opened).
  needs: 'nothing',
  async run({ args, io }) {
    const { reporting, close } = await connectReporting(args, io);
    try {
      const report = await checkHealth(reporting, { maxAgeMinutes: value(args, MAX_AGE) });
      return { json: report, human: () => printHealth(report), exitCode: exitCodeOf(report.status) };
    } finally {
      await close();
    }
  },
};
