/**
 * View pieces shared by the panels, built with `h()` (pure: no DOM access here, so the
 * views render to strings in unit tests). Components come from @vscode-elements.
 */
import type { RunSummary } from '../../src/core/types';
import type { SourceInfo } from '../../src/shared/protocol/common';
import { formatDuration, formatIso, groupDigits, statusLook } from './format';
import { h, type Child, type Listener, type VNode } from './vdom';

/** `demo (reporting schema)` / `db.example:5432/fc (production)` / `UAT · db.example:5432/fc (reporting schema)`. */
export function describeSource(source: SourceInfo): string {
  return `${source.environment ? `${source.environment} · ` : ''}${source.label} (${source.source === 'reporting' ? 'reporting schema' : 'production'})`;
}

export function icon(name: string, label?: string): VNode {
  return label ? h('vscode-icon', { name, label, role: 'img', 'aria-label': label }) : h('vscode-icon', { name, 'aria-hidden': 'true' });
}

export interface ButtonOptions {
  icon?: string;
  secondary?: boolean;
  testid?: string;
  title?: string;
  disabled?: boolean;
}

/** A vscode-button: focusable, Enter and Space click it. */
export function button(label: string, onClick: () => void, o: ButtonOptions = {}): VNode {
  return h(
    'vscode-button',
    {
      icon: o.icon,
      secondary: o.secondary,
      title: o.title,
      disabled: o.disabled,
      'aria-disabled': o.disabled ? 'true' : undefined,
      'data-testid': o.testid,
      on: {
        click: (ev: Event) => {
          ev.stopPropagation();
          if (!o.disabled) onClick();
        },
      },
    },
    label,
  );
}

/** A text-looking button (user names): keyboard focusable, Enter opens. */
export function linkButton(label: string, onClick: () => void, o: { title?: string; testid?: string } = {}): VNode {
  return h(
    'button',
    {
      type: 'button',
      class: 'link',
      title: o.title,
      'data-testid': o.testid,
      on: {
        click: (ev: Event) => {
          ev.stopPropagation();
          onClick();
        },
      },
    },
    label,
  );
}

export function copyMarkdownButton(onCopy: () => void, testid: string): VNode {
  return button('Copy as Markdown', onCopy, { icon: 'copy', secondary: true, testid, title: 'Copy this table as Markdown' });
}

export type BadgeKind = 'error' | 'warn' | 'info' | 'ok' | 'muted';

export function badge(text: string, kind: BadgeKind, o: { testid?: string; title?: string; icon?: string } = {}): VNode {
  return h('span', { class: `badge badge-${kind}`, 'data-testid': o.testid, title: o.title }, o.icon ? icon(o.icon) : null, text);
}

export function counter(n: number): VNode {
  return h('vscode-badge', { variant: 'counter' }, groupDigits(n));
}

export function statusBadge(status: string | null | undefined, testid = 'run-status'): VNode {
  const s = statusLook(status);
  return h('span', { class: `status status-${s.cls}`, 'data-testid': testid }, icon(s.icon), s.label);
}

/** A definition list of label / value pairs (values may be views). */
export function facts(rows: Array<[string, Child]>, cls = 'facts'): VNode {
  return h(
    'dl',
    { class: cls },
    rows.map(([k, v]) => h('div', { class: 'fact' }, h('dt', null, k), h('dd', null, v === null || v === undefined || v === '' ? '—' : v))),
  );
}

/** Id shown in a code span, full value in the title; selectable for copying. */
export function idText(id: string | null | undefined, testid?: string): VNode | string {
  return id ? h('code', { class: 'id', title: id, 'data-testid': testid }, id) : '—';
}

/** The facts of a run: status, times, who, request id, fail reason. */
export function runFacts(run: RunSummary): Array<[string, Child]> {
  return [
    ['Status', statusBadge(run.run_status)],
    ['Started (UTC)', formatIso(run.run_at)],
    ['Completed (UTC)', formatIso(run.run_complete_at)],
    ['Duration', formatDuration(run.duration_ms)],
    ['Run by', run.run_by ?? '—'],
    ['Run id', idText(run.run_id)],
    ['Request id', idText(run.run_req_id)],
    ...(run.fail_reason ? ([['Fail reason', h('span', { class: 'fail-reason', 'data-testid': 'fail-reason' }, run.fail_reason)]] as Array<[string, Child]>) : []),
  ];
}

