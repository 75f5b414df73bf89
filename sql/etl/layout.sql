-- name: etl.layout
SELECT value AS layout FROM reporting.settings WHERE name = 'fact_layout'
