/**
 * The one check of a webview's navigation message (NavigateToHost): known type, UUIDs
 * where ids go (lower-cased), a user id of sensible text (trimmed). Anything else is
 * dropped: a webview cannot make the host open what it names wrongly.
 */
import { isUuid } from '../core/ids';
import { isUserText } from './panelState';
import { NAVIGATE_TYPES, type NavigateToHost } from './protocol/common';

export function isNavigation(raw: { type: string }): boolean {
  return (NAVIGATE_TYPES as readonly string[]).includes(raw.type);
}

/** A UUID in lower case, or undefined when absent; null when present but not a UUID. */
function optionalId(x: unknown): string | undefined | null {
  if (x === undefined || x === null) return undefined;
  return isUuid(x) ? x.toLowerCase() : null;
}

export function navigationOf(raw: unknown): NavigateToHost | null {
  if (!raw || typeof raw !== 'object') return null;
  const m = raw as Record<string, unknown>;
  const id = (k: string): string | null => (isUuid(m[k]) ? (m[k] as string).toLowerCase() : null);
  switch (m.type) {
    case 'openTimeline':
    case 'revealInTree': {
      const scenarioId = id('scenarioId');
      return scenarioId ? { type: m.type, scenarioId } : null;
    }
    case 'openSnapshot':
    case 'openDiagnostics': {
      const runId = id('runId');
      return runId ? { type: m.type, runId } : null;
    }
    case 'openDiff': {
      const [runA, runB] = [id('runA'), id('runB')];
      return runA && runB ? { type: 'openDiff', runA, runB } : null;
    }
    case 'compareWithLastSuccess':
    case 'rcaNote':
    case 'openTicket': {
      const [runId, scenarioId] = [optionalId(m.runId), optionalId(m.scenarioId)];
      if (runId === null || scenarioId === null || (!runId && !scenarioId)) return null;
      return { type: m.type, ...(runId ? { runId } : {}), ...(scenarioId ? { scenarioId } : {}) };
    }
    case 'openUser':
      return isUserText(m.user) ? { type: 'openUser', user: m.user.trim() } : null;
    case 'openOverview':
    case 'runEtl':
      return { type: m.type };
    default:
      return null;
  }
}