export interface SectionOptions {
  id: string;
  title: string;
  count?: number;
  testid?: string;
  actions?: Child[];
  note?: Child;
}

export function section(o: SectionOptions, ...body: Child[]): VNode {
  return h(
    'section',
    { class: 'section', 'aria-labelledby': `${o.id}-h`, 'data-testid': o.testid },
    h(
      'div',
      { class: 'section-head' },
      h('h2', { id: `${o.id}-h` }, o.title, o.count !== undefined ? [' ', counter(o.count)] : null),
      o.actions && o.actions.length > 0 ? h('div', { class: 'actions' }, o.actions) : null,
    ),
    o.note ? h('p', { class: 'note' }, o.note) : null,
    body,
  );
}

export function loadingView(text: string): VNode {
  return h('div', { class: 'state state-loading', role: 'status', 'data-testid': 'panel-loading' }, h('vscode-progress-ring', { 'aria-hidden': 'true' }), h('p', null, text));
}

export function errorView(title: string, message: string, onRetry: () => void): VNode {
  return h(
    'div',
    { class: 'state state-error', role: 'alert', 'data-testid': 'panel-error' },
    h('h1', null, icon('error'), ' ', title),
    h('p', { class: 'error-message', 'data-testid': 'error-message' }, message),
    h('div', { class: 'actions' }, button('Retry', onRetry, { icon: 'refresh', testid: 'retry' })),
  );
}

export function emptyView(text: string, testid = 'panel-empty'): VNode {
  return h('div', { class: 'state state-empty', 'data-testid': testid }, icon('info'), h('p', null, text));
}

export interface SelectOption {
  value: string;
  label: string;
}

export interface SelectSpec {
  id: string;
  label: string;
  value: string;
  options: SelectOption[];
  onChange(value: string): void;
  /** Filterable by typing (long lists). */
  combobox?: boolean;
  testid?: string;
}

export function selectField(s: SelectSpec): VNode {
  return h(
    'div',
    { class: 'field' },
    h('span', { class: 'field-label', id: `${s.id}-label` }, s.label),
    h(
      'vscode-single-select',
      {
        id: s.id,
        label: s.label,
        'aria-labelledby': `${s.id}-label`,
        combobox: s.combobox,
        'data-testid': s.testid,
        on: { change: (ev: Event) => s.onChange(String((ev.target as unknown as { value: string }).value ?? '')) },
      },
      s.options.map((o) => h('vscode-option', { value: o.value, selected: o.value === s.value }, o.label)),
    ),
  );
}

export interface SearchSpec {
  id: string;
  label: string;
  placeholder: string;
  value: string;
  onInput(value: string): void;
  testid?: string;
}

/** A search box; input is debounced (150 ms) so typing stays smooth on long tables. */
export function searchField(s: SearchSpec): VNode {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire: Listener = (ev: Event) => {
    const value = String((ev.target as unknown as { value: string }).value ?? '');
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => s.onInput(value), 150);
  };
  return h(
    'div',
    { class: 'field field-grow' },
    h('span', { class: 'field-label', id: `${s.id}-label` }, s.label),
    h('vscode-textfield', {
      id: s.id,
      label: s.label,
      placeholder: s.placeholder,
      'aria-labelledby': `${s.id}-label`,
      'data-testid': s.testid,
      props: { value: s.value },
      on: { input: fire },
    }, h('vscode-icon', { slot: 'content-before', name: 'search', 'aria-hidden': 'true' })),
  );
}

export interface Column {
  label: string;
  cls?: string;
}

export interface TableSpec<T> {
  id: string;
  /** Read by screen readers (visually hidden). */
  caption: string;
  columns: Column[];
  rows: readonly T[];
  key(row: T): string;
  cells(row: T): Child[];
  rowTestId: string;
  rowClass?(row: T): string | undefined;
  rowLabel?(row: T): string;
  /** Key of the current row (aria-current, and the row reached with Tab). */
  selected?: string | null;
  /** Click, Enter or Space on a row (`tr` is the row element; null outside a DOM). */
  onOpen?(row: T, key: string, tr: HTMLElement | null): void;
  testid?: string;
}

const INTERACTIVE = 'summary, details[open] > :not(summary), button, vscode-button, a, input, vscode-textfield, pre';

