#!/usr/bin/env python
"""Evaluate a trained XGBoost model on the evaluation split."""

import argparse
import json
import logging
import os
import pickle as pkl

import numpy as np
import pandas as pd
import xgboost as xgb
from sklearn.metrics import average_precision_score, roc_auc_score

logger = logging.getLogger(__name__)


def load_model(model_dir, hyperparams_path="/opt/ml/processing/input/model/hyperparameters.json"):
    model = xgb.Booster()
    model.load_model(os.path.join(model_dir, "xgboost_model.bst"))
    with open(os.path.join(model_dir, "risk_table_map.pkl"), "rb") as fh:
        risk_tables = pkl.load(fh)
    with open(os.path.join(model_dir, "impute_dict.pkl"), "rb") as fh:
        impute_dict = pkl.load(fh)
    with open(hyperparams_path) as fh:
        hyperparams = json.load(fh)
    return model, risk_tables, impute_dict, hyperparams


def preprocess(df, risk_tables, impute_dict):
    for column, table in risk_tables.items():
        if column in df.columns:
            default = table.get("default_bin", 0.0)
            df[column] = df[column].map(table["bins"]).fillna(default)
    for column, value in impute_dict.items():
        if column in df.columns:
            df[column] = df[column].fillna(value)
    return df


def load_eval_data(eval_dir):
    files = [f for f in sorted(os.listdir(eval_dir)) if f.endswith((".csv", ".parquet"))]
    if not files:
        raise FileNotFoundError(f"no evaluation data in {eval_dir}")
    path = os.path.join(eval_dir, files[0])
    return pd.read_parquet(path) if path.endswith(".parquet") else pd.read_csv(path)


def compute_metrics(y_true, y_prob, threshold):
    y_pred = (y_prob >= threshold).astype(int)
    return {
        "auc_roc": float(roc_auc_score(y_true, y_prob)),
        "average_precision": float(average_precision_score(y_true, y_prob)),
        "accuracy_at_threshold": float(np.mean(y_pred == y_true)),
        "threshold": threshold,
    }


def main(input_paths, output_paths, environ_vars, job_args):
    os.environ["OMP_NUM_THREADS"] = "4"
    label_field = environ_vars["LABEL_FIELD"]
    threshold = float(os.environ["DECISION_THRESHOLD"])

    model, risk_tables, impute_dict, hyperparams = load_model(input_paths["model_input"])
    df = preprocess(load_eval_data(input_paths["eval_data_input"]), risk_tables, impute_dict)
    features = hyperparams["tab_field_list"] + hyperparams["cat_field_list"]
    y_prob = model.predict(xgb.DMatrix(df[features].values))
    y_true = df[label_field].values

    metrics = compute_metrics(y_true, y_prob, threshold)
    logger.info("job %s metrics: %s", job_args.job_type, metrics)

    eval_dir = output_paths["eval_output"]
    metrics_dir = output_paths["metrics_output"]
    os.makedirs(eval_dir, exist_ok=True)
    os.makedirs(metrics_dir, exist_ok=True)
    if job_args.save_predictions:
        out = pd.DataFrame({label_field: y_true, "prob": y_prob})
        out.to_csv(os.path.join(eval_dir, "eval_predictions.csv"), index=False)
    with open(os.path.join(metrics_dir, "metrics.json"), "w") as fh:
        json.dump(metrics, fh, indent=2)
    if os.environ.get("EVAL_DEBUG"):  # script-contracts: ignore[undeclared-env-var]
        df.head(100).to_csv(os.path.join(eval_dir, "debug_sample.csv"), index=False)
    return metrics


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    parser = argparse.ArgumentParser()
    parser.add_argument("--job_type", required=True)
    parser.add_argument("--save-predictions", action="store_true")
    args = parser.parse_args()

    input_paths = {
        "model_input": "/opt/ml/processing/input/model",
        "eval_data_input": "/opt/ml/processing/input/eval_data",
    }
    output_paths = {
        "eval_output": "/opt/ml/processing/output/eval",
        "metrics_output": "/opt/ml/processing/output/metrics",
    }
    environ_vars = {
        "LABEL_FIELD": os.environ.get("LABEL_FIELD"),
    }
    main(input_paths, output_paths, environ_vars, args)
