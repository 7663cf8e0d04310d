"""Base classes shared by script contracts and step specifications.

Only static definitions live here. Nothing in this module touches the
container file system, so the checker treats it as a plain library module.
"""

from enum import Enum
from typing import Dict, List, Optional, Union

from pydantic import BaseModel, Field


class DependencyType(str, Enum):
    """Kinds of artifact one step can hand to the next."""

    MODEL_ARTIFACTS = "model_artifacts"
    PROCESSING_OUTPUT = "processing_output"
    TRAINING_DATA = "training_data"
    HYPERPARAMETERS = "hyperparameters"
    PAYLOAD_SAMPLES = "payload_samples"
    CUSTOM_PROPERTY = "custom_property"


class NodeType(str, Enum):
    SOURCE = "source"
    INTERNAL = "internal"
    SINK = "sink"


class ScriptContract(BaseModel):
    """What a processing script expects from its container.

    Logical channel names map to container paths. The step builder mounts
    each channel at the declared path; the script reads the path through its
    ``input_paths`` / ``output_paths`` dictionaries.
    """

    entry_point: str
    expected_input_paths: Dict[str, str] = Field(default_factory=dict)
    expected_output_paths: Dict[str, str] = Field(default_factory=dict)
    required_env_vars: List[str] = Field(default_factory=list)
    optional_env_vars: Dict[str, str] = Field(default_factory=dict)
    expected_arguments: Dict[str, str] = Field(default_factory=dict)
    framework_requirements: Dict[str, str] = Field(default_factory=dict)
    description: str = ""


class TrainingScriptContract(ScriptContract):
    """Contract for a training job: channels live under the training layout
    (input data and config directories in, model and output data out)."""


class DependencySpec(BaseModel):
    logical_name: str
    dependency_type: DependencyType
    required: bool = True
    compatible_sources: List[str] = Field(default_factory=list)
    semantic_keywords: List[str] = Field(default_factory=list)
    data_type: str = "S3Uri"
    description: str = ""


class OutputSpec(BaseModel):
    logical_name: str
    output_type: DependencyType
    property_path: str
    data_type: str = "S3Uri"
    description: str = ""
    aliases: List[str] = Field(default_factory=list)


class StepSpecification(BaseModel):
    step_type: str
    node_type: NodeType = NodeType.INTERNAL
    script_contract: Optional[ScriptContract] = None
    dependencies: Union[List[DependencySpec], Dict[str, DependencySpec]] = Field(default_factory=list)
    outputs: Union[List[OutputSpec], Dict[str, OutputSpec]] = Field(default_factory=list)


def get_spec_step_type(base_name: str) -> str:
    """Canonical step type name for a specification."""
    return base_name


def get_spec_step_type_with_job_type(base_name: str, job_type: str) -> str:
    """Step type of a job-type variant, e.g. ``TabularPreprocessing_Training``."""
    return f"{base_name}_{job_type.capitalize()}"
