#!/usr/bin/env python
"""Generate sample inference payloads from the model's field lists."""

import json
import logging
import os
import tarfile
import tempfile
from pathlib import Path

logger = logging.getLogger(__name__)

SUPPORTED_CONTENT_TYPES = ("application/json", "text/csv")


def read_hyperparameters(model_dir):
    """Find hyperparameters.json next to the model, unpacking model.tar.gz if needed."""
    model_dir = Path(model_dir)
    direct = model_dir / "hyperparameters.json"
    if direct.exists():
        return json.loads(direct.read_text())
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(model_dir / "model.tar.gz", "r:gz") as tar:
            tar.extractall(tmp)
        return json.loads((Path(tmp) / "hyperparameters.json").read_text())


def build_record(hyperparams, numeric_default, text_default):
    record = {}
    for field in hyperparams.get("tab_field_list", []):
        record[field] = numeric_default
    for field in hyperparams.get("cat_field_list", []):
        record[field] = text_default
    return record


def render(record, content_type):
    if content_type == "application/json":
        return json.dumps(record)
    if content_type == "text/csv":
        return ",".join(str(v) for v in record.values())
    raise ValueError(f"unsupported content type {content_type}")


def main(input_paths, output_paths, environ_vars, job_args=None):
    hyperparams = read_hyperparameters(input_paths["model_input"])
    content_types = [c.strip() for c in environ_vars["CONTENT_TYPES"].split(",") if c.strip()]
    record = build_record(
        hyperparams,
        float(environ_vars["DEFAULT_NUMERIC_VALUE"]),
        environ_vars["DEFAULT_TEXT_VALUE"],
    )

    out_dir = Path(output_paths["payload_sample"])
    sample_dir = out_dir / "payload_samples"
    sample_dir.mkdir(parents=True, exist_ok=True)
    for i, content_type in enumerate(content_types):
        if content_type not in SUPPORTED_CONTENT_TYPES:
            logger.warning("skipping unsupported content type %s", content_type)
            continue
        suffix = "json" if content_type == "application/json" else "csv"
        (sample_dir / f"payload_{i}.{suffix}").write_text(render(record, content_type))

    archive = out_dir / "payload.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(sample_dir, arcname="payload_samples")
    logger.info("wrote %s", archive)
    return archive


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    input_paths = {"model_input": "/opt/ml/processing/input/model"}
    output_paths = {"payload_sample": "/opt/ml/processing/payloads"}
    environ_vars = {
        "CONTENT_TYPES": os.environ.get("CONTENT_TYPES", "application/json"),
        "DEFAULT_NUMERIC_VALUE": os.environ.get("DEFAULT_NUMERIC_VALUE", "0.0"),
        "DEFAULT_TEXT_VALUE": os.environ.get("DEFAULT_TEXT_VALUE", "DEFAULT_TEXT"),
    }
    main(input_paths, output_paths, environ_vars)
