"""Trains a random forest on the train channel."""
import argparse
import os

import joblib
import pandas as pd
from sklearn.ensemble import RandomForestClassifier

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--n-estimators", type=int, default=50)
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--model-dir", default=os.environ.get("SM_MODEL_DIR"))
    parser.add_argument("--train", default=os.environ["SM_CHANNEL_TRAINING"])
    args = parser.parse_args()

    df = pd.read_csv(os.path.join(args.train, "train.csv"))
    model = RandomForestClassifier(n_estimators=args.n_estimators).fit(df.drop(columns=["churn"]), df["churn"])
    joblib.dump(model, os.path.join(args.model_dir, "model.joblib"))
