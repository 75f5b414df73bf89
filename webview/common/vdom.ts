/**
 * A tiny element description the views are built from: pure (views can be rendered to a
 * string in mocha, without a DOM) and safe by construction. `mount()` turns it into DOM
 * nodes with createElement / setAttribute / createTextNode only — data never passes
 * through innerHTML, so a scenario name or fail_reason holding markup renders as text.
 */

/** Method-style so a listener may declare a narrower event (KeyboardEvent, MouseEvent). */
export type Listener = { bivarianceHack(ev: Event): void }['bivarianceHack'];

export type AttrValue = string | number | boolean | null | undefined;

export interface VNode {
  readonly tag: string;
  readonly attrs: Readonly<Record<string, AttrValue>>;
  readonly on: Readonly<Record<string, Listener>>;
  /** Element properties set after creation (e.g. `value` of a text field). */
  readonly props: Readonly<Record<string, unknown>>;
  readonly children: ReadonlyArray<VNode | string>;
  /** Called with the created element (charts, focus). */
  readonly ref?: (el: HTMLElement) => void;
}

export type Child = VNode | string | number | null | undefined | false | readonly Child[];

export interface Props {
  [attr: string]: AttrValue | Record<string, Listener> | Record<string, unknown> | ((el: HTMLElement) => void);
}

const TAG = /^[a-z][a-z0-9-]*$/;
const ATTR = /^[a-zA-Z_:][-a-zA-Z0-9_:.]*$/;
/** Attributes that could run code or load something: never set from a view. */
const FORBIDDEN_ATTR = /^(on|formaction$|srcdoc$|style$|href$|src$|action$|xlink:)/i;

/** Whether an attribute name may be set on an element (no event handlers, styles, URLs). */
export function isSafeAttrName(name: string): boolean {
  return ATTR.test(name) && !FORBIDDEN_ATTR.test(name);
}

function flatten(children: readonly Child[], out: Array<VNode | string>): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) flatten(c, out);
    else if (typeof c === 'string') out.push(c);
    else if (typeof c === 'number') out.push(String(c));
    else out.push(c as VNode);
  }
}

/**
 * `h('tr', { class: 'row', tabindex: 0, 'data-testid': 'event-row', on: { click } }, ...)`.
 * Special props: `on` (event listeners), `props` (element properties), `ref`.
 * Throws on a tag or attribute name that is not allowed (a bug, not data).
 */
export function h(tag: string, props?: Props | null, ...children: Child[]): VNode {
  if (!TAG.test(tag) || tag === 'script' || tag === 'style' || tag === 'iframe' || tag === 'object' || tag === 'embed') {
    throw new Error(`vdom: tag '${tag}' is not allowed`);
  }
  const attrs: Record<string, AttrValue> = {};
  let on: Record<string, Listener> = {};
  let elProps: Record<string, unknown> = {};
  let ref: ((el: HTMLElement) => void) | undefined;
  for (const [k, v] of Object.entries(props ?? {})) {
    if (k === 'on') on = { ...(v as Record<string, Listener>) };
    else if (k === 'props') elProps = { ...(v as Record<string, unknown>) };
    else if (k === 'ref') ref = v as (el: HTMLElement) => void;
    else if (!isSafeAttrName(k)) throw new Error(`vdom: attribute '${k}' is not allowed`);
    else attrs[k] = v as AttrValue;
  }
  if ('innerHTML' in elProps || 'outerHTML' in elProps) throw new Error('vdom: innerHTML is not allowed');
  const kids: Array<VNode | string> = [];
  flatten(children, kids);
  return { tag, attrs, on, props: elProps, children: kids, ref };
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** HTML-escapes text for element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESC[c]!);
}

const VOID = new Set(['br', 'hr', 'img', 'input', 'col', 'wbr']);

/** Renders a view to HTML text (tests and debugging; the webview uses mount()). */
export function renderToString(node: VNode | string): string {
  if (typeof node === 'string') return escapeHtml(node);
  let out = `<${node.tag}`;
  for (const [k, v] of Object.entries(node.attrs)) {
    if (v === null || v === undefined || v === false) continue;
    out += v === true ? ` ${k}` : ` ${k}="${escapeHtml(String(v))}"`;
  }
  out += '>';
  if (VOID.has(node.tag)) return out;
  for (const c of node.children) out += renderToString(c);
  return `${out}</${node.tag}>`;
}

/** Text content of a view (what a screen reader or a test would read). */
export function textOf(node: VNode | string): string {
  return typeof node === 'string' ? node : node.children.map(textOf).join('');
}

/** Every node (depth first) matching a predicate. */
export function findAll(node: VNode | string, pred: (n: VNode) => boolean, out: VNode[] = []): VNode[] {
  if (typeof node === 'string') return out;
  if (pred(node)) out.push(node);
  for (const c of node.children) findAll(c, pred, out);
  return out;
}

/** Nodes carrying `data-testid="id"`. */
export function byTestId(node: VNode | string, id: string): VNode[] {
  return findAll(node, (n) => n.attrs['data-testid'] === id);
}

/** Builds DOM nodes from a view. */
export function mount(node: VNode | string, doc: Document = document): Node {
  if (typeof node === 'string') return doc.createTextNode(node);
  const el = doc.createElement(node.tag);
  for (const [k, v] of Object.entries(node.attrs)) {
    if (v === null || v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const [k, v] of Object.entries(node.props)) (el as unknown as Record<string, unknown>)[k] = v;
  for (const [type, fn] of Object.entries(node.on)) el.addEventListener(type, fn);
  for (const c of node.children) el.appendChild(mount(c, doc));
  node.ref?.(el);
  return el;
}

/** Replaces the content of `parent` with a view. */
export function render(parent: Element, ...nodes: Array<VNode | string>): void {
  parent.replaceChildren(...nodes.map((n) => mount(n, parent.ownerDocument)));
}
