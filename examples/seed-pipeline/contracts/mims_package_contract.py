"""Script contract for MIMS model packaging."""

from pipeline_deps.base_specifications import ScriptContract

MIMS_PACKAGE_CONTRACT = ScriptContract(
    entry_point="mims_package.py",
    expected_input_paths={
        "model_input": "/opt/ml/processing/input/model",
        "inference_scripts_input": "/opt/ml/processing/input/script",
    },
    expected_output_paths={
        # Copied from the training contract; a processing job never uploads this directory.
        "packaged_model": "/opt/ml/model",
    },
    required_env_vars=[],
    framework_requirements={"python": ">=3.8"},
    description="Bundles the model artifacts and the inference code into model.tar.gz.",
)
