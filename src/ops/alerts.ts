/**
 * Alerts of `serve`: incidents (two failed ETL runs in a row, stale data, a health check
 * turning critical, a reconciliation difference, a day's row growth off its average, an ETL
 * run over its duration target) become one POST to an incoming webhook
 * when they open and one "resolved" POST when they clear. The JSON works for Slack
 * (`text`) and Microsoft Teams incoming webhooks (`text` plus MessageCard fields), and
 * carries the same facts in `clearsight` for other receivers.
 */
import { hostname } from 'node:os';

export type AlertEvent = 'alert' | 'resolved';

export interface AlertPayload {
  text: string;
  '@type': 'MessageCard';
  '@context': 'https://schema.org/extensions';
  summary: string;
  title: string;
  themeColor: string;
  sections: Array<{ facts: Array<{ name: string; value: string }> }>;
  clearsight: { event: AlertEvent; incident: string; message: string; since: string; at: string; host: string; source: string };
}

export type PostJson = (url: string, body: unknown) => Promise<void>;

/** POST with a timeout; a non-2xx answer is an error. The URL (a secret for Slack) is never in the message. */
export const postJson: PostJson = async (url, body) => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  await res.arrayBuffer().catch(() => undefined);
  if (!res.ok) throw new Error(`the webhook answered HTTP ${res.status}`);
};

const TITLES: Record<string, string> = {
  etl_failures: 'ETL failing',
  stale_data: 'reporting data stale',
  verify_difference: 'reporting differs from production',
  row_count_growth: 'row-count growth off its average',
  etl_duration: 'ETL slower than its target',
};

export function incidentTitle(key: string): string {
  if (TITLES[key]) return TITLES[key];
  if (key.startsWith('health_critical:')) return `health critical: ${key.slice('health_critical:'.length)}`;
  return key;
}

export function alertPayload(event: AlertEvent, incident: string, message: string, since: string, at: string, source: string): AlertPayload {
  const title = `ClearSight RCA ${event === 'alert' ? 'alert' : 'resolved'}: ${incidentTitle(incident)}`;
  const host = hostname();
  const text = event === 'alert' ? `🔴 ${title} — ${message} (${source}, since ${since})` : `✅ ${title} — ${message} (${source}, open since ${since})`;
  return {
    text,
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    summary: title,
    title,
    themeColor: event === 'alert' ? 'D13438' : '2EB886',
    sections: [
      {
        facts: [
          { name: 'Incident', value: incident },
          { name: 'Detail', value: message },
          { name: 'Since', value: since },
          { name: 'Reporting database', value: source },
          { name: 'Host', value: host },
        ],
      },
    ],
    clearsight: { event, incident, message, since, at, host, source },
  };
}

interface Incident {
  message: string;
  since: string;
  /** The alert went out (else it is sent again at the next update). */
  alerted: boolean;
}

export interface AlerterOptions {
  webhook: string | null;
  /** Where the data is (a label, never a password), named in each message. */
  source: string;
  log: (event: Record<string, unknown>) => void;
  now: () => string;
  post?: PostJson;
}

export class Alerter {
  private readonly open = new Map<string, Incident>();
  private readonly post: PostJson;

  constructor(private readonly options: AlerterOptions) {
    this.post = options.post ?? postJson;
  }

  /** The incidents open now (key → message). */
  get incidents(): ReadonlyMap<string, string> {
    return new Map([...this.open].map(([k, v]) => [k, v.message]));
  }

  /**
   * The problems present now (incident key → message). New ones are alerted once, those no
   * longer present are resolved once; `unknown` keys (a source that could not be checked)
   * stay as they are.
   */
  async update(problems: ReadonlyMap<string, string>, unknown: (key: string) => boolean = () => false): Promise<void> {
    const at = this.options.now();
    for (const [key, message] of problems) {
      const known = this.open.get(key);
      if (!known) {
        this.open.set(key, { message, since: at, alerted: false });
        this.options.log({ event: 'incident_opened', incident: key, message });
      } else known.message = message;
    }
    for (const [key, incident] of [...this.open]) {
      if (problems.has(key)) {
        if (!incident.alerted) incident.alerted = await this.send('alert', key, incident, at);
        continue;
      }
      if (unknown(key)) continue;
      // Cleared: resolved once (an alert that never went out needs no resolution).
      if (!incident.alerted || (await this.send('resolved', key, incident, at))) {
        this.open.delete(key);
        this.options.log({ event: 'incident_resolved', incident: key });
      }
    }
  }

  private async send(event: AlertEvent, key: string, incident: Incident, at: string): Promise<boolean> {
    if (!this.options.webhook) return true;
    const message = event === 'alert' ? incident.message : `cleared (was: ${incident.message})`;
    try {
      await this.post(this.options.webhook, alertPayload(event, key, message, incident.since, at, this.options.source));
      this.options.log({ event: event === 'alert' ? 'alert_sent' : 'resolved_sent', incident: key });
      return true;
    } catch (err) {
      this.options.log({ event: 'alert_failed', incident: key, alert: event, error: err instanceof Error ? err.message : String(err) });
      return false;
    }
  }
}
