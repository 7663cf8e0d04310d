"""Python copy of the risk table mapping contract.

interfaces/risk_table_mapping.step.yaml is the maintained version; this copy
was kept for an older step builder and has fallen behind.
"""

from pipeline_deps.base_specifications import ScriptContract

RISK_TABLE_MAPPING_CONTRACT = ScriptContract(
    entry_point="risk_table_mapping.py",
    expected_input_paths={
        "data_input": "/opt/ml/processing/input/data",
        "risk_tables": "/opt/ml/processing/input/risk_table",
    },
    expected_output_paths={
        "processed_data": "/opt/ml/processing/output",
    },
    required_env_vars=["LABEL_FIELD"],
    optional_env_vars={"SMOOTH_FACTOR": "0.01"},
    expected_arguments={"job_type": "--job_type"},
    description="Maps categorical columns to smoothed risk scores.",
)
