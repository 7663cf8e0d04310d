#!/usr/bin/env python
"""Package model artifacts and inference code into a single model.tar.gz."""

import logging
import os
import shutil
import tarfile
from pathlib import Path

logger = logging.getLogger(__name__)


def ensure_directory(directory):
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def extract_tarfile(tar_path, extract_to):
    with tarfile.open(tar_path, "r:*") as tar:
        tar.extractall(path=extract_to)


def copy_tree(src_dir, dst_dir):
    src_dir, dst_dir = Path(src_dir), ensure_directory(dst_dir)
    copied = 0
    for item in src_dir.rglob("*"):
        if item.is_file():
            target = dst_dir / item.relative_to(src_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(item, target)  # script-contracts: ignore[hardcoded-path]
            copied += 1
    return copied


def create_tarfile(output_tar, source_dir):
    with tarfile.open(output_tar, "w:gz") as tar:
        for item in Path(source_dir).rglob("*"):
            if item.is_file():
                tar.add(item, arcname=str(item.relative_to(source_dir)))
    return Path(output_tar).stat().st_size


def main(input_paths, output_paths, environ_vars, job_args=None):
    model_dir = Path(input_paths["model_input"])
    script_dir = Path(input_paths["inference_scripts_input"])
    output_dir = ensure_directory(output_paths["packaged_model"])
    working_dir = ensure_directory("/opt/ml/processing/working")

    model_tar = model_dir / "model.tar.gz"
    if model_tar.exists():
        extract_tarfile(model_tar, working_dir)
    else:
        copy_tree(model_dir, working_dir)

    code_dir = working_dir / "code"
    copied = copy_tree(script_dir, code_dir)
    logger.info("copied %d inference files into %s", copied, code_dir)

    size = create_tarfile(output_dir / "model.tar.gz", working_dir)
    logger.info("wrote %s (%d bytes)", output_dir / "model.tar.gz", size)
    return output_dir / "model.tar.gz"


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    input_paths = {
        "model_input": "/opt/ml/processing/input/model",
        "inference_scripts_input": "/opt/ml/processing/input/script",
        # left over from the calibration experiment; nothing reads it any more
        "calibration_model": "/opt/ml/processing/input/model/calibration",
    }
    output_paths = {
        "packaged_model": "/opt/ml/model",
    }
    environ_vars = {}
    main(input_paths, output_paths, environ_vars)
