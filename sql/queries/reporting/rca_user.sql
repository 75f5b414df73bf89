-- name: reporting.rca_user
-- Whether the reporting schema knows a user (dim_user or an action), and the user's latest action.
SELECT EXISTS (SELECT 1 FROM reporting.dim_user u WHERE u.user_id = $1)
       OR EXISTS (SELECT 1 FROM reporting.fact_user_action a WHERE a.user_id = $1) AS known,
       (SELECT max(a.action_at) FROM reporting.fact_user_action a WHERE a.user_id = $1) AS last_action_at
