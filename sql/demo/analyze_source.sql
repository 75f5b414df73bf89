-- Demo seed: fresh planner statistics after loading the source tables.
ANALYZE fc_model, fc_model_node, fc_scenario, fc_scenario_run, fc_scenario_node_data, fc_scenario_node_calc;
