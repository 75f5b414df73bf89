/**
 * A JSON value as a collapsible block: the summary line shows a short one-line rendering,
 * the pretty-printed JSON is built only when the block is first opened (inputs can hold
 * 12,000 records) and is cut after 200,000 characters.
 */
import { fencedBlock } from '../../src/core/markdown';
import { groupDigits, prettyJson, summarizeValue } from './format';
import { button } from './ui';
import { h, mount, type Child, type VNode } from './vdom';

export interface ValueOptions {
  testid?: string;
  /** Label for screen readers: `Value of Market growth rate`. */
  label: string;
  open?: boolean;
  onToggle?(open: boolean): void;
  /** Copy the full value (the host puts it on the clipboard). */
  onCopy?(markdown: string): void;
  summaryLength?: number;
}

export const JSON_VIEW_LIMIT = 200_000;

/** The expanded content: pretty JSON, a note when cut, a copy button. */
export function valueBody(value: unknown, o: ValueOptions): VNode {
  const p = prettyJson(value, JSON_VIEW_LIMIT);
  return h(
    'div',
    { class: 'value-body' },
    h('pre', { class: 'json', tabindex: 0, 'aria-label': o.label }, p.text),
    p.omitted > 0 ? h('p', { class: 'note' }, `… ${groupDigits(p.omitted)} more characters not shown.`) : null,
    o.onCopy
      ? h(
          'div',
          { class: 'actions' },
          button('Copy value', () => o.onCopy!(fencedBlock(JSON.stringify(value, null, 2) ?? 'null', 'json')), { icon: 'copy', secondary: true, testid: 'copy-value' }),
        )
      : null,
  );
}

export interface LazyDetailsOptions {
  cls: string;
  testid?: string;
  open?: boolean;
  onToggle?(open: boolean): void;
}

/** A details/summary block whose content is built the first time it is opened. */
export function lazyDetails(summary: Child, build: () => VNode, o: LazyDetailsOptions): VNode {
  const fill = (d: HTMLDetailsElement): void => {
    if (d.open && !d.dataset.filled) {
      d.dataset.filled = 'true';
      d.appendChild(mount(build()));
    }
  };
  return h(
    'details',
    {
      class: o.cls,
      'data-testid': o.testid,
      open: o.open,
      on: {
        toggle: (ev: Event) => {
          const d = ev.currentTarget as HTMLDetailsElement;
          fill(d);
          o.onToggle?.(d.open);
        },
      },
      ref: (el) => fill(el as HTMLDetailsElement),
    },
    h('summary', null, summary),
  );
}

export function valueDetails(value: unknown, o: ValueOptions): VNode {
  return lazyDetails(h('code', { title: 'Show the full value' }, summarizeValue(value, o.summaryLength ?? 80)), () => valueBody(value, o), {
    cls: 'value',
    testid: o.testid,
    open: o.open,
    onToggle: o.onToggle,
  });
}

/** Opens or closes the first collapsible value in a table row (Enter on the row). */
export function toggleRowValue(tr: HTMLElement | null): void {
  const d = tr?.querySelector('details');
  if (d) d.open = !d.open;
}
