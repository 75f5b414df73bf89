/**
 * The message loop every panel's webview runs: `loading` → a loading view (or a busy
 * marker on the view already shown), `error` → one error line with Retry, `data` → the
 * panel's controller shows the payload; any other message is the panel's own (`other`).
 * Posts `ready` once listening.
 */
import type { SourceInfo, ViewMessage } from '../../src/shared/protocol/common';
import { describeSource, errorView, loadingView } from './ui';
import { render } from './vdom';

/** A panel's view once it has data (while it reloads, the loop marks the root aria-busy). */
export interface ViewController<Payload, Subject = unknown> {
  show(payload: Payload, source: SourceInfo, subject: Subject): void;
  destroy?(): void;
}

export interface ViewLoopOptions<Subject, Payload, C extends ViewController<Payload, Subject> = ViewController<Payload, Subject>, Other = never> {
  api: { saveSubject(subject: Subject): void; refresh(): void; ready(): void };
  root: HTMLElement;
  /** "Loading the timeline of scenario X from <where>…" */
  loadingText(subject: Subject, where: string): string;
  /** "Could not load the timeline of scenario X from <where>" */
  errorTitle(subject: Subject, where: string): string;
  create(subject: Subject): C;
  /** A message that is not a view state (e.g. the answer to a request), with the controller if any. */
  other?(message: Other, controller: C | null): void;
}

function assertNever(x: never): never {
  throw new Error(`unexpected message ${JSON.stringify(x)}`);
}

const VIEW_TYPES: ReadonlySet<string> = new Set(['loading', 'error', 'data']);

export function runViewLoop<Subject, Payload, C extends ViewController<Payload, Subject> = ViewController<Payload, Subject>, Other = never>(
  o: ViewLoopOptions<Subject, Payload, C, Other>,
): void {
  let controller: C | null = null;
  window.addEventListener('message', (ev: MessageEvent<ViewMessage<Subject, Payload> | Other>) => {
    const raw = ev.data as { type?: unknown } | null;
    if (!raw || typeof raw !== 'object' || typeof raw.type !== 'string') return;
    if (!VIEW_TYPES.has(raw.type)) {
      o.other?.(raw as Other, controller);
      return;
    }
    const msg = raw as ViewMessage<Subject, Payload>;
    o.api.saveSubject(msg.subject);
    switch (msg.type) {
      case 'loading':
        if (controller) o.root.setAttribute('aria-busy', 'true');
        else render(o.root, loadingView(o.loadingText(msg.subject, describeSource(msg.source))));
        break;
      case 'error':
        controller?.destroy?.();
        controller = null;
        render(o.root, errorView(o.errorTitle(msg.subject, describeSource(msg.source)), msg.message, o.api.refresh));
        break;
      case 'data':
        controller ??= o.create(msg.subject);
        controller.show(msg.payload, msg.source, msg.subject);
        break;
      default:
        assertNever(msg);
    }
  });
  o.api.ready();
}
