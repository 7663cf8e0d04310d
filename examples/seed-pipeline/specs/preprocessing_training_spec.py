"""Step specification: tabular preprocessing, training job type."""

from pipeline_deps.base_specifications import (
    DependencySpec,
    DependencyType,
    NodeType,
    OutputSpec,
    StepSpecification,
    get_spec_step_type_with_job_type,
)


def _get_contract():
    # Imported lazily so that loading the spec never drags in the script side.
    from contracts.tabular_preprocess_contract import TABULAR_PREPROCESS_CONTRACT

    return TABULAR_PREPROCESS_CONTRACT


PREPROCESSING_TRAINING_SPEC = StepSpecification(
    step_type=get_spec_step_type_with_job_type("TabularPreprocessing", "training"),
    node_type=NodeType.INTERNAL,
    script_contract=_get_contract(),
    dependencies=[
        DependencySpec(
            logical_name="DATA",
            dependency_type=DependencyType.PROCESSING_OUTPUT,
            required=True,
            compatible_sources=["CradleDataLoading_Training"],
            semantic_keywords=["data", "input", "raw", "training"],
            description="Raw training shards",
        ),
        DependencySpec(
            logical_name="METADATA",
            dependency_type=DependencyType.PROCESSING_OUTPUT,
            required=False,
            compatible_sources=["CradleDataLoading_Training"],
            semantic_keywords=["metadata", "schema"],
            description="Column metadata from the data load",
        ),
        DependencySpec(
            logical_name="SIGNATURE",
            dependency_type=DependencyType.PROCESSING_OUTPUT,
            required=False,
            compatible_sources=["CradleDataLoading_Training"],
            semantic_keywords=["signature", "header"],
            description="Column header signature",
        ),
    ],
    outputs=[
        OutputSpec(
            logical_name="processed_data",
            output_type=DependencyType.PROCESSING_OUTPUT,
            property_path="properties.ProcessingOutputConfig.Outputs['processed_data'].S3Output.S3Uri",
            description="train/test/val splits",
        ),
    ],
)
