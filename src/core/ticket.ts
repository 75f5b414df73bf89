/**
 * "Open Ticket…": an RCA note into a ticket system's create-issue URL.
 *
 * The template (`clearsight.ticket.urlTemplate`) is a URL with `{title}` and `{body}`
 * placeholders, each replaced by its value percent-encoded as a URL component (UTF-8).
 * Browsers and ticket systems refuse very long URLs (GitHub answers 414 past about 8 KB),
 * so the body is cut to fit `maxUrlLength`: on a character boundary (never inside a
 * percent-escape or a multi-byte character: the text is cut first, then encoded),
 * preferably at the end of a line, followed by a line saying the whole note is on the
 * clipboard. Pure: no vscode, no I/O.
 */

/** The default ceiling of the URL's length, in characters (ASCII after encoding). */
export const DEFAULT_TICKET_URL_LENGTH = 8000;

/** The line that replaces what was cut. */
export const TRUNCATION_LINE = '\n\n… (cut to fit the link: the whole RCA note is on the clipboard, paste it here)';

export interface TicketUrl {
  url: string;
  /** The body was cut to fit. */
  truncated: boolean;
  /** Characters of the note that went into the link (code points). */
  bodyChars: number;
}

export interface TicketTemplateExamples {
  github: string;
  gitlab: string;
  jira: string;
}

/** Examples for the README and the setting's description. */
export const TICKET_TEMPLATE_EXAMPLES: TicketTemplateExamples = {
  github: 'https://github.com/OWNER/REPO/issues/new?title={title}&body={body}',
  gitlab: 'https://gitlab.com/GROUP/PROJECT/-/issues/new?issue[title]={title}&issue[description]={body}',
  jira: 'https://JIRA.example.com/secure/CreateIssueDetails!init.jspa?pid=10000&issuetype=10004&summary={title}&description={body}',
};

/** Why a template cannot be used, or null when it can. */
export function ticketTemplateProblem(template: string): string | null {
  const t = template.trim();
  if (!t) return 'no ticket URL template is set (clearsight.ticket.urlTemplate)';
  if (!/^https?:\/\//i.test(t)) return `the ticket URL template must start with https:// or http:// (got '${t.slice(0, 60)}')`;
  if (!t.includes('{body}') && !t.includes('{title}')) return 'the ticket URL template has neither {title} nor {body}: nothing of the note would reach the ticket';
  const rest = t.replace(/\{title\}|\{body\}/g, '');
  try {
    new URL(rest);
  } catch {
    return `the ticket URL template is not a URL once {title} and {body} are filled in (got '${t.slice(0, 60)}')`;
  }
  return null;
}

/** encodeURIComponent, and the few characters it leaves that some ticket systems mis-read in a query. */
export function encodeComponent(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function fill(template: string, title: string, body: string): string {
  // One pass, so a value that contains "{body}" is never replaced again.
  return template.replace(/\{title\}|\{body\}/g, (m) => (m === '{title}' ? title : body));
}

/**
 * The ticket URL for a title and a body. The title is kept whole up to 200 characters
 * (a longer one is cut at a character boundary with "…"); the body is cut to fit.
 * Throws when the template is unusable, or when even an empty body does not fit.
 */
export function ticketUrl(template: string, title: string, body: string, maxUrlLength = DEFAULT_TICKET_URL_LENGTH): TicketUrl {
  const problem = ticketTemplateProblem(template);
  if (problem) throw new Error(problem);
  const t = template.trim();
  const titleChars = Array.from(title.replace(/\s+/g, ' ').trim());
  const shortTitle = titleChars.length > 200 ? `${titleChars.slice(0, 199).join('')}…` : titleChars.join('');
  const encTitle = encodeComponent(shortTitle);
  const whole = fill(t, encTitle, encodeComponent(body));
  const bodyCount = Array.from(body).length;
  if (whole.length <= maxUrlLength || !t.includes('{body}')) return { url: whole, truncated: false, bodyChars: bodyCount };

  const chars = Array.from(body); // code points: a cut never splits a surrogate pair
  const suffix = encodeComponent(TRUNCATION_LINE);
  const occurrences = t.split('{body}').length - 1;
  const fixed = fill(t, encTitle, '').length + occurrences * suffix.length;
  const budget = maxUrlLength - fixed;
  if (budget < 0) throw new Error(`the ticket URL template and title alone are longer than ${maxUrlLength} characters`);
  // Each body occurrence carries the encoded prefix: the longest prefix whose encoding fits.
  const per = Math.floor(budget / occurrences);
  // Encoded length of every prefix, computed once (a character encodes to 1–12 ASCII characters).
  let used = 0;
  let n = 0;
  while (n < chars.length) {
    const next = encodeComponent(chars[n]).length;
    if (used + next > per) break;
    used += next;
    n++;
  }
  // Prefer ending on a line: step back to the last newline if it costs at most a fifth.
  const lastBreak = chars.lastIndexOf('\n', n - 1);
  const cut = lastBreak > 0 && lastBreak >= n * 0.8 ? lastBreak : n;
  const kept = chars.slice(0, cut).join('').replace(/\s+$/, '');
  return { url: fill(t, encTitle, encodeComponent(kept) + suffix), truncated: true, bodyChars: Array.from(kept).length };
}

/** The ticket's title for a failed run or a scenario: "RCA: <scenario> — <what failed>". */
export function ticketTitle(o: { scenarioName: string; runId?: string | null; status?: string | null; category?: string | null; environment?: string | null }): string {
  const what = o.runId ? `run ${o.runId.slice(0, 8)} ${o.status ?? ''}`.trim() : 'scenario';
  const cat = o.category ? ` (${o.category})` : '';
  const env = o.environment ? ` [${o.environment}]` : '';
  return `RCA: ${o.scenarioName} — ${what}${cat}${env}`;
}
