import { UserError } from '../../db/db';
import { requireUuid } from '../../engine/analyses';
import { bookmark, rcaNote, reportUrl, resolveSubject } from '../../engine/reports';
import { NAME, need, str } from '../args';
import type { CliCommand } from '../command';
import { powerBi } from '../connect';
import { cliLogSources, marginFlag } from '../logSources';

export const reportCommand: CliCommand = {
  name: 'report',
  usage: ['  report ID --format markdown|bookmark|url     RCA note, Power BI bookmark or report URL'],
  validate(args) {
    requireUuid(need(args.positionals, 1, 'report ID --format markdown|bookmark|url')[0]);
    const f = str(args.flags, 'format') ?? 'markdown';
    if (!['markdown', 'bookmark', 'url'].includes(f)) throw new UserError(`--format: expected markdown, bookmark or url, got '${f}'`);
  },
  needs: 'engine',
  async run({ args, io, conns, engine }) {
    const id = args.positionals[0];
    const format = str(args.flags, 'format') ?? 'markdown';
    const settings = powerBi(args, io.env);
    if (format === 'markdown') {
      const logs = { sources: await cliLogSources(args, conns, io), marginMinutes: marginFlag(args, io) };
      return { text: await engine.read((x) => rcaNote(x, id, { powerBi: settings, cliName: NAME, logs })) };
    }
    const subject = await engine.read((x) => resolveSubject(x, id));
    return { text: format === 'url' ? reportUrl(subject, settings) : JSON.stringify(bookmark(subject, settings).json, null, 2) };
  },
};
