"""Step specification: tabular preprocessing, calibration job type.

Shares its script contract with the training variant; the calibration job
does not receive a signature file.
"""

from contracts.tabular_preprocess_contract import TABULAR_PREPROCESS_CONTRACT
from pipeline_deps.base_specifications import (
    DependencySpec,
    DependencyType,
    NodeType,
    OutputSpec,
    StepSpecification,
)

PREPROCESSING_CALIBRATION_SPEC = StepSpecification(
    step_type="TabularPreprocessing_Calibration",
    node_type=NodeType.INTERNAL,
    script_contract=TABULAR_PREPROCESS_CONTRACT,
    dependencies=[
        DependencySpec(
            logical_name="DATA",
            dependency_type=DependencyType.PROCESSING_OUTPUT,
            required=True,
            compatible_sources=["CradleDataLoading_Calibration"],
            semantic_keywords=["data", "calibration"],
            description="Raw calibration shards",
        ),
        DependencySpec(
            logical_name="METADATA",
            dependency_type=DependencyType.PROCESSING_OUTPUT,
            required=False,
            compatible_sources=["CradleDataLoading_Calibration"],
            semantic_keywords=["metadata"],
            description="Column metadata from the data load",
        ),
    ],
    outputs=[
        OutputSpec(
            logical_name="processed_data",
            output_type=DependencyType.PROCESSING_OUTPUT,
            property_path="properties.ProcessingOutputConfig.Outputs['processed_data'].S3Output.S3Uri",
            description="calibration split",
        ),
    ],
)
