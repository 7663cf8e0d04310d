"""Step specification: XGBoost model evaluation."""

from contracts.model_eval_contract import MODEL_EVAL_CONTRACT
from pipeline_deps.base_specifications import (
    DependencySpec,
    DependencyType,
    NodeType,
    OutputSpec,
    StepSpecification,
    get_spec_step_type,
)

MODEL_EVAL_SPEC = StepSpecification(
    step_type=get_spec_step_type("XGBoostModelEval"),
    node_type=NodeType.INTERNAL,
    script_contract=MODEL_EVAL_CONTRACT,
    dependencies=[
        DependencySpec(
            logical_name="model_input",
            dependency_type=DependencyType.MODEL_ARTIFACTS,
            required=True,
            compatible_sources=["XGBoostTraining"],
            semantic_keywords=["model", "artifacts"],
            description="Trained model artifacts",
        ),
        DependencySpec(
            logical_name="eval_data_input",
            dependency_type=DependencyType.PROCESSING_OUTPUT,
            required=True,
            compatible_sources=["TabularPreprocessing_Calibration"],
            semantic_keywords=["eval", "calibration", "data"],
            description="Data to score",
        ),
        DependencySpec(
            logical_name="hyperparameters_input",
            dependency_type=DependencyType.HYPERPARAMETERS,
            required=False,
            compatible_sources=["HyperparameterPrep"],
            semantic_keywords=["hyperparameters", "config"],
            description="Hyperparameters used for training",
        ),
    ],
    outputs=[
        OutputSpec(
            logical_name="eval_output",
            output_type=DependencyType.PROCESSING_OUTPUT,
            property_path="properties.ProcessingOutputConfig.Outputs['eval_output'].S3Output.S3Uri",
            description="Per-record predictions",
        ),
        OutputSpec(
            logical_name="metrics_output",
            output_type=DependencyType.PROCESSING_OUTPUT,
            property_path="properties.ProcessingOutputConfig.Outputs['metrics_output'].S3Output.S3Uri",
            description="AUC, average precision and plots",
        ),
    ],
)
