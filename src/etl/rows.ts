/**
 * The rows the ETL extracts from production (sql/etl/extract_*.sql), and what the column
 * builders of the table specs (tables.ts) apply to personal data. Types only, and the
 * privacy mapper: no database here.
 */
import type { SrcCalc, SrcSave, SrcScenario } from '../core/events';
import { userMapper, type PrivacyOptions } from '../core/privacy';
import type { Iso } from '../core/types';

export interface ExtractedNode {
  node_id: string;
  model_id: string;
  model_name: string;
  disease_area: string | null;
  therapeutic_area: string | null;
  node_name: string;
  node_type: string;
  node_group_name: string | null;
  node_seq: number | null;
}

export interface ExtractedScenario extends SrcScenario {
  model_name: string;
  disease_area: string | null;
  therapeutic_area: string | null;
  is_starter: boolean;
  scenario_start_year: number | null;
  scenario_end_year: number | null;
  forecast_init_id: string | null;
  scenario_region: string | null;
  scenario_country: string | null;
}

/** A node calc as extracted, with its run's start (the month the calc belongs to). */
export interface ExtractedCalc extends SrcCalc {
  run_at: Iso;
}

/**
 * A save as extracted: input_data kept as JSON text (never parsed on the way through);
 * previous_data, the previous save's, only when input values are withheld (for the paths).
 */
export interface ExtractedSave extends SrcSave {
  input_data: string | null;
  previous_data?: string | null;
}

/** A user of dim_user: first and last time seen (accumulated by transform.UserSeen). */
export interface SeenUser {
  user: string;
  first: Iso;
  last: Iso;
}

/** One array per column, in the spec's column order: what `unnest($1::…[], …)` and COPY take. */
export type Columns = unknown[][];

/**
 * What the column builders apply to personal data (src/core/privacy.ts): every user column
 * through `user`, and the saves' values replaced by the paths they changed.
 */
export interface RowPrivacy {
  user: (u: string | null) => string | null;
  withholdInputValues: boolean;
}

/** A plain copy: user ids and values as they are. */
export const PLAIN: RowPrivacy = { user: (u) => u, withholdInputValues: false };

export function rowPrivacy(p: PrivacyOptions | undefined): RowPrivacy {
  return p?.pseudonymKey || p?.withholdInputValues ? { user: userMapper(p.pseudonymKey), withholdInputValues: !!p.withholdInputValues } : PLAIN;
}
