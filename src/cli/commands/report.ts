import { UserError } from '../../db/db';
import { requireUuid } from '../../engine/analyses';
import { resolveReportFolder, saveBookmarkToReport } from '../../engine/pbip';
import { bookmark, rcaNote, reportUrl, resolveSubject } from '../../engine/reports';
import { NAME, need, str } from '../args';
import type { CliCommand } from '../command';
import { powerBi } from '../connect';
import { cliLogSources, marginFlag } from '../logSources';

export const reportCommand: CliCommand = {
  name: 'report',
  usage: [
    '  report ID --format markdown|bookmark|url     RCA note, Power BI bookmark or report URL',
    '      [--pbip DIR]                             (bookmark: also save it into that PBIP report / project)',
  ],
  validate(args) {
    requireUuid(need(args.positionals, 1, 'report ID --format markdown|bookmark|url')[0]);
    const f = str(args.flags, 'format') ?? 'markdown';
    if (!['markdown', 'bookmark', 'url'].includes(f)) throw new UserError(`--format: expected markdown, bookmark or url, got '${f}'`);
    const into = str(args.flags, 'pbip');
    if (into !== undefined) {
      if (f !== 'bookmark') throw new UserError('--pbip goes with --format bookmark');
      resolveReportFolder(into);
    }
  },
  alwaysJson: (args) => str(args.flags, 'format') === 'bookmark',
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
    if (format === 'url') return { text: reportUrl(subject, settings) };
    const b = bookmark(subject, settings);
    const into = str(args.flags, 'pbip');
    if (into) io.err(`${NAME}: bookmark saved: ${saveBookmarkToReport(into, b.name, b.json)}`);
    return { text: JSON.stringify(b.json, null, 2) };
  },
};
