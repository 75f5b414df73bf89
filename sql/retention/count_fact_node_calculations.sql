-- name: retention.count_fact_node_calculations
-- Node calcs of runs started before the cutoff $1 (what retention removes).
SELECT count(*)::bigint AS n FROM reporting.fact_node_calculations WHERE run_at < $1::timestamp
