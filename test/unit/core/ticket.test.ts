/** Open Ticket…: the create-issue URL, its encoding and the cut that makes it fit (issue 13). */
import assert from 'node:assert/strict';
import { encodeComponent, ticketTemplateProblem, ticketTitle, ticketUrl, TICKET_TEMPLATE_EXAMPLES, TRUNCATION_LINE } from '../../../src/core/ticket';

const GITHUB = 'https://github.com/acme/forecast/issues/new?title={title}&body={body}';

/** The body parameter of a URL, decoded (throws if any escape was cut). */
function bodyOf(url: string, name = 'body'): string {
  const value = new URL(url).searchParams.get(name);
  assert.ok(value !== null, `no ${name} parameter in ${url.slice(0, 80)}`);
  return value;
}

describe('ticket URL (Open Ticket…)', () => {
  it('fills {title} and {body} with UTF-8 percent-encoding; a short note goes whole', () => {
    const note = '# RCA: Q3 Oncology — run 1f2e3d4c failed\n\n**Likely cause:** `discount` = 4.5 (was 0.15) & "margin" 100%\n';
    const r = ticketUrl(GITHUB, 'RCA: Q3 Oncology — run 1f2e3d4c failed', note);
    assert.equal(r.truncated, false);
    assert.equal(bodyOf(r.url), note);
    assert.equal(bodyOf(r.url, 'title'), 'RCA: Q3 Oncology — run 1f2e3d4c failed');
    assert.ok(r.url.startsWith('https://github.com/acme/forecast/issues/new?title=RCA%3A%20Q3%20Oncology%20%E2%80%94%20run'), r.url.slice(0, 120));
    // & # = ? never leak as separators: the URL has exactly the template's two parameters.
    assert.deepEqual([...new URL(r.url).searchParams.keys()], ['title', 'body']);
  });

  it("encodes the characters encodeURIComponent leaves (! ' ( ) *) too", () => {
    assert.equal(encodeComponent("a!b'c(d)e*f"), 'a%21b%27c%28d%29e%2Af');
  });

  it('a value holding "{body}" is not filled again', () => {
    const r = ticketUrl(GITHUB, 'title {body}', 'body {title}');
    assert.equal(bodyOf(r.url, 'title'), 'title {body}');
    assert.equal(bodyOf(r.url), 'body {title}');
  });

  it('cuts a long note to fit, at a line end, with the clipboard line; the URL stays within the limit', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `- input ${i}: value changed from ${i * 3} to ${i * 7} (evidence line)`);
    const note = lines.join('\n');
    const r = ticketUrl(GITHUB, 'RCA', note, 4000);
    assert.equal(r.truncated, true);
    assert.ok(r.url.length <= 4000, `length ${r.url.length}`);
    assert.ok(r.url.length > 3500, `the cut wastes no more than a fifth: ${r.url.length}`);
    const body = bodyOf(r.url);
    assert.ok(body.endsWith(TRUNCATION_LINE), body.slice(-120));
    const kept = body.slice(0, -TRUNCATION_LINE.length);
    assert.ok(note.startsWith(kept), 'what is kept is the start of the note');
    assert.ok(lines.includes(kept.split('\n').pop() ?? ''), `ends on a whole line: '${kept.split('\n').pop()}'`);
  });

  it('never cuts inside a multi-byte character or a percent-escape, at every limit', () => {
    // Two-, three- and four-byte UTF-8 (é, —, 日, 😀 is a surrogate pair in JS) with no newline to fall back on.
    const note = 'é—日😀x'.repeat(300);
    let cuts = 0;
    for (let limit = 300; limit <= 700; limit += 7) {
      const r = ticketUrl(GITHUB, 'T', note, limit);
      assert.ok(r.url.length <= limit, `limit ${limit}: length ${r.url.length}`);
      assert.ok(!/%[0-9A-F]?$/.test(r.url.split(encodeComponent(TRUNCATION_LINE))[0]), 'no half escape before the clipboard line');
      const body = bodyOf(r.url); // decoding throws on a cut escape or a lone byte
      assert.ok(!body.includes('\uFFFD'), 'no replacement character: no split sequence');
      const kept = body.slice(0, -TRUNCATION_LINE.length);
      assert.ok(note.startsWith(kept), `limit ${limit}: a prefix of the note`);
      assert.ok(!/[\uD800-\uDBFF]$/.test(kept), 'no lone high surrogate at the cut');
      cuts++;
    }
    assert.equal(cuts, 58);
  });

  it('a long title is cut at a character boundary with an ellipsis', () => {
    const r = ticketUrl(GITHUB, '😀'.repeat(250), 'b');
    const title = bodyOf(r.url, 'title');
    assert.equal(Array.from(title).length, 200);
    assert.ok(title.endsWith('…'));
  });

  it('templates: examples are valid; missing placeholders, other schemes and empty templates are refused with a reason', () => {
    for (const t of Object.values(TICKET_TEMPLATE_EXAMPLES)) assert.equal(ticketTemplateProblem(t), null, t);
    assert.match(ticketTemplateProblem('') ?? '', /no ticket URL template/);
    assert.match(ticketTemplateProblem('javascript:alert(1)//{body}') ?? '', /https/);
    assert.match(ticketTemplateProblem('https://x.example/new') ?? '', /neither \{title\} nor \{body\}/);
    assert.throws(() => ticketUrl('ftp://x/{body}', 't', 'b'), /https/);
  });

  it('Jira and GitLab templates carry the note in their own parameter names', () => {
    const gl = ticketUrl(TICKET_TEMPLATE_EXAMPLES.gitlab, 'T', 'line 1\nline 2');
    assert.equal(new URL(gl.url).searchParams.get('issue[description]'), 'line 1\nline 2');
    const jira = ticketUrl(TICKET_TEMPLATE_EXAMPLES.jira, 'T', 'x & y');
    assert.equal(new URL(jira.url).searchParams.get('description'), 'x & y');
    assert.equal(new URL(jira.url).searchParams.get('summary'), 'T');
  });

  it('fails clearly when the template and title alone exceed the limit', () => {
    assert.throws(() => ticketUrl(GITHUB, 'x'.repeat(150), 'body '.repeat(100), 100), /longer than 100/);
  });

  it('titles name the scenario, the run, the category and the environment', () => {
    assert.equal(
      ticketTitle({ scenarioName: 'Q3 Oncology', runId: '1f2e3d4c-0000-4000-8000-000000000001', status: 'failed', category: 'data', environment: 'UAT' }),
      'RCA: Q3 Oncology — run 1f2e3d4c failed (data) [UAT]',
    );
    assert.equal(ticketTitle({ scenarioName: 'S' }), 'RCA: S — scenario');
  });
});
