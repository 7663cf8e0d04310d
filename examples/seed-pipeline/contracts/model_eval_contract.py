"""Script contract for XGBoost model evaluation."""

from pipeline_deps.base_specifications import ScriptContract

MODEL_EVAL_CONTRACT = ScriptContract(
    entry_point="model_eval_xgb.py",
    expected_input_paths={
        "model_input": "/opt/ml/processing/input/model",
        "eval_data_input": "/opt/ml/processing/input/eval_data",
        "code_input": "/opt/ml/processing/input/code",
    },
    expected_output_paths={
        "eval_output": "/opt/ml/processing/output/eval",
        "metrics_output": "/opt/ml/processing/output/metrics",
    },
    required_env_vars=[
        "ID_FIELD",
        "LABEL_FIELD",
    ],
    expected_arguments={"job-type": "--job-type"},
    framework_requirements={"xgboost": "==1.7.6", "scikit-learn": ">=1.0.0", "pandas": ">=1.3.0"},
    description="Scores the evaluation data with the trained model and writes predictions and metrics.",
)
