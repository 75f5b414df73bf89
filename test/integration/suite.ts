/** The seeded databases of a test suite, opened and closed by its hooks. */
import { runEtl, type EtlOptions } from '../../src/etl/etl';
import { seededDbs, type TestDbs } from './setup';

/**
 * The seeded databases of the enclosing `describe`: opened by a `before` hook (then, given
 * `etl`, loaded by a full ETL with those options) and closed by an `after` hook. Its fields
 * read the open databases: use them in hooks and tests.
 */
export function suiteDbs(etl?: Partial<EtlOptions>): TestDbs {
  let dbs: TestDbs | undefined;
  before(async () => {
    dbs = await seededDbs();
    if (etl) await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full', ...etl });
  });
  after(() => dbs?.close());
  const open = (): TestDbs => {
    if (!dbs) throw new Error('the suite databases are not open (outside a hook or test?)');
    return dbs;
  };
  return {
    get prod() {
      return open().prod;
    },
    get reporting() {
      return open().reporting;
    },
    get url() {
      return open().url;
    },
    get reportingUrl() {
      return open().reportingUrl;
    },
    close: () => open().close(),
  };
}
