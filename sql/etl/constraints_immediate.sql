-- name: etl.constraints_immediate
-- Before retention drops monthly partitions: the foreign key checks deferred to the commit
-- (migration 011) run now, so no partition has pending trigger events (PostgreSQL refuses to
-- drop a table that has them); the rest of the transaction checks each statement at its end.
SET CONSTRAINTS ALL IMMEDIATE
