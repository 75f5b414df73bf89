import assert from 'node:assert/strict';
import { UserError } from '../../src/core/errors';
import type { DiffCalc, NodeCalc } from '../../src/core/types';
import { Analyses } from '../../src/engine/analyses';
import { bookmark, rcaNote, reportUrl, resolveSubject } from '../../src/engine/reports';
import { STORY_IDS } from '../../src/demo/stories';
import { assertStoriesAnswerAlike } from './parity';
import { demo } from './setup';
import { suiteDbs } from './suite';

describe('analyses', function () {
  const dbs = suiteDbs({});
  let prod: Analyses;
  let rep: Analyses;
  before(() => {
    prod = new Analyses(dbs.prod, 'prod');
    rep = new Analyses(dbs.reporting, 'reporting');
  });

  const both = (): Array<[string, Analyses]> => [
    ['prod', prod],
    ['reporting', rep],
  ];

  describe('the failure stories are found: last success vs first failure names the culprit first', () => {
    for (const id of STORY_IDS) {
      it(id, async () => {
        const story = demo().stories.byId[id];
        for (const [kind, a] of both()) {
          const pair = await a.failurePair(story.scenario_id);
          assert.equal(pair.lastSuccess?.run_id, story.last_success_run_id, `${kind}: last success`);
          assert.equal(pair.firstFailure?.run_id, story.failed_run_id, `${kind}: first failure`);
          const d = await a.diffScenario(story.scenario_id);
          assert.equal(d.changed[0]?.node_id, story.culprit_node_id, `${kind}: culprit first, got ${d.changed.map((c) => c.node_name).join(', ')}`);
          // The culprit path itself, or paths inside it (an array that grew lists its new elements).
          const inside = (p: string): boolean => p === story.culprit_path || p.startsWith(`${story.culprit_path}[`) || p.startsWith(`${story.culprit_path}.`);
          assert.ok(d.changed[0].paths.some(inside), `${kind}: path ${story.culprit_path} in ${d.changed[0].paths.slice(0, 5).join(', ')}`);
          assert.equal(d.run_b.run_status, story.failed_status);
          // Evidence beyond the order of the saves, and every instance of the story alike.
          assert.ok(d.changed[0].evidence.some((e) => e.signal !== 'recency'), `${kind}: ${JSON.stringify(d.changed[0].evidence)}`);
          for (const inst of story.instances) {
            const x = await a.explain(inst.failed_run_id);
            assert.equal(x.baseline_run_id, inst.last_success_run_id);
            assert.equal(x.candidates[0]?.node_id, story.culprit_node_id, `${kind} ${inst.scenario_name}: ${x.candidates.map((c) => c.node_name).join(', ')}`);
          }
        }
      });
    }

    it('the same failure elsewhere: the KeyError story points at the input changed before every one of them', async () => {
      const story = demo().stories.byId['same-validation-error-across-model'];
      for (const [kind, a] of both()) {
        const x = await a.explain(story.failed_run_id);
        const e = x.candidates[0]!.evidence.find((v) => v.signal === 'same_failure_elsewhere');
        assert.ok(e, `${kind}: ${JSON.stringify(x.candidates[0]!.evidence)}`);
        assert.match(e.detail, new RegExp(`every one of the ${story.instances.length - 1} other failures`));
      }
    });

    it('the same error across a model is grouped under one signature', async () => {
      const story = demo().stories.byId['same-validation-error-across-model'];
      for (const [, a] of both()) {
        const run = await a.requireRun(story.failed_run_id);
        const sig = await a.sameError(run);
        assert.ok(sig);
        for (const sid of story.related_scenario_ids) assert.ok(sig.scenario_ids.includes(sid), `signature covers ${sid}`);
        assert.doesNotMatch(sig.signature, /[0-9a-f]{8}-[0-9a-f]{4}/, 'ids normalised away');
      }
    });
  });

  describe('production and the reporting schema answer alike', () => {
    it('scenarios (all filters)', async () => {
      const filters = [{}, { status: 'draft' }, { search: 'NSCLC' }, { failedSince: '2026-11-10T00:00:00.000Z' }, { limit: 7, offset: 3 }, { lastRunStatus: ['failed', 'timeout'] }];
      for (const f of filters) assert.deepEqual(await rep.scenarios({ limit: 500, ...f }), await prod.scenarios({ limit: 500, ...f }), JSON.stringify(f));
      const failing = await prod.scenarios({ limit: 500, lastRunStatus: ['failed', 'timeout'] });
      assert.ok(failing.length > 0 && failing.every((x) => x.last_run_status === 'failed' || x.last_run_status === 'timeout'));
    });

    it('models with scenario and failing counts', async () => {
      for (const search of [undefined, 'NSCLC', 'zzz-nothing']) assert.deepEqual(await rep.models(search), await prod.models(search), String(search));
      const models = await prod.models();
      assert.equal(models.reduce((n, m) => n + m.scenarios, 0), demo().scenarios.length);
      const failingNow = (await prod.scenarios({ limit: 1000 })).filter((x) => x.last_run_status === 'failed' || x.last_run_status === 'timeout').length;
      assert.equal(models.reduce((n, m) => n + m.failing, 0), failingNow);
    });

    it('timeline, changes, snapshots and diffs of every story scenario', async () => {
      await assertStoriesAnswerAlike(rep, prod);
    });

    it('timelines of all scenarios', async () => {
      for (const s of demo().scenarios) {
        const a = await prod.timeline(s.id);
        const b = await rep.timeline(s.id);
        assert.deepEqual(b, a, s.id);
      }
    });

    it('two runs of a scenario read together (the diff\'s snapshot_pair, calcs_pair) give the snapshots and calcs read one by one', async () => {
      // Pairs of runs of each scenario with 2+ runs: consecutive ones, the first with the last
      // and the last with the first (B before A), on both sources.
      const byScenario = new Map<string, string[]>();
      for (const r of [...demo().runs].sort((x, y) => x.run_at.localeCompare(y.run_at) || x.id.localeCompare(y.id))) {
        byScenario.set(r.scenario_id, [...(byScenario.get(r.scenario_id) ?? []), r.id]);
      }
      let pairs = 0;
      let shared = 0;
      let distinct = 0;
      let calcs = 0;
      for (const runs of byScenario.values()) {
        if (runs.length < 2) continue;
        const chosen: Array<[string, string]> = runs.slice(1).map((b, i) => [runs[i]!, b]);
        chosen.push([runs[runs.length - 1]!, runs[0]!]);
        for (const [kind, a] of both()) {
          for (const [ra, rb] of chosen) {
            const [runA, runB] = await Promise.all([a.requireRun(ra), a.requireRun(rb)]);
            const [pa, pb] = await a.snapshotsOf(runA, runB);
            assert.deepEqual(pa, await a.snapshot(ra), `${kind} A ${ra}`);
            assert.deepEqual(pb, await a.snapshot(rb), `${kind} B ${rb}`);
            // The calcs of the pair: the diff's columns of each run's calcs, in the same order.
            const cols = (c: NodeCalc): DiffCalc => ({ calc_id: c.calc_id, node_id: c.node_id, node_name: c.node_name, status: c.status, fail_reason: c.fail_reason, processing_start_at: c.processing_start_at, processing_duration: c.processing_duration });
            const [ca, cb] = await a.diffCalcs(runA, runB);
            assert.deepEqual(ca.map(({ in_b, ...c }) => c), (await a.calcs(ra)).map(cols), `${kind} calcs A ${ra}`);
            assert.deepEqual(cb.map(({ in_b, ...c }) => c), (await a.calcs(rb)).map(cols), `${kind} calcs B ${rb}`);
            calcs += ca.length + cb.length;
            for (let i = 0; i < pa.nodes.length; i++) {
              if (pa.nodes[i]!.input_hash === null) continue;
              if (pa.nodes[i] === pb.nodes[i]) shared++;
              else distinct++;
            }
            pairs++;
          }
        }
      }
      // Both cases occur: versions both runs used (sent once) and versions that differ.
      assert.ok(pairs > 100, `pairs: ${pairs}`);
      assert.ok(shared > 1000 && distinct > 100, `shared ${shared}, distinct ${distinct}`);
      assert.ok(calcs > 1000, `calcs: ${calcs}`);
    });

    it('runinfo for runs, scenarios, request ids and unknown ids', async () => {
      const d = demo();
      const ids = [d.runs[5].id, d.scenarios[3].id, d.runs[9].run_req_id, d.nodeData[100].created_req_id, d.scenarios[2].created_req_id, '00000000-0000-4000-8000-000000000000'];
      for (const id of ids.filter((x): x is string => !!x)) assert.deepEqual(await rep.runInfo(id), await prod.runInfo(id), id);
      assert.equal((await prod.runInfo(d.runs[5].id)).kind, 'run');
      assert.equal((await prod.runInfo(d.scenarios[3].id)).kind, 'scenario');
      assert.equal((await prod.runInfo('00000000-0000-4000-8000-000000000000')).kind, 'unknown');
    });

    it('error signatures', async () => {
      assert.deepEqual(await rep.signatures(), await prod.signatures());
    });

    it("the culprit ranking's statements: history profile rows, and explain for every failed run", async () => {
      const d = demo();
      let rows = 0;
      for (const story of d.stories.list) {
        const diff = await prod.diff(story.last_success_run_id, story.failed_run_id);
        const ids = [...diff.changed, ...diff.added].map((c) => c.node_id);
        const run = await prod.requireRun(story.last_success_run_id);
        const h = await prod.history(story.scenario_id, ids, run.run_at);
        assert.deepEqual(await rep.history(story.scenario_id, ids, run.run_at), h, story.id);
        rows += h.length;
      }
      assert.ok(rows > 50, `history rows: ${rows}`);
      const failed = d.runs.filter((r) => r.run_status === 'failed' || r.run_status === 'timeout');
      assert.ok(failed.length > 10);
      let withoutBaseline = 0;
      for (const r of failed) {
        const x = await prod.explain(r.id);
        assert.deepEqual(await rep.explain(r.id), x, r.id);
        if (x.baseline_run_id === null) withoutBaseline++;
      }
      console.log(`      (${failed.length} failed runs explained alike, ${withoutBaseline} without a success before them)`);
    });
  });

  describe('boundary cases', () => {
    it('a save created exactly at run_at is in force; the version it ended is not', async () => {
      const e = demo().stories.edgeCases.saveAtRunAt;
      const saved = demo().nodeData.find((x) => x.id === e.node_data_id)!;
      for (const [kind, a] of both()) {
        const s = await a.snapshot(e.run_id);
        const node = s.nodes.find((n) => n.node_id === e.node_id)!;
        assert.equal(node.input_hash, saved.input_hash, kind);
        assert.equal(node.saved_at, e.run_at, kind);
      }
    });

    it('microsecond precision: the version saved 1 µs after run_at is not in force', async () => {
      const e = demo().stories.edgeCases.microsecondRun;
      const inForce = demo().nodeData.find((x) => x.id === e.in_force_node_data_id)!;
      for (const [kind, a] of both()) {
        const s = await a.snapshot(e.run_id);
        assert.equal(s.run_at, e.run_at, `${kind}: microseconds kept`);
        assert.equal(s.nodes.find((n) => n.node_id === e.node_id)!.input_hash, inForce.input_hash, kind);
      }
    });

    it('a save repeating the previous hash is not a change', async () => {
      const e = demo().stories.edgeCases.repeatedHashBeforeFailure;
      for (const [kind, a] of both()) {
        const changes = await a.changes(e.scenario_id);
        assert.ok(!changes.some((c) => c.node_data_id === e.node_data_id), `${kind}: repeat left out`);
        assert.ok(changes.some((c) => c.node_data_id === e.previous_node_data_id), `${kind}: the original save is a change`);
        const tl = await a.timeline(e.scenario_id);
        assert.ok(!tl.some((x) => x.event_key === `INPUT_CHANGED:${e.node_data_id}`));
      }
    });

    it('still-running and queued runs: started, not ended; the queued one is the last run', async () => {
      const e = demo().stories.edgeCases.runningAndQueued;
      for (const [kind, a] of both()) {
        const tl = await a.timeline(e.scenario_id);
        const ofRunning = tl.filter((x) => x.run_id === e.running_run_id).map((x) => x.event_type);
        assert.deepEqual(ofRunning, ['RUN_STARTED'], kind);
        const s = await a.scenario(e.scenario_id);
        assert.equal(s!.last_run_id, e.queued_run_id, kind);
        assert.equal(s!.last_run_status, 'queued', kind);
      }
    });

    it('a scenario without runs lists with zero runs and has no failure pair', async () => {
      const e = demo().stories.edgeCases.scenarioWithoutRuns;
      for (const [, a] of both()) {
        const s = await a.scenario(e.scenario_id);
        assert.equal(s!.runs, 0);
        assert.equal(s!.last_run_id, null);
        await assert.rejects(a.diffScenario(e.scenario_id), /has no failed run/);
      }
    });

    it('a 200 KB input comes back whole', async () => {
      const story = demo().stories.byId['timeout-after-input-growth'];
      const big = demo().nodeData.find((x) => x.id === story.culprit_node_data_id)!;
      assert.ok(JSON.stringify(big.input_data).length > 200_000);
      for (const [, a] of both()) {
        const s = await a.snapshot(story.failed_run_id);
        const node = s.nodes.find((n) => n.node_id === story.culprit_node_id)!;
        assert.deepEqual(node.input_data, big.input_data);
      }
    });

    it('unicode and <script> survive as data and are escaped in the note', async () => {
      const story = demo().stories.byId['division-by-zero'];
      for (const [, a] of both()) {
        const s = await a.requireScenario(story.scenario_id);
        assert.equal(s.scenario_name, story.scenario_name);
        assert.match(s.scenario_name, /<script>/);
        const note = await rcaNote(a, story.failed_run_id, { generatedAt: '2026-11-22T00:00:00.000Z' });
        // Markdown renders code as text: outside fenced blocks and code spans, no raw markup.
        const prose = note.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1$/gm, '').replace(/(`+)[\s\S]*?\1/g, '');
        assert.doesNotMatch(prose, /<script>/);
        // Reads cleanly raw: the name verbatim in a code span, no entities or backslashes.
        assert.ok(note.includes(`\`${story.scenario_name}\``), 'the name in a code span');
        assert.doesNotMatch(note, /&lt;|\\\(/);
        assert.match(note, /日本/);
      }
    });

    it('bad and unknown ids are bad input (exit code 1)', async () => {
      await assert.rejects(prod.snapshot('not-a-uuid'), (e: unknown) => e instanceof UserError && e.exitCode === 1 && /is not a UUID/.test(e.message));
      await assert.rejects(rep.timeline('00000000-0000-4000-8000-000000000000'), (e: unknown) => e instanceof UserError && e.exitCode === 1 && /unknown scenario id/.test(e.message));
      await assert.rejects(prod.diff('00000000-0000-4000-8000-000000000000', demo().runs[0].id), /unknown run id/);
    });
  });

  describe('reports', () => {
    it('the RCA note tells the story of a failure', async () => {
      const story = demo().stories.byId['growth-rate-invalid'];
      const note = await rcaNote(rep, story.scenario_id, { generatedAt: '2026-11-22T00:00:00.000Z', powerBi: { reportUrl: 'https://app.powerbi.com/groups/me/reports/abc/ReportSection' } });
      assert.match(note, /^# RCA: /);
      assert.ok(note.includes(story.culprit_node_name), 'names the culprit node');
      assert.ok(note.includes(story.failed_run_id), 'names the failed run');
      assert.ok(note.includes(story.last_success_run_id), 'names the last success');
      assert.ok(note.includes('app.powerbi.com'), 'links the report');
      // Same note from production, but for the footer naming the source.
      const fromProd = await rcaNote(prod, story.scenario_id, { generatedAt: '2026-11-22T00:00:00.000Z', powerBi: { reportUrl: 'https://app.powerbi.com/groups/me/reports/abc/ReportSection' } });
      const body = (n: string): string => n.replace(/_Generated by .*$/m, '');
      assert.equal(body(note), body(fromProd));
      assert.match(fromProd, /_Generated by ClearSight RCA at 2026-11-22T00:00:00\.000Z from .+ \(prod\)`?\._/);
    });

    it('a note for a successful run is refused clearly', async () => {
      const ok = demo().runs.find((r) => r.run_status === 'success')!;
      await assert.rejects(rcaNote(rep, ok.id), /is success: an RCA note needs a failed or timed-out run/);
    });

    it('Power BI URL and bookmark filter on scenario and run', async () => {
      const story = demo().stories.byId['null-input'];
      const subject = await resolveSubject(rep, story.failed_run_id);
      const url = reportUrl(subject, { reportUrl: 'https://app.powerbi.com/groups/me/reports/abc/ReportSection?experience=power-bi' });
      assert.ok(url.startsWith('https://app.powerbi.com/groups/me/reports/abc/ReportSection?'));
      assert.ok(decodeURIComponent(url).includes(`dim_scenario/scenario_id eq '${story.scenario_id}'`), url);
      assert.ok(decodeURIComponent(url).includes(`dim_run/run_id eq '${story.failed_run_id}'`), url);
      assert.ok(url.includes('experience=power-bi'));
      assert.throws(() => reportUrl(subject, {}), /no Power BI report URL/);
      const b = bookmark(subject, {});
      assert.ok(JSON.stringify(b.json).includes(story.failed_run_id));
    });
  });
});
