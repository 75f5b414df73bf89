/**
 * Where analyses read, shared by the CLI and the extension: the reporting schema when it
 * is loaded (indexed facts), else production. In `auto` mode an id the reporting schema
 * does not know yet (newer than the last ETL) is looked up in production as well.
 */
import type { RunInfo } from '../core/types';
import { NotFoundError, UserError } from '../core/errors';
import type { Db } from '../db/db';
import { reportingVersion } from '../etl/migrate';
import { Analyses } from './analyses';

export type SourceChoice = 'prod' | 'reporting' | 'auto';

export class Engine {
  constructor(
    readonly primary: Analyses,
    readonly fallback: Analyses | null,
  ) {}

  /** Picks the sources for `choice`; `reporting` may be the same Db as `prod` (demo). */
  static async create(prod: Db, reporting: Db | null, choice: SourceChoice = 'auto'): Promise<Engine> {
    const p = new Analyses(prod, 'prod');
    if (choice === 'prod' || !reporting) {
      if (choice === 'reporting') throw new UserError('the reporting source needs a reporting database');
      return new Engine(p, null);
    }
    const v = await reportingVersion(reporting);
    if (v.current === 0) {
      if (choice === 'reporting') throw new UserError(`no reporting schema on ${reporting.label}: run the ETL first`);
      return new Engine(p, null);
    }
    return new Engine(new Analyses(reporting, 'reporting'), choice === 'auto' ? p : null);
  }

  /** Runs `fn` on the primary source; an unknown id there is tried on the fallback. */
  async read<T>(fn: (a: Analyses) => Promise<T>): Promise<T> {
    try {
      return await fn(this.primary);
    } catch (err) {
      if (this.fallback && err instanceof NotFoundError) return fn(this.fallback);
      throw err;
    }
  }

  async runInfo(id: string): Promise<RunInfo> {
    const info = await this.primary.runInfo(id);
    if (info.kind === 'unknown' && this.fallback) return this.fallback.runInfo(id);
    return info;
  }
}
