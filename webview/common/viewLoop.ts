/**
 * The message loop every panel's webview runs: `loading` → a loading view (or a busy
 * marker on the view already shown), `error` → one error line with Retry, `data` → the
 * panel's controller shows the payload. Posts `ready` once listening.
 */
import type { SourceInfo, ViewMessage } from '../../src/shared/protocol/common';
import { describeSource, errorView, loadingView } from './ui';
import { render } from './vdom';

export interface ViewController<Payload> {
  busy(): void;
  show(payload: Payload, source: SourceInfo): void;
  destroy?(): void;
}

export interface ViewLoopOptions<Subject, Payload> {
  api: { saveSubject(subject: Subject): void; refresh(): void; ready(): void };
  root: HTMLElement;
  /** "Loading the timeline of scenario X from <where>…" */
  loadingText(subject: Subject, where: string): string;
  /** "Could not load the timeline of scenario X from <where>" */
  errorTitle(subject: Subject, where: string): string;
  create(): ViewController<Payload>;
}

function assertNever(x: never): never {
  throw new Error(`unexpected message ${JSON.stringify(x)}`);
}

export function runViewLoop<Subject, Payload>(o: ViewLoopOptions<Subject, Payload>): void {
  let controller: ViewController<Payload> | null = null;
  window.addEventListener('message', (ev: MessageEvent<ViewMessage<Subject, Payload>>) => {
    const msg = ev.data;
    if (!msg || typeof msg !== 'object' || typeof msg.type !== 'string') return;
    o.api.saveSubject(msg.subject);
    switch (msg.type) {
      case 'loading':
        if (controller) controller.busy();
        else render(o.root, loadingView(o.loadingText(msg.subject, describeSource(msg.source))));
        break;
      case 'error':
        controller?.destroy?.();
        controller = null;
        render(o.root, errorView(o.errorTitle(msg.subject, describeSource(msg.source)), msg.message, o.api.refresh));
        break;
      case 'data':
        controller ??= o.create();
        controller.show(msg.payload, msg.source);
        break;
      default:
        assertNever(msg);
    }
  });
  o.api.ready();
}
