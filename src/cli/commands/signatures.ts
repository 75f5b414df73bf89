import { need } from '../args';
import { usageLine, type CliCommand } from '../command';
import { table, when } from '../format';
import { ENGINE_OPTIONS, optionList, SINCE, value } from '../options';

const SYNOPSIS = 'signatures [--since ISO]';

export const signaturesCommand: CliCommand = {
  name: 'signatures',
  usage: [usageLine(SYNOPSIS, 'failure texts grouped by error signature')],
  options: optionList(SINCE, ENGINE_OPTIONS),
  validate(args) {
    need(args.positionals, 0, SYNOPSIS);
  },
  needs: 'engine',
  async run({ args, engine }) {
    const rows = await engine.primary.signatures(value(args, SINCE));
    return {
      json: rows,
      human: () =>
        rows.length === 0
          ? 'no failed runs'
          : table(
              rows.map((s) => [String(s.count), s.category, s.signature, String(s.scenario_ids.length), when(s.last_seen)]),
              ['count', 'category', 'signature', 'scenarios', 'last seen'],
            ),
    };
  },
};
