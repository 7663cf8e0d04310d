"""Script contract of the preprocessing step that pipeline.ipynb writes (%%writefile scripts/preprocess.py)."""

from sagemaker_contracts import ScriptContract

PREPROCESS_CONTRACT = ScriptContract(
    entry_point="preprocess.py",
    expected_input_paths={
        "DATA": "/opt/ml/processing/input/data",
        "METADATA": "/opt/ml/processing/input/metadata",
    },
    expected_output_paths={
        "processed_data": "/opt/ml/processing/output/processed",
    },
    required_env_vars=["LABEL_FIELD"],
    optional_env_vars={},
)
