import { UserError } from '../../core/errors';
import { requireUuid } from '../../engine/analyses';
import { resolveReportFolder, saveBookmarkToReport } from '../../engine/pbip';
import { bookmark, rcaNote, reportUrl, resolveSubject } from '../../engine/reports';
import { NAME, need } from '../args';
import type { CliCommand } from '../command';
import { powerBi } from '../connect';
import { cliLogSources, marginFlag } from '../logSources';
import { choice, ENGINE_OPTIONS, LOG_SOURCE_OPTIONS, MARGIN, optionList, POWER_BI_OPTIONS, text, value } from '../options';

const FORMAT = choice('format', ['markdown', 'bookmark', 'url'], 'an RCA note (default), a Power BI bookmark, or a filtered report URL');
const PBIP = text('pbip', 'DIR', 'bookmark: also save it into that PBIP report / project');

export const reportCommand: CliCommand = {
  name: 'report',
  usage: [
    '  report ID --format markdown|bookmark|url     RCA note, Power BI bookmark or report URL',
    '      [--pbip DIR]                             (bookmark: also save it into that PBIP report / project)',
  ],
  options: optionList(FORMAT, PBIP, POWER_BI_OPTIONS, LOG_SOURCE_OPTIONS, MARGIN, ENGINE_OPTIONS),
  validate(args) {
    requireUuid(need(args.positionals, 1, 'report ID --format markdown|bookmark|url')[0]);
    const into = value(args, PBIP);
    if (into !== undefined) {
      if (value(args, FORMAT) !== 'bookmark') throw new UserError('--pbip goes with --format bookmark');
      resolveReportFolder(into);
    }
  },
  alwaysJson: (args) => value(args, FORMAT) === 'bookmark',
  needs: 'engine',
  async run({ args, io, conns, engine }) {
    const id = args.positionals[0];
    const format = value(args, FORMAT) ?? 'markdown';
    const settings = powerBi(args, io.env);
    if (format === 'markdown') {
      const logs = { sources: await cliLogSources(args, conns, io), marginMinutes: marginFlag(args, io) };
      return { text: await engine.read((x) => rcaNote(x, id, { powerBi: settings, cliName: NAME, logs })) };
    }
    const subject = await engine.read((x) => resolveSubject(x, id));
    if (format === 'url') return { text: reportUrl(subject, settings) };
    const b = bookmark(subject, settings);
    const into = value(args, PBIP);
    if (into) io.err(`${NAME}: bookmark saved: ${saveBookmarkToReport(into, b.name, b.json)}`);
    return { text: JSON.stringify(b.json, null, 2) };
  },
};
