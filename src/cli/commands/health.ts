import { exitCodeOf, type HealthReport } from '../../core/health';
import { UserError } from '../../db/db';
import { checkHealth } from '../../ops/health';
import { intFlag, need } from '../args';
import type { CliCommand } from '../command';

function printHealth(h: HealthReport): string {
  return [`health: ${h.status}`, ...h.checks.map((c) => `  ${c.status.padEnd(8)} ${c.name}: ${c.detail}`)].join('\n');
}

export const healthCommand: CliCommand = {
  name: 'health',
  usage: ['  health [--max-age MIN]                       data age, failed runs, duration, row counts; exit 0/1/2'],
  validate(args) {
    need(args.positionals, 0, 'health [--max-age MIN]');
    intFlag(args.flags, 'max-age', 1, 10_080);
  },
  needs: 'databases',
  async run({ args, conns }) {
    if (!conns.reporting) throw new UserError('health needs --reporting URL (or CLEARSIGHT_REPORTING_URL, or --demo)');
    const report = await checkHealth(conns.reporting, { maxAgeMinutes: intFlag(args.flags, 'max-age', 1, 10_080) });
    return { json: report, human: () => printHealth(report), exitCode: exitCodeOf(report.status) };
  },
};
