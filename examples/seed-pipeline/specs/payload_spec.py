"""Step specification: MIMS payload generation."""

from contracts.mims_payload_contract import MIMS_PAYLOAD_CONTRACT
from pipeline_deps.base_specifications import (
    DependencySpec,
    DependencyType,
    NodeType,
    OutputSpec,
    StepSpecification,
)

PAYLOAD_SPEC = StepSpecification(
    step_type="Payload",
    node_type=NodeType.INTERNAL,
    script_contract=MIMS_PAYLOAD_CONTRACT,
    dependencies=[
        DependencySpec(
            logical_name="model_input",
            dependency_type=DependencyType.MODEL_ARTIFACTS,
            required=True,
            compatible_sources=["XGBoostTraining", "Package"],
            semantic_keywords=["model", "artifacts"],
            description="Model whose hyperparameters describe the input fields",
        ),
    ],
    outputs=[
        OutputSpec(
            logical_name="payload_sample",
            output_type=DependencyType.PAYLOAD_SAMPLES,
            property_path="properties.ProcessingOutputConfig.Outputs['payload_sample'].S3Output.S3Uri",
            description="Archive of sample payloads",
        ),
    ],
)
