"""Scores the model on the test set and writes the evaluation report."""
import argparse
import json
import pathlib
import tarfile

import joblib
import pandas as pd
from sklearn.metrics import accuracy_score, f1_score

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--min-f1", type=float, required=True)
    args = parser.parse_args()
    with tarfile.open("/opt/ml/processing/model/model.tar.gz") as tar:
        tar.extractall(path=".")
    model = joblib.load("model.joblib")
    df = pd.read_csv("/opt/ml/processing/test/test.csv")
    predictions = model.predict(df.drop(columns=["churn"]))
    print(f"scored {len(df)} rows against an F1 floor of {args.min_f1}")
    report_dict = {
        "classification_metrics": {
            "accuracy": {"value": accuracy_score(df["churn"], predictions)},
            "f1_score": {"value": f1_score(df["churn"], predictions)},
        },
    }
    output_dir = "/opt/ml/processing/evaluation"
    pathlib.Path(output_dir).mkdir(parents=True, exist_ok=True)
    with open(f"{output_dir}/evaluation.json", "w") as f:
        f.write(json.dumps(report_dict))
