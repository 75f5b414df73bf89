-- name: verify.source_users
-- Every user id the ETL copies (the user columns of scenarios, runs and saves), for the
-- pseudonyms of a copy loaded with --pseudonymise-users (src/ops/verify.ts maps them).
SELECT DISTINCT u.user_id
  FROM (SELECT created_by FROM fc_scenario
        UNION SELECT updated_by FROM fc_scenario
        UNION SELECT submitted_by FROM fc_scenario
        UNION SELECT locked_by FROM fc_scenario
        UNION SELECT run_by FROM fc_scenario_run
        UNION SELECT created_by FROM fc_scenario_node_data) AS u(user_id)
 WHERE u.user_id IS NOT NULL
