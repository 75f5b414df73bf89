import assert from 'node:assert/strict';
import { markWithheld } from '../../../src/core/privacy';
import { snapshotMarkdown } from '../../../webview/snapshot/model';

describe('privacy: the snapshot panel over a copy without values', () => {
  it('copies a withheld value as "withheld", not as a missing or null value', () => {
    const { nodes } = markWithheld([
      { node_id: 'n1', node_name: 'Rates', node_type: 'input', node_group: null, node_seq: 1, input_hash: 'h1', input_data: null, saved_at: '2026-03-01T12:00:00.000Z', saved_by: 'pu_1', changed_paths: ['$.a'] },
      { node_id: 'n2', node_name: 'Empty', node_type: 'input', node_group: null, node_seq: 2, input_hash: null, input_data: null, saved_at: null, saved_by: null, changed_paths: null },
    ]);
    const rows = snapshotMarkdown(nodes, {}, 'Inputs').trimEnd().split('\n').slice(-2);
    assert.match(rows[0], /^\| Rates \|.*\| withheld \|$/);
    assert.match(rows[1], /^\| Empty \|.*\| no value in force \|$/);
  });
});
