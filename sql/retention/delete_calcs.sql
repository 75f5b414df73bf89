-- name: retention.delete_calcs
-- Up to $2 node calcs of runs started before the cutoff $1 (a batch; repeated until none is left).
WITH doomed AS (
    SELECT scenario_id, calc_id FROM reporting.fact_node_calculations WHERE run_at < $1::timestamp LIMIT $2
), gone AS (
    DELETE FROM reporting.fact_node_calculations c
     USING doomed d
     WHERE c.scenario_id = d.scenario_id AND c.calc_id = d.calc_id AND c.run_at < $1::timestamp
    RETURNING 1
)
SELECT count(*)::int AS n FROM gone
