-- name: retention.count_fact_scenario_events
-- Timeline events older than the cutoff $1 (what retention removes, partitions dropped or not).
SELECT count(*)::bigint AS n FROM reporting.fact_scenario_events WHERE event_timestamp < $1::timestamp
