"""Scores the test data with a trained model (run by pipelines/run_pipeline.py)."""

import argparse


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", type=str, required=True)
    parser.add_argument("--test_data", type=str, required=True)
    parser.add_argument("--predictions", type=str, required=True)
    args = parser.parse_args()
    print(args.model, args.test_data, args.predictions)


if __name__ == "__main__":
    main()
