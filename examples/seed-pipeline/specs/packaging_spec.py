"""Step specification: MIMS packaging."""

from contracts.mims_package_contract import MIMS_PACKAGE_CONTRACT
from pipeline_deps.base_specifications import (
    DependencySpec,
    DependencyType,
    NodeType,
    OutputSpec,
    StepSpecification,
    get_spec_step_type,
)

PACKAGING_SPEC = StepSpecification(
    step_type=get_spec_step_type("Package"),
    node_type=NodeType.INTERNAL,
    script_contract=MIMS_PACKAGE_CONTRACT,
    dependencies={
        "model_input": DependencySpec(
            logical_name="model_input",
            dependency_type=DependencyType.MODEL_ARTIFACTS,
            required=True,
            compatible_sources=["XGBoostTraining"],
            semantic_keywords=["model", "artifacts"],
            description="Trained model artifacts",
        ),
        "inference_scripts_input": DependencySpec(
            logical_name="inference_scripts_input",
            dependency_type=DependencyType.CUSTOM_PROPERTY,
            requried=False,
            compatible_sources=["ProcessingStep"],
            semantic_keywords=["inference", "scripts", "code"],
            description="Inference handler sources",
        ),
    },
    outputs={
        "packaged_model": OutputSpec(
            logical_name="packaged_model",
            output_type=DependencyType.MODEL_ARTIFACTS,
            property_path="properties.ProcessingOutputConfig.Outputs['packaged_model'].S3Output.S3Uri",
            description="model.tar.gz ready for registration",
        ),
    },
)
