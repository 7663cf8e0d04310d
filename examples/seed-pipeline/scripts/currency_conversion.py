#!/usr/bin/env python
"""Convert monetary columns to USD.

Added to the pipeline directory before anyone wrote a contract for it.
"""

import argparse
import os

import pandas as pd


def convert(df, rate_column, amount_columns):
    for column in amount_columns:
        df[column] = df[column] * df[rate_column]
    return df


def main(input_paths, output_paths, amount_columns):
    df = pd.read_csv(os.path.join(input_paths["data_input"], "data.csv"))
    df = convert(df, "exchange_rate", amount_columns)
    os.makedirs(output_paths["converted_data"], exist_ok=True)
    df.to_csv(os.path.join(output_paths["converted_data"], "data.csv"), index=False)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--input-dir", required=True)
    parser.add_argument("--output-dir", required=True)
    parser.add_argument("--amount-columns", default="price")
    args = parser.parse_args()
    main(
        {"data_input": args.input_dir},
        {"converted_data": args.output_dir},
        args.amount_columns.split(","),
    )
