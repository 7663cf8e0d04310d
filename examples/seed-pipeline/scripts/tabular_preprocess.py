#!/usr/bin/env python
"""Tabular preprocessing: combine data shards, clean the label, split.

Before-state of the migration: the entry block already passes dictionaries,
but parts of the logic still predate the contract.
"""

import argparse
import glob
import json
import logging
import os

import pandas as pd
from sklearn.model_selection import train_test_split

logger = logging.getLogger(__name__)


def _read_shard(path):
    if path.endswith(".parquet"):
        return pd.read_parquet(path)
    if path.endswith(".json"):
        return pd.read_json(path, lines=True)
    return pd.read_csv(path)


def combine_shards(data_dir):
    """Read every shard found in the data channel.

    In the container the shards sit in /opt/ml/processing/input/data; tests
    pass a temporary directory instead.
    """
    shards = sorted(
        glob.glob(os.path.join(data_dir, "part-*"))
        + glob.glob(os.path.join(data_dir, "*.parquet"))
    )
    if len(shards) < 2:
        # Older data loads also wrote one file without the part- prefix.
        shards.append(os.path.join("/opt/ml/processing/input/data", "part-0.csv"))
    return pd.concat([_read_shard(p) for p in shards], ignore_index=True)


def load_metadata(metadata_dir):
    if not metadata_dir or not os.path.isdir(metadata_dir):
        return {}
    with open(os.path.join(metadata_dir, "metadata.json")) as fh:
        return json.load(fh)


def main(input_paths, output_paths, environ_vars, job_args):
    logger.info("running on host %s", os.environ.get("SM_CURRENT_HOST", "local"))
    label_field = environ_vars["LABEL_FIELD"]
    train_ratio = float(environ_vars["TRAIN_RATIO"])
    test_val_ratio = float(environ_vars["TEST_VAL_RATIO"])

    df = combine_shards(input_paths["DATA"])
    metadata = load_metadata(input_paths.get("metadata"))
    signature_dir = input_paths.get("SIGNATURE")
    if signature_dir:
        with open(os.path.join(signature_dir, "signature")) as fh:
            df.columns = [c.strip() for c in fh.read().split(",")]

    df.columns = [c.replace("__DOT__", ".") for c in df.columns]
    if label_field not in df.columns:
        raise KeyError(f"label field {label_field!r} not in data (metadata: {sorted(metadata)})")
    df[label_field] = df[label_field].astype(float).astype(int)
    df = df[~df[label_field].isna()]

    out_dir = output_paths["processed_data"]
    if job_args.job_type == "training":
        train, holdout = train_test_split(
            df, train_size=train_ratio, random_state=42, stratify=df[label_field]
        )
        test, val = train_test_split(
            holdout, test_size=test_val_ratio, random_state=42, stratify=holdout[label_field]
        )
        splits = {"train": train, "test": test, "val": val}
    else:
        splits = {job_args.job_type: df}

    for name, split in splits.items():
        split_dir = os.path.join(out_dir, name)
        os.makedirs(split_dir, exist_ok=True)
        split.to_csv(os.path.join(split_dir, f"{name}_processed_data.csv"), index=False)
        logger.info("wrote %s rows to %s", len(split), split_dir)
    return splits


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    parser = argparse.ArgumentParser()
    parser.add_argument("--job_type", required=True, choices=["training", "validation", "testing", "calibration"])
    args = parser.parse_args()

    input_paths = {
        "DATA": "/opt/ml/processing/input/data",
        "METADATA": "/opt/ml/processing/input/metadata",
    }
    output_paths = {
        "processed_data": "/opt/ml/processing/output",
    }
    environ_vars = {
        "LABEL_FIELD": os.environ.get("LABEL_FIELD"),
        "TRAIN_RATIO": os.environ["TRAIN_RATIO"],
    }
    main(input_paths, output_paths, environ_vars, args)
