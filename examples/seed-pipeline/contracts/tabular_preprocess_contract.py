"""Script contract for the tabular preprocessing step."""

from pipeline_deps.base_specifications import ScriptContract

TABULAR_PREPROCESS_CONTRACT = ScriptContract(
    entry_point="tabular_preprocess.py",
    expected_input_paths={
        "DATA": "/opt/ml/processing/input/data",
        "METADATA": "/opt/ml/processing/input/metadata",
        "SIGNATURE": "/opt/ml/processing/input/signature",
    },
    expected_output_paths={
        "processed_data": "/opt/ml/processing/output",
    },
    required_env_vars=["LABEL_FIELD", "TRAIN_RATIO", "TEST_VAL_RATIO"],
    optional_env_vars={"CATEGORICAL_COLUMNS": ""},
    expected_arguments={"job_type": "--job_type"},
    framework_requirements={"pandas": ">=1.3.0", "scikit-learn": ">=1.0.0"},
    description=(
        "Combines the CSV/Parquet shards under /opt/ml/processing/input/data, "
        "normalises the label column and writes train/test/val splits "
        "(or a single calibration split) to /opt/ml/processing/output."
    ),
)
