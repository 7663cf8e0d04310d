"""Script contract for MIMS payload generation."""

from pipeline_deps.base_specifications import ScriptContract

MIMS_PAYLOAD_CONTRACT = ScriptContract(
    entry_point="mims_payload.py",
    expected_input_paths={
        "model_input": "/opt/ml/processing/input/model",
        # re-added while merging the content-type change
        "model_input": "/opt/ml/processing/input/model",
    },
    expected_output_paths={
        "payload_sample": "/opt/ml/processing/output",
    },
    required_env_vars=[],
    optional_env_vars={
        "CONTENT_TYPES": "application/json",
        "DEFAULT_NUMERIC_VALUE": "0.0",
        "DEFAULT_TEXT_VALUE": "DEFAULT_TEXT",
    },
    framework_requirement={"python": ">=3.8"},
    description="Writes sample request payloads for every supported content type.",
)