/**
 * An accessible table whose rows are one Tab stop: Tab reaches the current row, arrows /
 * Home / End move between rows, Enter or Space opens the row.
 */
export function dataTable<T>(t: TableSpec<T>): VNode {
  const byKey = new Map<string, T>();
  for (const r of t.rows) byKey.set(t.key(r), r);
  const focusKey = t.selected && byKey.has(t.selected) ? t.selected : t.rows.length > 0 ? t.key(t.rows[0]!) : null;
  const open = (tr: HTMLElement): void => {
    const key = tr.dataset.key;
    const row = key !== undefined ? byKey.get(key) : undefined;
    if (row !== undefined && key !== undefined && t.onOpen) t.onOpen(row, key, tr);
  };
  return h(
    'table',
    { class: 'data', id: t.id, 'data-testid': t.testid ?? t.id },
    h('caption', { class: 'sr-only' }, t.caption),
    h('thead', null, h('tr', null, t.columns.map((c) => h('th', { scope: 'col', class: c.cls }, c.label)))),
    h(
      'tbody',
      {
        on: {
          click: (ev: Event) => {
            const target = ev.target as HTMLElement;
            // Controls inside a cell act on their own; selecting JSON text opens nothing.
            if (target.closest(INTERACTIVE)) return;
            const tr = target.closest('tr');
            if (tr) open(tr);
          },
          keydown: (ev: KeyboardEvent) => rowKeydown(ev, open),
        },
      },
      t.rows.map((r) => {
        const key = t.key(r);
        return h(
          'tr',
          {
            tabindex: key === focusKey ? 0 : -1,
            'data-key': key,
            'data-testid': t.rowTestId,
            class: [t.onOpen ? 'openable' : '', t.rowClass?.(r) ?? ''].join(' ').trim() || undefined,
            'aria-current': t.selected === key ? 'true' : undefined,
            'aria-label': t.rowLabel?.(r),
          },
          t.cells(r).map((c, i) => h('td', { class: t.columns[i]?.cls }, c)),
        );
      }),
    ),
  );
}

/** The row each navigation key moves to, from row `i` of rows 0..`last`. */
const ROW_MOVES = new Map<string, (i: number, last: number) => number>([
  ['ArrowDown', (i, last) => Math.min(last, i + 1)],
  ['ArrowUp', (i) => Math.max(0, i - 1)],
  ['Home', () => 0],
  ['End', (_i, last) => last],
  ['PageDown', (i, last) => Math.min(last, i + 10)],
  ['PageUp', (i) => Math.max(0, i - 10)],
]);

/** Roving focus and Enter/Space inside a table body (DOM only; used by dataTable). */
export function rowKeydown(ev: KeyboardEvent, open: (tr: HTMLElement) => void): void {
  const tr = (ev.target as HTMLElement).closest('tr');
  if (!tr || ev.target !== tr) return; // keys inside a cell's own control stay with it
  if (ev.key === 'Enter' || ev.key === ' ') {
    ev.preventDefault();
    open(tr);
    return;
  }
  const move = ROW_MOVES.get(ev.key);
  if (!move) return;
  const rows = Array.from(tr.parentElement?.children ?? []) as HTMLElement[];
  ev.preventDefault();
  focusRow(rows[move(rows.indexOf(tr), rows.length - 1)]);
}

/** Makes `tr` the table's Tab stop and focuses it. */
export function focusRow(tr: HTMLElement | undefined): void {
  if (!tr) return;
  for (const r of Array.from(tr.parentElement?.children ?? [])) (r as HTMLElement).tabIndex = -1;
  tr.tabIndex = 0;
  tr.focus();
}

/** Marks the row with `key` current (aria-current) without rebuilding the table. */
export function markCurrentRow(table: Element | null, key: string | null): void {
  if (!table) return;
  const rows = Array.from(table.querySelectorAll('tbody tr')) as HTMLElement[];
  const current = rows.find((r) => r.dataset.key === key);
  for (const el of rows) {
    if (el === current) el.setAttribute('aria-current', 'true');
    else el.removeAttribute('aria-current');
    el.tabIndex = el === (current ?? rows[0]) ? 0 : -1;
  }
}

/** `Showing 20 of 120 events`. */
export function showingText(shown: number, total: number, noun: string): string {
  return shown === total ? `${groupDigits(total)} ${noun}` : `Showing ${groupDigits(shown)} of ${groupDigits(total)} ${noun}`;
}
