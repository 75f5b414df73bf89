-- name: reporting.overview_node_timing
-- Node processing time (seconds) by node type over the calcs of runs started in [$1, $2):
-- counts, failures, min / quartiles / p95 / max / mean. Scenario filters $3 … $5 as in
-- overview_kpis; $6 node type of the node; $7 ILIKE pattern on the calc's or the run's
-- fail_reason. percentile_cont is an ordered-set aggregate (no window function); the array
-- form sorts each node type's times once for all four quantiles (the times are cast to
-- double precision once, which percentile_cont would do anyway). At scale S this is the
-- Overview's slowest query: it reads every calc of the range (no index makes that cheaper).
SELECT c.node_type,
       count(*) AS calcs,
       count(*) FILTER (WHERE c.calc_status = 'failed') AS failed,
       count(*) FILTER (WHERE c.calc_status = 'skipped') AS skipped,
       count(c.processing_duration_sec) AS timed,
       min(c.processing_duration_sec) AS min_s,
       percentile_cont(ARRAY[0.25, 0.5, 0.75, 0.95]) WITHIN GROUP (ORDER BY c.processing_duration_sec::float8) AS quantiles_s,
       max(c.processing_duration_sec) AS max_s,
       avg(c.processing_duration_sec) AS avg_s,
       avg(c.processing_duration_sec) FILTER (WHERE c.calc_status = 'failed') AS avg_failed_s
  FROM reporting.overview_calcs($1::timestamp, $2::timestamp, $3::uuid, $4::text, $5::text, $6::text, $7::text) c
 GROUP BY c.node_type
 ORDER BY c.node_type
