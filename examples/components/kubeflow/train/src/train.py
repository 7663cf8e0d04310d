"""Kubeflow training program (components/train/component.yaml)."""

import argparse


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-path", required=True)
    parser.add_argument("--learning-rate", type=float, default=0.001)
    parser.add_argument("--batch_size", type=int, default=32)
    parser.add_argument("--dropout", type=float, default=0.2)
    parser.add_argument("--model-path", required=True)
    args = parser.parse_args()
    print(args)


if __name__ == "__main__":
    main()
