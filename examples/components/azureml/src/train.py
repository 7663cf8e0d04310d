"""Trains the model on the prepared data (run by components/train.yml)."""

import argparse
from pathlib import Path


def parse_args():
    parser = argparse.ArgumentParser(description="Train the model")
    parser.add_argument("--data", type=str, required=True, help="prepared training data")
    parser.add_argument("--learning_rate", type=float, default=0.01)
    parser.add_argument("--model_output", type=str, required=True)
    parser.add_argument("--model_dir", type=str, required=True, help="where checkpoints go")
    parser.add_argument("--use_scaling", type=str, default="false")
    parser.add_argument("--seed", type=int, default=42)
    return parser.parse_args()


def main():
    args = parse_args()
    Path(args.model_output).mkdir(parents=True, exist_ok=True)
    print(f"training on {args.data} with lr={args.learning_rate}")


if __name__ == "__main__":
    main()
