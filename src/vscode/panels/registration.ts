/**
 * Restores the panels after a window reload: each webview saved its subject with
 * setState; VS Code hands that state back to these serializers. The extension's
 * package.json must list `onWebviewPanel:<type>` activation events for the five types.
 */
import * as vscode from 'vscode';
import { sanitizeFilter } from '../../core/overviewFilter';
import { diagnosticsSubjectOf, diffSubjectOf, journeySubjectOf, overviewSubjectOf, snapshotSubjectOf, timelineSubjectOf } from '../../shared/panelState';
import { PanelTypes } from '../constants';
import type { PanelContext } from './basePanel';
import { DiagnosticsPanel } from './diagnosticsPanel';
import { DiffPanel } from './diffPanel';
import { JourneyPanel } from './journeyPanel';
import { OverviewPanel } from './overviewPanel';
import { SnapshotPanel } from './snapshotPanel';
import { TimelinePanel } from './timelinePanel';

export type { PanelContext } from './basePanel';

export function registerPanelSerializers(context: vscode.ExtensionContext, ctx: PanelContext): void {
  const restore = (type: string, revive: (panel: vscode.WebviewPanel, state: unknown) => boolean): vscode.Disposable =>
    vscode.window.registerWebviewPanelSerializer(type, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => {
        // A panel whose state is missing or malformed cannot be shown again: close it.
        if (!revive(panel, state)) panel.dispose();
      },
    });
  context.subscriptions.push(
    restore(PanelTypes.timeline, (panel, state) => {
      const s = timelineSubjectOf(state);
      if (s) TimelinePanel.revive(ctx, panel, s.scenarioId);
      return s !== null;
    }),
    restore(PanelTypes.snapshot, (panel, state) => {
      const s = snapshotSubjectOf(state);
      if (s) SnapshotPanel.revive(ctx, panel, s.runId);
      return s !== null;
    }),
    restore(PanelTypes.diff, (panel, state) => {
      const s = diffSubjectOf(state);
      if (s) DiffPanel.revive(ctx, panel, s.runA, s.runB);
      return s !== null;
    }),
    restore(PanelTypes.overview, (panel, state) => {
      // The Overview reopens even without a saved state (the default filter).
      OverviewPanel.revive(ctx, panel, overviewSubjectOf(state) ?? { filter: sanitizeFilter(null) });
      return true;
    }),
    restore(PanelTypes.diagnostics, (panel, state) => {
      const s = diagnosticsSubjectOf(state);
      if (s) DiagnosticsPanel.revive(ctx, panel, s.runId);
      return s !== null;
    }),
    restore(PanelTypes.journey, (panel, state) => {
      const s = journeySubjectOf(state);
      if (s) JourneyPanel.revive(ctx, panel, s);
      return s !== null;
    }),
  );
}
