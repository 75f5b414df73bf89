-- name: etl.delete_vanished_calcs
-- After the node calcs of runs $1 (of scenarios $2, the fact's leading key: those scenarios'
-- shards only on a distributed engine) were upserted ($3 calc ids at $4 run times): their calcs
-- no longer there (a calc removed, or moved in time in the partitioned layout, where run_at is
-- part of the key). Unchanged calcs stay untouched: a run read again (the overlap window, an
-- open run) costs what changed, not a delete and an insert of every calc.
DELETE FROM reporting.fact_node_calculations c
 WHERE c.run_id = ANY($1::uuid[]) AND c.scenario_id = ANY($2::uuid[])
   AND NOT EXISTS (SELECT 1 FROM unnest($3::uuid[], $4::timestamp[]) AS k(calc_id, run_at)
                    WHERE k.calc_id = c.calc_id AND k.run_at = c.run_at)
RETURNING c.scenario_id
