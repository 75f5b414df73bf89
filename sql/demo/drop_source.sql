-- Demo seed: removes the demo's source tables (children first).
DROP TABLE IF EXISTS fc_scenario_node_calc, fc_scenario_node_data, fc_scenario_run, fc_scenario, fc_model_node, fc_model;
