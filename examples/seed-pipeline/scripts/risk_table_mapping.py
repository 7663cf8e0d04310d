#!/usr/bin/env python
"""Risk table mapping: replace categorical values with smoothed label rates.

This script already follows the migrated pattern: it asks the runtime for
its channels by logical name and never spells out a container path.
"""

import argparse
import logging
import os
import pickle as pkl

import pandas as pd

from pipeline_runtime.script_runtime import SpecificationAwareScriptRuntime

logger = logging.getLogger(__name__)


def fit_risk_tables(df, label_field, smooth_factor, min_count=5):
    prior = df[label_field].mean()
    tables = {}
    for column in df.select_dtypes(include="object").columns:
        stats = df.groupby(column)[label_field].agg(["sum", "count"])
        weight = smooth_factor * len(df)
        smoothed = (stats["sum"] + prior * weight) / (stats["count"] + weight)
        smoothed[stats["count"] < min_count] = prior
        tables[column] = {"bins": smoothed.to_dict(), "default_bin": prior}
    return tables


def apply_risk_tables(df, tables):
    for column, table in tables.items():
        if column in df.columns:
            df[column] = df[column].map(table["bins"]).fillna(table["default_bin"])
    return df


def main(job_type):
    runtime = SpecificationAwareScriptRuntime("RiskTableMapping")
    label_field = os.environ["LABEL_FIELD"]
    smooth_factor = float(os.environ.get("SMOOTH_FACTOR", "0.01"))

    data_dir = runtime.get_input_path("data_input")
    df = pd.read_csv(os.path.join(data_dir, job_type, f"{job_type}_processed_data.csv"))

    if job_type == "training":
        tables = fit_risk_tables(df, label_field, smooth_factor)
    else:
        with open(os.path.join(runtime.get_input_path("risk_tables"), "bin_mapping.pkl"), "rb") as fh:
            tables = pkl.load(fh)

    out_dir = os.path.join(runtime.get_output_path("processed_data"), job_type)
    os.makedirs(out_dir, exist_ok=True)
    apply_risk_tables(df, tables).to_csv(os.path.join(out_dir, f"{job_type}_processed_data.csv"), index=False)
    with open(os.path.join(out_dir, "bin_mapping.pkl"), "wb") as fh:
        pkl.dump(tables, fh)
    logger.info("mapped %d categorical columns for %s", len(tables), job_type)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    parser = argparse.ArgumentParser()
    parser.add_argument("--job_type", required=True)
    args = parser.parse_args()
    main(args.job_type)
