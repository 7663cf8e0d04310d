"""Prepares the raw data (run by components/prep.yml)."""

import argparse


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--raw_data", type=str, required=True)
    parser.add_argument("--prepared_data", type=str, required=True)
    # Unknown flags are kept for the platform's own wrapper.
    args, _rest = parser.parse_known_args()
    print(args.raw_data, args.prepared_data)


if __name__ == "__main__":
    main()
