-- name: etl.delete_vanished_calcs
-- After the node calcs of runs $1 (of scenarios $2, the fact's leading key: those scenarios'
-- shards only on a distributed engine) were upserted ($3 calc ids at $4 run times): their calcs
-- no longer there (a calc removed, or moved in time in the partitioned layout, where run_at is
-- part of the key). Unchanged calcs stay untouched: a run read again (the overlap window, an
-- open run) costs what changed, not a delete and an insert of every calc.
--
-- The calcs that vanished are a set difference (EXCEPT: hashed or sorted, linear in the runs'
-- calcs), not a NOT EXISTS over the arrays: the runs' and scenarios' conditions are correlated
-- (a run is in one scenario), PostgreSQL multiplies their selectivities, expects one row and
-- then compares every calc with every kept one (471 × 236 in a 4S window: 14 ms for nothing).
-- Materialized, so that the DELETE reads the table again only for rows to delete (usually none).
WITH g AS MATERIALIZED (
    SELECT f.calc_id, f.run_at FROM reporting.fact_node_calculations f
     WHERE f.run_id = ANY($1::uuid[]) AND f.scenario_id = ANY($2::uuid[])
    EXCEPT
    SELECT k.calc_id, k.run_at FROM unnest($3::uuid[], $4::timestamp[]) AS k(calc_id, run_at)
)
DELETE FROM reporting.fact_node_calculations c USING g
 WHERE c.scenario_id = ANY($2::uuid[]) AND c.run_id = ANY($1::uuid[])
   AND c.calc_id = g.calc_id AND c.run_at = g.run_at
RETURNING c.scenario_id
