"""Splits the raw data into train, validation and test sets."""
import argparse
import os

import pandas as pd

BASE_DIR = "/opt/ml/processing"

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--train-ratio", type=float, default=0.7)
    args = parser.parse_args()

    label = os.environ["LABEL_COLUMN"]
    df = pd.read_csv(f"{BASE_DIR}/input/data.csv")
    lookup = pd.read_csv(os.path.join(BASE_DIR, "input", "lookup.csv"))
    df = df.merge(lookup, on="id")
    n = len(df)
    train_end = int(n * args.train_ratio)
    df[:train_end].to_csv(f"{BASE_DIR}/train/train.csv", index=False)
    df[train_end:].to_csv(f"{BASE_DIR}/test/test.csv", index=False)
    df.describe().to_csv(f"{BASE_DIR}/stats/summary.csv")
