"""Training contract for the XGBoost training step.

The training script itself is maintained in a separate repository and has
not been copied into this pipeline yet.
"""

from pipeline_deps.base_specifications import TrainingScriptContract

XGBOOST_TRAIN_CONTRACT = TrainingScriptContract(
    entry_point="train_xgb.py",
    expected_input_paths={
        "input_path": "/opt/ml/input/data",
        "config": "/opt/ml/input/config/hyperparameters.json",
    },
    expected_output_paths={
        "model_output": "/opt/ml/model",
        "evaluation_output": "/opt/ml/output/data",
    },
    required_env_vars=[],
    framework_requirements={"xgboost": "==1.7.6"},
    description="Trains a binary XGBoost classifier.",
)
