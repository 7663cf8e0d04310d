#!/usr/bin/env node
// Deterministic synthetic pipeline workspace generator for the Script Contracts
// benchmark.
//
//   node bench/generate.mjs --steps N --out DIR [--seed S] [--probe-lines L]
//
// Writes DIR/ with, per step, a script contract, one to three step
// specifications (job-type variants) and a processing/training script, plus
// ordinary Python modules with no pipeline content (utilities, data classes,
// tests) that make up about half of the bytes. About 10% of the steps carry a
// planted misalignment; every plant is recorded in DIR/manifest.json as
// { file, rule, key } with `file` relative to DIR.
//
// Step 0 is the "probe" step: a clean step whose script is ~2,000 lines; the
// language-server benchmark opens and edits it (see manifest.probe).
//
// Same arguments => byte-identical output (seeded mulberry32, no clock, no
// Math.random, no dependence on file-system order).

import { mkdirSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_STEPS = 100; // 1x: ~460 Python files, ~6.6 MB
export const DEFAULT_SEED = 1;
export const GENERATOR_VERSION = 5; // bump when output changes (run.mjs keys its reuse on it)

// ---------------------------------------------------------------------------
// PRNG and helpers

export function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  constructor(seed) {
    this.next = mulberry32(seed);
  }
  int(lo, hi) {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  } // inclusive
  pick(arr) {
    return arr[Math.floor(this.next() * arr.length)];
  }
  chance(p) {
    return this.next() < p;
  }
  sample(arr, k) {
    const a = arr.slice();
    this.shuffle(a);
    return a.slice(0, Math.min(k, a.length));
  }
  shuffle(a) {
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  }
  fork(salt) {
    return new Rng((Math.floor(this.next() * 0xffffffff) ^ salt) >>> 0);
  }
}

const pascal = (s) =>
  s
    .split('_')
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
const upper = (s) => s.toUpperCase();
const q = (s) => JSON.stringify(s);

// ---------------------------------------------------------------------------
// Vocabulary

const DOMAINS = [
  'tabular',
  'risk_table',
  'currency',
  'payload',
  'feature',
  'label',
  'holdout',
  'calibration',
  'bsm',
  'text',
  'address',
  'session',
  'merchant',
  'order',
  'buyer',
  'seller',
  'shipment',
  'claim',
  'refund',
  'inventory',
  'catalog',
  'pricing',
  'review',
  'fraud',
  'abuse',
  'device',
  'geo',
  'email',
  'clickstream',
  'ledger',
];
const ACTIONS = [
  'preprocess',
  'mapping',
  'conversion',
  'selection',
  'imputation',
  'encoding',
  'split',
  'sampling',
  'aggregation',
  'validation',
  'normalization',
  'join',
  'dedup',
  'scoring',
  'enrichment',
  'bucketing',
  'tokenize',
  'profile',
  'filter',
  'export',
];
const TRAIN_ACTIONS = ['train', 'finetune', 'fit'];
const COLUMNS = [
  'order_id',
  'customer_id',
  'amount',
  'currency_code',
  'event_ts',
  'country',
  'marketplace_id',
  'item_count',
  'days_since_signup',
  'payment_method',
  'is_prime',
  'shipping_speed',
  'category',
  'price',
  'discount',
  'quantity',
  'session_length',
  'page_views',
  'device_type',
  'browser',
  'zip_code',
  'score',
  'risk_bucket',
  'merchant_id',
  'seller_rating',
  'review_count',
  'refund_count',
  'claim_amount',
  'txn_count_7d',
  'txn_amount_30d',
  'email_domain',
  'ip_country',
  'billing_country',
  'account_age',
  'chargeback_flag',
];
const LABELS = ['is_abuse', 'is_fraud', 'label', 'target', 'converted', 'churned'];
const VARIANTS = ['training', 'validation', 'testing', 'calibration'];
const UTIL_TOPICS = [
  'strings',
  'timing',
  'retry',
  'io_helpers',
  'stats',
  'dates',
  'naming',
  'cache',
  'hashing',
  'batching',
  'formatting',
  'validation',
  'sampling',
  'schema',
  'tables',
  'currency_math',
  'text_norm',
];
const MODEL_TOPICS = [
  'order',
  'customer',
  'merchant',
  'shipment',
  'claim',
  'review',
  'session',
  'ledger_entry',
  'price_point',
  'catalog_item',
  'risk_score',
  'feature_row',
];

// Extra input channels and what kind of loader reads them.
const EXTRA_INPUTS = [
  ['METADATA', 'metadata'],
  ['SIGNATURE', 'signature'],
  ['risk_tables', 'risk_tables'],
  ['currency_rates', 'currency_rates'],
  ['feature_list', 'feature_list'],
  ['model_input', 'model'],
  ['lookup', 'lookup'],
  ['calibration_data', 'calibration'],
];
const EXTRA_OUTPUTS = [
  ['metrics_output', 'metrics'],
  ['report_output', 'report'],
  ['artifacts_output', 'artifacts'],
  ['risk_tables_output', 'risk_tables_out'],
];
const ENV_POOL = [
  'LABEL_FIELD',
  'TRAIN_RATIO',
  'TEST_VAL_RATIO',
  'ID_FIELD',
  'MARKETPLACE_ID_COL',
  'CURRENCY_COL',
  'SMOOTH_FACTOR',
  'COUNT_THRESHOLD',
  'CATEGORICAL_COLUMNS',
  'NUMERIC_COLUMNS',
  'TARGET_METRIC',
  'BATCH_SIZE',
  'MAX_ROWS',
  'DEFAULT_CURRENCY',
  'OUTPUT_FORMAT',
  'SAMPLE_RATE',
  'RANDOM_SEED',
  'TIMESTAMP_FIELD',
];
const OPT_ENV_POOL = [
  ['DEBUG_MODE', 'false'],
  ['LOG_LEVEL', 'INFO'],
  ['N_WORKERS', '2'],
  ['CHUNK_SIZE', '100000'],
  ['KEEP_RAW_COLUMNS', ''],
  ['DROP_COLUMNS', ''],
];

// ---------------------------------------------------------------------------
// Python helper-function templates (pandas-like work). Each returns lines.

function colPick(r, n) {
  return r.sample(COLUMNS, n);
}

const HELPERS = [
  (r, name) => {
    const [a, b] = colPick(r, 2);
    return `def ${name}(df, columns=None, fill_value=0.0):
    """Fill missing numeric values.

    Columns that are entirely empty are left alone so that a later schema
    check can report them instead of silently turning them into zeros.
    """
    columns = list(columns) if columns is not None else [${q(a)}, ${q(b)}]
    for col in columns:
        if col not in df.columns:
            logger.debug("column %s missing, skipping fill", col)
            continue
        if df[col].isna().all():
            # Nothing to learn from; keep NaN and move on.
            continue
        df[col] = df[col].fillna(fill_value)
    return df
`;
  },
  (r, name) => {
    const c = r.pick(COLUMNS);
    const lo = r.int(1, 5),
      hi = 100 - r.int(1, 5);
    return `def ${name}(df, column=${q(c)}, lower_pct=${lo}, upper_pct=${hi}):
    """Clip a numeric column to the given percentiles (winsorising)."""
    if column not in df.columns:
        return df
    values = pd.to_numeric(df[column], errors="coerce")
    lower = np.nanpercentile(values, lower_pct)
    upper = np.nanpercentile(values, upper_pct)
    # Percentiles of a constant column are equal; clipping would be a no-op.
    if lower == upper:
        return df
    df[column] = values.clip(lower=lower, upper=upper)
    logger.info("clipped %s to [%.4f, %.4f]", column, lower, upper)
    return df
`;
  },
  (r, name) => {
    const c = r.pick(COLUMNS);
    return `def ${name}(df, column=${q(c)}, min_count=${r.int(5, 50)}, other_label="__other__"):
    """Collapse rare categories into a single bucket.

    Categories seen fewer than \`min_count\` times are replaced by
    \`other_label\`; the mapping is returned so that scoring can reuse it.
    """
    if column not in df.columns:
        return df, {}
    counts = df[column].astype(str).value_counts()
    keep = set(counts[counts >= min_count].index)
    mapping = {value: (value if value in keep else other_label) for value in counts.index}
    df[column] = df[column].astype(str).map(mapping).fillna(other_label)
    logger.info("%s: kept %d of %d categories", column, len(keep), len(counts))
    return df, mapping
`;
  },
  (r, name) => {
    const c = r.pick(COLUMNS);
    const lab = r.pick(LABELS);
    return `def ${name}(df, column=${q(c)}, label=${q(lab)}, smooth=${r.int(1, 20)}.0):
    """Target-encode one categorical column with additive smoothing."""
    if column not in df.columns or label not in df.columns:
        return df, {}
    prior = float(df[label].mean())
    stats = df.groupby(column)[label].agg(["sum", "count"])
    # Smoothed mean: (sum + prior * smooth) / (count + smooth)
    encoded = (stats["sum"] + prior * smooth) / (stats["count"] + smooth)
    table = encoded.to_dict()
    df[column + "_te"] = df[column].map(table).fillna(prior)
    return df, {"prior": prior, "table": table}
`;
  },
  (r, name) => {
    const c = r.pick(['event_ts', 'order_date', 'created_at', 'updated_at']);
    return `def ${name}(df, column=${q(c)}):
    """Derive calendar features from a timestamp column."""
    if column not in df.columns:
        return df
    ts = pd.to_datetime(df[column], errors="coerce", utc=True)
    df[column + "_hour"] = ts.dt.hour
    df[column + "_dow"] = ts.dt.dayofweek
    df[column + "_month"] = ts.dt.month
    df[column + "_is_weekend"] = (ts.dt.dayofweek >= 5).astype(int)
    # Rows with an unparseable timestamp get -1 rather than NaN so that tree
    # models can split on them.
    for suffix in ("_hour", "_dow", "_month", "_is_weekend"):
        df[column + suffix] = df[column + suffix].fillna(-1).astype(int)
    return df
`;
  },
  (r, name) => {
    const [a, b, c] = colPick(r, 3);
    return `def ${name}(df, keys=(${q(a)},), value=${q(b)}, how="sum"):
    """Aggregate \`value\` per key and join the result back onto the frame."""
    missing = [k for k in keys if k not in df.columns]
    if missing or value not in df.columns:
        logger.warning("cannot aggregate, missing columns: %s", missing or [value])
        return df
    grouped = df.groupby(list(keys))[value].agg(how).rename(f"{value}_{how}_by_{'_'.join(keys)}")
    df = df.merge(grouped.reset_index(), on=list(keys), how="left")
    # ${c} is deliberately not part of the key: it changes within a group.
    return df
`;
  },
  (r, name) => {
    const lab = r.pick(LABELS);
    return `def ${name}(df, label=${q(lab)}, train_ratio=0.7, test_ratio=0.5, seed=${r.int(1, 9999)}):
    """Split into train/test/val with a fixed seed, stratified when possible."""
    rng = np.random.RandomState(seed)
    index = np.arange(len(df))
    rng.shuffle(index)
    n_train = int(len(index) * train_ratio)
    train_idx, rest_idx = index[:n_train], index[n_train:]
    n_test = int(len(rest_idx) * test_ratio)
    test_idx, val_idx = rest_idx[:n_test], rest_idx[n_test:]
    splits = {
        "train": df.iloc[train_idx].reset_index(drop=True),
        "test": df.iloc[test_idx].reset_index(drop=True),
        "val": df.iloc[val_idx].reset_index(drop=True),
    }
    if label in df.columns:
        for split_name, part in splits.items():
            logger.info("%s: %d rows, positive rate %.4f", split_name, len(part), part[label].mean())
    return splits
`;
  },
  (_r, name) => {
    return `def ${name}(data_dir, pattern_suffixes=(".csv", ".parquet", ".json", ".csv.gz")):
    """Read every shard found under a directory into one frame."""
    if not data_dir or not os.path.isdir(data_dir):
        raise FileNotFoundError(f"no such directory: {data_dir}")
    frames = []
    for root, _dirs, files in os.walk(data_dir):
        for file_name in sorted(files):
            path = os.path.join(root, file_name)
            if file_name.endswith(".parquet"):
                frames.append(pd.read_parquet(path))
            elif file_name.endswith(".json"):
                frames.append(pd.read_json(path, lines=True))
            elif file_name.endswith(pattern_suffixes):
                frames.append(pd.read_csv(path))
    if not frames:
        raise ValueError(f"no data shards under {data_dir}")
    logger.info("read %d shards from %s", len(frames), data_dir)
    return pd.concat(frames, ignore_index=True)
`;
  },
  (_r, name) => {
    return `def ${name}(config_dir, file_name="config.json", default=None):
    """Load an optional JSON document; return \`default\` when it is absent."""
    if not config_dir:
        return {} if default is None else default
    path = config_dir if config_dir.endswith(".json") else os.path.join(config_dir, file_name)
    if not os.path.exists(path):
        logger.info("optional config %s not present", path)
        return {} if default is None else default
    with open(path, "r", encoding="utf-8") as handle:
        try:
            return json.load(handle)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path} is not valid JSON: {exc}") from exc
`;
  },
  (r, name) => {
    const c = r.pick(COLUMNS);
    return `def ${name}(df, column=${q(c)}, n_bins=${r.int(5, 20)}):
    """Quantile-bucket a numeric column; returns the frame and the bin edges."""
    if column not in df.columns:
        return df, []
    values = pd.to_numeric(df[column], errors="coerce")
    quantiles = np.linspace(0.0, 1.0, n_bins + 1)
    edges = sorted(set(np.nanquantile(values, quantiles).tolist()))
    if len(edges) < 2:
        df[column + "_bin"] = 0
        return df, edges
    df[column + "_bin"] = pd.cut(values, bins=edges, labels=False, include_lowest=True)
    df[column + "_bin"] = df[column + "_bin"].fillna(-1).astype(int)
    return df, edges
`;
  },
  (r, name) => {
    const [a, b] = colPick(r, 2);
    return `def ${name}(df, numerator=${q(a)}, denominator=${q(b)}, name=None, eps=1e-9):
    """Add a safe ratio feature numerator / denominator."""
    name = name or f"{numerator}_per_{denominator}"
    if numerator not in df.columns or denominator not in df.columns:
        return df
    num = pd.to_numeric(df[numerator], errors="coerce")
    den = pd.to_numeric(df[denominator], errors="coerce")
    df[name] = num / (den.abs() + eps)
    # Extremely large ratios come from near-zero denominators; cap them.
    df[name] = df[name].clip(-1e6, 1e6)
    return df
`;
  },
  (_r, name) => {
    return `def ${name}(frames, out_dir, prefix="part", fmt="csv"):
    """Write a dict of frames, one sub-directory per key."""
    written = {}
    for key, frame in frames.items():
        target_dir = os.path.join(out_dir, key)
        os.makedirs(target_dir, exist_ok=True)
        if fmt == "parquet":
            path = os.path.join(target_dir, f"{prefix}-{key}.parquet")
            frame.to_parquet(path, index=False)
        else:
            path = os.path.join(target_dir, f"{prefix}-{key}.csv")
            frame.to_csv(path, index=False)
        written[key] = path
        logger.info("wrote %d rows to %s", len(frame), path)
    return written
`;
  },
  (_r, name) => {
    return `def ${name}(df, required_columns, allow_extra=True):
    """Check the frame against the expected schema and report problems."""
    problems = []
    present = set(df.columns)
    for col in required_columns:
        if col not in present:
            problems.append(f"missing column {col!r}")
    if not allow_extra:
        extra = sorted(present.difference(required_columns))
        if extra:
            problems.append(f"unexpected columns: {', '.join(extra)}")
    duplicated = df.columns[df.columns.duplicated()].tolist()
    if duplicated:
        problems.append(f"duplicated columns: {duplicated}")
    for problem in problems:
        logger.error("schema: %s", problem)
    return not problems, problems
`;
  },
  (r, name) => {
    const lab = r.pick(LABELS);
    return `def ${name}(y_true, y_score, n_thresholds=${r.int(10, 100)}):
    """Compute precision/recall at evenly spaced thresholds (no sklearn)."""
    y_true = np.asarray(y_true, dtype=float)
    y_score = np.asarray(y_score, dtype=float)
    rows = []
    for threshold in np.linspace(0.0, 1.0, n_thresholds + 1):
        predicted = y_score >= threshold
        tp = float(np.sum(predicted & (y_true == 1)))
        fp = float(np.sum(predicted & (y_true == 0)))
        fn = float(np.sum(~predicted & (y_true == 1)))
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        rows.append({"threshold": round(float(threshold), 4), "precision": precision, "recall": recall})
    # The label column (${lab}) is binary here; multi-class scores are averaged upstream.
    return pd.DataFrame(rows)
`;
  },
  (r, name) => {
    const c = r.pick(COLUMNS);
    return `def ${name}(df, column=${q(c)}, rates=None, target="USD"):
    """Convert an amount column into a single currency using a rate table."""
    rates = rates or {}
    if column not in df.columns:
        return df
    currency_col = "currency_code" if "currency_code" in df.columns else None
    if currency_col is None:
        logger.warning("no currency column; assuming amounts are already in %s", target)
        return df
    factor = df[currency_col].map(lambda code: rates.get(code, 1.0 if code == target else np.nan))
    unknown = int(factor.isna().sum())
    if unknown:
        logger.warning("%d rows have a currency without a rate", unknown)
    df[column + "_" + target.lower()] = pd.to_numeric(df[column], errors="coerce") * factor
    return df
`;
  },
  (r, name) => {
    return `def ${name}(df, text_column="description", max_tokens=${r.int(16, 256)}):
    """Very small tokeniser: lower-case, split on non-alphanumerics, truncate."""
    if text_column not in df.columns:
        return df

    def _tokenise(value):
        if not isinstance(value, str):
            return []
        tokens = []
        current = []
        for char in value.lower():
            if char.isalnum():
                current.append(char)
            elif current:
                tokens.append("".join(current))
                current = []
        if current:
            tokens.append("".join(current))
        return tokens[:max_tokens]

    df[text_column + "_tokens"] = df[text_column].map(_tokenise)
    df[text_column + "_n_tokens"] = df[text_column + "_tokens"].map(len)
    return df
`;
  },
  (r, name) => {
    const k = r.pick(COLUMNS);
    return `def ${name}(df, key=${q(k)}, keep="last", sort_by=None):
    """Drop duplicate rows per key, keeping the most recent one."""
    if key not in df.columns:
        return df
    before = len(df)
    if sort_by and sort_by in df.columns:
        df = df.sort_values(sort_by)
    df = df.drop_duplicates(subset=[key], keep=keep).reset_index(drop=True)
    logger.info("dedup on %s: %d -> %d rows", key, before, len(df))
    return df
`;
  },
  (_r, name) => {
    return `def ${name}(summary, out_dir, file_name="summary.json"):
    """Write a JSON summary next to the data, converting numpy scalars."""

    def _default(value):
        if isinstance(value, (np.integer,)):
            return int(value)
        if isinstance(value, (np.floating,)):
            return float(value)
        if isinstance(value, np.ndarray):
            return value.tolist()
        raise TypeError(f"cannot serialise {type(value).__name__}")

    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, file_name)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(summary, handle, indent=2, sort_keys=True, default=_default)
    return path
`;
  },
  (r, name) => {
    const cols = colPick(r, 4);
    return `def ${name}(df, columns=(${cols.map(q).join(', ')})):
    """Standardise numeric columns; returns the frame and the fitted statistics."""
    stats = {}
    for col in columns:
        if col not in df.columns:
            continue
        values = pd.to_numeric(df[col], errors="coerce")
        mean = float(values.mean())
        std = float(values.std(ddof=0)) or 1.0
        df[col] = (values - mean) / std
        stats[col] = {"mean": mean, "std": std}
    return df, stats
`;
  },
  (r, name) => {
    return `def ${name}(df, chunk_size=${r.pick([1000, 5000, 10000, 50000])}):
    """Yield the frame in chunks so that scoring never holds two copies."""
    total = len(df)
    for start in range(0, total, chunk_size):
        stop = min(start + chunk_size, total)
        # iloc slices are views; copy so callers may mutate safely.
        yield start, df.iloc[start:stop].copy()
`;
  },
  (r, name) => {
    const lab = r.pick(LABELS);
    return `def ${name}(df, label=${q(lab)}, ratio=${r.int(1, 10)}, seed=${r.int(1, 999)}):
    """Down-sample the majority class to at most \`ratio\` times the minority."""
    if label not in df.columns:
        return df
    positives = df[df[label] == 1]
    negatives = df[df[label] != 1]
    keep = min(len(negatives), int(len(positives) * ratio)) if len(positives) else len(negatives)
    negatives = negatives.sample(n=keep, random_state=seed) if keep < len(negatives) else negatives
    result = pd.concat([positives, negatives], ignore_index=True)
    logger.info("sampled %d positives and %d negatives", len(positives), len(negatives))
    return result.sample(frac=1.0, random_state=seed).reset_index(drop=True)
`;
  },
  (r, name) => {
    const cols = colPick(r, 3);
    return `def ${name}(df, columns=(${cols.map(q).join(', ')})):
    """Profile columns: null rate, distinct count, min and max."""
    profile = {}
    for col in columns:
        if col not in df.columns:
            profile[col] = {"present": False}
            continue
        series = df[col]
        numeric = pd.to_numeric(series, errors="coerce")
        profile[col] = {
            "present": True,
            "null_rate": float(series.isna().mean()),
            "distinct": int(series.nunique(dropna=True)),
            "min": None if numeric.isna().all() else float(numeric.min()),
            "max": None if numeric.isna().all() else float(numeric.max()),
        }
    return profile
`;
  },
];

// Base names, index-aligned with HELPERS; a column or qualifier suffix keeps them unique.
const HELPER_BASES = [
  'fill_missing',
  'clip_outliers',
  'collapse_rare_categories',
  'target_encode',
  'derive_calendar_features',
  'aggregate_by_key',
  'split_frame',
  'read_shards',
  'load_optional_json',
  'bucket_quantiles',
  'add_ratio_feature',
  'write_frames',
  'check_schema',
  'compute_pr_thresholds',
  'convert_amounts',
  'tokenise_text',
  'dedup_rows',
  'save_summary',
  'standardise_numeric',
  'iterate_chunks',
  'downsample_majority',
  'profile_columns',
];
const QUALIFIERS = ['', '_for_scoring', '_legacy', '_v2', '_strict', '_fast', '_by_marketplace', '_inplace'];

function helperName(r, idx, used) {
  for (let attempt = 0; ; attempt++) {
    const base = HELPER_BASES[idx];
    const n = attempt < 4 ? `${base}${r.pick(QUALIFIERS)}` : `${base}_${r.pick(COLUMNS)}${attempt > 8 ? '_' + attempt : ''}`;
    if (!used.has(n)) {
      used.add(n);
      return n;
    }
  }
}

/** Generate helpers until `targetLines` lines are reached. */
function helperBlock(r, targetLines, used) {
  const out = [];
  let lines = 0;
  while (lines < targetLines) {
    const idx = r.int(0, HELPERS.length - 1);
    const text = HELPERS[idx](r, helperName(r, idx, used));
    out.push(text);
    lines += text.split('\n').length + 1;
  }
  return { text: out.join('\n\n'), lines };
}

// ---------------------------------------------------------------------------
// Step model

function makeSteps(n, rng) {
  const combos = [];
  for (const d of DOMAINS) for (const a of ACTIONS) combos.push(`${d}_${a}`);
  rng.shuffle(combos);
  const trainCombos = [];
  for (const d of DOMAINS) for (const a of TRAIN_ACTIONS) trainCombos.push(`${d}_${a}`);
  rng.shuffle(trainCombos);
  const steps = [];
  let ci = 0,
    ti = 0;
  for (let i = 0; i < n; i++) {
    const r = rng.fork(i * 7919 + 13);
    const training = i !== 0 && r.chance(0.15);
    let name;
    if (i === 0) name = 'large_feature_builder';
    else if (training) {
      const base = trainCombos[ti % trainCombos.length];
      name = ti < trainCombos.length ? base : `${base}_${Math.floor(ti / trainCombos.length) + 1}`;
      ti++;
    } else {
      const base = combos[ci % combos.length];
      name = ci < combos.length ? base : `${base}_${Math.floor(ci / combos.length) + 1}`;
      ci++;
    }
    const step = { index: i, name, training, r };
    if (training) {
      step.inputs = [
        ['train', '/opt/ml/input/data/train', 'data'],
        ['val', '/opt/ml/input/data/val', 'data'],
      ];
      if (r.chance(0.6)) step.inputs.push(['config', '/opt/ml/input/config/hyperparameters.json', 'config']);
      step.outputs = [
        ['model_output', '/opt/ml/model', 'model'],
        ['evaluation_output', '/opt/ml/output/data', 'metrics'],
      ];
    } else {
      step.inputs = [['DATA', '/opt/ml/processing/input/data', 'data']];
      for (const [key, kind] of r.sample(EXTRA_INPUTS, r.int(0, 3))) {
        const sub = kind === 'model' ? 'model' : key.toLowerCase();
        step.inputs.push([key, `/opt/ml/processing/input/${sub}`, kind]);
      }
      const extraOutputs = r.sample(EXTRA_OUTPUTS, r.int(0, 2));
      step.outputs = [['processed_data', extraOutputs.length ? '/opt/ml/processing/output/data' : '/opt/ml/processing/output', 'data']];
      for (const [key, kind] of extraOutputs) {
        step.outputs.push([key, `/opt/ml/processing/output/${key.replace(/_output$/, '')}`, kind]);
      }
    }
    step.required = [
      'LABEL_FIELD',
      ...r.sample(
        ENV_POOL.filter((e) => e !== 'LABEL_FIELD'),
        r.int(0, 4),
      ),
    ];
    step.optional = r.sample(OPT_ENV_POOL, r.int(0, 2));
    step.hasJobType = training ? r.chance(0.3) : r.chance(0.8);
    step.variants = step.hasJobType ? r.sample(VARIANTS, r.pick([1, 1, 1, 1, 1, 1, 2, 2, 2, 3])) : ['default'];
    step.dictDeps = r.chance(0.2);
    step.relativeImport = r.chance(0.75);
    step.label = r.pick(LABELS);
    step.scriptLines = i === 0 ? 2000 : r.int(480, 920);
    steps.push(step);
  }
  return steps;
}

const PLANT_RULES = ['hardcoded-path', 'undeclared-channel', 'undeclared-env-var', 'path-mismatch', 'spec-dependency-undeclared', 'unused-env-var'];

function assignPlants(steps, rng) {
  const candidates = steps.filter((s) => s.index !== 0).map((s) => s.index);
  rng.shuffle(candidates);
  const count = Math.max(PLANT_RULES.length, Math.round(steps.length * 0.1));
  const chosen = candidates.slice(0, Math.min(count, candidates.length));
  chosen.sort((a, b) => a - b);
  chosen.forEach((idx, k) => {
    steps[idx].plant = PLANT_RULES[k % PLANT_RULES.length];
  });
}

// ---------------------------------------------------------------------------
// File renderers

const constName = (step) => `${upper(step.name)}_CONTRACT`;

function renderContract(step) {
  const cls = step.training ? 'TrainingScriptContract' : 'ScriptContract';
  const r = step.r;
  const lines = [];
  lines.push(`"""Script contract for the ${step.name.replace(/_/g, ' ')} step.`);
  lines.push('');
  lines.push(`Declares the container paths, environment variables and arguments that`);
  lines.push(`scripts/${step.name}.py relies on. The step builder mounts each channel at`);
  lines.push(`the declared path.`);
  lines.push('"""');
  lines.push('');
  lines.push(`from ..pipeline_deps.base_specifications import ${cls}`);
  lines.push('');
  lines.push(`${constName(step)} = ${cls}(`);
  lines.push(`    entry_point=${q(step.name + '.py')},`);
  lines.push('    expected_input_paths={');
  for (const [k, p] of step.inputs) lines.push(`        ${q(k)}: ${q(p)},`);
  lines.push('    },');
  lines.push('    expected_output_paths={');
  for (const [k, p] of step.outputs) lines.push(`        ${q(k)}: ${q(p)},`);
  lines.push('    },');
  const required = step.plant === 'unused-env-var' ? [...step.required, step.plantKey] : step.required;
  lines.push(`    required_env_vars=[${required.map(q).join(', ')}],`);
  if (step.optional.length) {
    lines.push('    optional_env_vars={');
    for (const [k, v] of step.optional) lines.push(`        ${q(k)}: ${q(v)},`);
    lines.push('    },');
  }
  if (step.hasJobType) lines.push(`    expected_arguments={"job-type": ${q(step.variants[0])}},`);
  lines.push(`    framework_requirements={"pandas": ">=1.${r.int(2, 5)}.0", "numpy": ">=1.${r.int(19, 24)}.0"},`);
  lines.push('    description=(');
  lines.push(`        "Reads ${step.inputs.map((i) => i[0]).join(', ')}; writes ${step.outputs.map((o) => o[0]).join(', ')}. "`);
  lines.push(`        "Label column comes from LABEL_FIELD."`);
  lines.push('    ),');
  lines.push(')');
  return lines.join('\n') + '\n';
}

function depType(step, kind) {
  if (step.training) return kind === 'config' ? 'HYPERPARAMETERS' : 'TRAINING_DATA';
  if (kind === 'model') return 'MODEL_ARTIFACTS';
  return 'PROCESSING_OUTPUT';
}

function renderSpec(step, variant, extraDep) {
  const r = step.r;
  const P = pascal(step.name);
  const stepType = variant === 'default' ? `get_spec_step_type(${q(P)})` : `get_spec_step_type_with_job_type(${q(P)}, ${q(variant)})`;
  const deps = step.inputs.map(([k, , kind]) => ({ k, kind }));
  if (extraDep) deps.push({ k: extraDep, kind: 'data' });
  const depText = (d, indent) => {
    const pad = ' '.repeat(indent);
    const srcs = r
      .sample(
        [
          'CradleDataLoading',
          'TabularPreprocessing',
          'RiskTableMapping',
          'CurrencyConversion',
          'XGBoostTraining',
          'PytorchTraining',
          'FeatureSelection',
          'DummyDataLoading',
        ],
        r.int(1, 3),
      )
      .map((s) => (variant === 'default' ? s : `${s}_${pascal(variant)}`));
    return [
      `${pad}DependencySpec(`,
      `${pad}    logical_name=${q(d.k)},`,
      `${pad}    dependency_type=DependencyType.${depType(step, d.kind)},`,
      `${pad}    required=${d.k === step.inputs[0][0] ? 'True' : 'False'},`,
      `${pad}    compatible_sources=[${srcs.map(q).join(', ')}],`,
      `${pad}    semantic_keywords=[${[d.k.toLowerCase(), r.pick(['data', 'input', 'table', 'artifact']), variant].map(q).join(', ')}],`,
      `${pad}    data_type="S3Uri",`,
      `${pad}    description=${q(`${d.k} channel for the ${variant} variant`)},`,
      `${pad})`,
    ].join('\n');
  };
  const outText = ([k, , kind]) => {
    const prop =
      step.training && kind === 'model'
        ? 'properties.ModelArtifacts.S3ModelArtifacts'
        : step.training
          ? 'properties.OutputDataConfig.S3OutputPath'
          : `properties.ProcessingOutputConfig.Outputs['${k}'].S3Output.S3Uri`;
    const type = step.training && kind === 'model' ? 'MODEL_ARTIFACTS' : 'PROCESSING_OUTPUT';
    return [
      '        OutputSpec(',
      `            logical_name=${q(k)},`,
      `            output_type=DependencyType.${type},`,
      `            property_path=${prop.includes("'") ? `f"${prop}"` : q(prop)},`,
      `            data_type="S3Uri",`,
      `            description=${q(`${k} produced by ${step.name}`)},`,
      '        )',
    ].join('\n');
  };
  const lines = [];
  lines.push(`"""Step specification: ${step.name.replace(/_/g, ' ')}${variant === 'default' ? '' : `, ${variant} job type`}."""`);
  lines.push('');
  lines.push('from ..pipeline_deps.base_specifications import (');
  for (const n of [
    'DependencySpec',
    'DependencyType',
    'NodeType',
    'OutputSpec',
    'StepSpecification',
    variant === 'default' ? 'get_spec_step_type' : 'get_spec_step_type_with_job_type',
  ])
    lines.push(`    ${n},`);
  lines.push(')');
  lines.push('');
  lines.push('');
  lines.push('def _get_contract():');
  lines.push('    # Imported lazily so that loading a spec never imports script code.');
  lines.push(
    step.relativeImport
      ? `    from ..contracts.${step.name}_contract import ${constName(step)}`
      : `    from contracts.${step.name}_contract import ${constName(step)}`,
  );
  lines.push('');
  lines.push(`    return ${constName(step)}`);
  lines.push('');
  lines.push('');
  const specName = `${upper(step.name)}_${variant === 'default' ? '' : upper(variant) + '_'}SPEC`;
  lines.push(`${specName} = StepSpecification(`);
  lines.push(`    step_type=${stepType},`);
  lines.push('    node_type=NodeType.INTERNAL,');
  lines.push('    script_contract=_get_contract(),');
  if (step.dictDeps) {
    lines.push('    dependencies={');
    for (const d of deps) {
      const t = depText(d, 8).replace(/^ {8}/, '');
      lines.push(`        ${q(d.k)}: ${t},`);
    }
    lines.push('    },');
  } else {
    lines.push('    dependencies=[');
    for (const d of deps) lines.push(depText(d, 8) + ',');
    lines.push('    ],');
  }
  lines.push('    outputs=[');
  for (const o of step.outputs) lines.push(outText(o) + ',');
  lines.push('    ],');
  lines.push(')');
  return lines.join('\n') + '\n';
}

function loaderFor(kind, varName, pathExpr, helpers) {
  switch (kind) {
    case 'data':
      return `    ${varName} = ${helpers.reader}(${pathExpr})`;
    case 'model':
      return `    ${varName} = ${helpers.config}(${pathExpr}, file_name="model_meta.json")`;
    case 'config':
      return `    ${varName} = ${helpers.config}(${pathExpr}, file_name="hyperparameters.json")`;
    default:
      return `    ${varName} = ${helpers.config}(${pathExpr}, file_name=${q(kind + '.json')})`;
  }
}

function renderScript(step) {
  const r = step.r;
  const used = new Set();
  const out = [];
  out.push('#!/usr/bin/env python');
  out.push(`"""${pascal(step.name)} ${step.training ? 'training' : 'processing'} script.`);
  out.push('');
  out.push(`Entry point of the ${step.name.replace(/_/g, ' ')} step. The container layout is`);
  out.push('described by the script contract; the logic below only ever sees the');
  out.push('dictionaries built in the __main__ block, which keeps it testable with');
  out.push('temporary directories.');
  out.push('"""');
  out.push('');
  out.push('import argparse');
  out.push('import json');
  out.push('import logging');
  out.push('import os');
  out.push('import sys');
  out.push('');
  out.push('import numpy as np');
  out.push('import pandas as pd');
  out.push('');
  out.push('logger = logging.getLogger(__name__)');
  out.push('');
  out.push(`DEFAULT_LABEL = ${q(step.label)}`);
  out.push(`DEFAULT_SEED = ${r.int(1, 99999)}`);
  out.push('');
  out.push('');
  // Fixed helpers used by main.
  const reader = `read_${step.training ? 'channel' : 'shards'}`;
  const config = 'load_optional_json';
  const writer = 'write_frames';
  used.add(reader);
  used.add(config);
  used.add(writer);
  out.push(HELPERS[7](r, reader));
  out.push('');
  out.push(HELPERS[8](r, config));
  out.push('');
  out.push(HELPERS[11](r, writer));
  out.push('');
  const approxMainLines = 60 + step.inputs.length * 3 + step.outputs.length * 4 + step.required.length * 2;
  const target = Math.max(40, step.scriptLines - 50 - approxMainLines - 35);
  const block = helperBlock(r, target, used);
  out.push(block.text);
  const pipelineHelpers = [...used].filter((n) => n !== reader && n !== config && n !== writer);

  // Planted misalignments inside logic functions.
  if (step.plant === 'hardcoded-path') {
    const p = step.inputs[0][1];
    out.push('');
    out.push(`def _legacy_${step.inputs[0][0].toLowerCase()}_dir():`);
    out.push('    """Where the channel lived before the step builder mounted it."""');
    out.push('    # TODO: drop once every caller goes through input_paths.');
    out.push(`    return ${q(p)}`);
    out.push('');
    step.plantKey = p;
  }
  if (step.plant === 'undeclared-env-var') {
    out.push('');
    out.push('def _feature_flag_enabled():');
    out.push('    """Temporary switch for the new encoding."""');
    out.push(`    return os.environ.get(${q(step.plantKey)}, "0") == "1"`);
    out.push('');
  }
  out.push('');

  // main
  out.push('def main(input_paths, output_paths, environ_vars, job_args):');
  out.push(`    """Run the ${step.name.replace(/_/g, ' ')} step.`);
  out.push('');
  out.push('    Args:');
  out.push('        input_paths: logical input channel -> local directory');
  out.push('        output_paths: logical output channel -> local directory');
  out.push('        environ_vars: environment settings, already read by the caller');
  out.push('        job_args: parsed command-line arguments');
  out.push('    """');
  out.push('    label_field = environ_vars.get("LABEL_FIELD") or DEFAULT_LABEL');
  for (const e of step.required.slice(1)) {
    out.push(`    ${e.toLowerCase()} = environ_vars.get(${q(e)})`);
  }
  for (const [e, d] of step.optional) {
    out.push(`    ${e.toLowerCase()} = environ_vars.get(${q(e)}, ${q(d)})`);
  }
  if (step.hasJobType) out.push('    job_type = job_args.job_type');
  out.push(`    logger.info("starting ${step.name} with label %s", label_field)`);
  out.push('');
  const frames = [];
  for (const [k, , kind] of step.inputs) {
    const v = `${k.toLowerCase()}_${kind === 'data' ? 'df' : 'info'}`;
    out.push(loaderFor(kind, v, `input_paths[${q(k)}]`, { reader, config }));
    if (kind === 'data') frames.push(v);
  }
  if (step.plant === 'undeclared-channel') {
    out.push(`    extra_metadata = ${config}(input_paths[${q(step.plantKey)}], file_name="metadata.json")`);
    out.push('    logger.info("metadata keys: %s", sorted(extra_metadata))');
  }
  if (step.plant === 'undeclared-env-var') {
    out.push('    if _feature_flag_enabled():');
    out.push('        logger.info("new encoding enabled")');
  }
  if (step.plant === 'hardcoded-path') {
    out.push(`    if not os.path.isdir(input_paths[${q(step.inputs[0][0])}]):`);
    out.push(`        ${frames[0]} = ${reader}(_legacy_${step.inputs[0][0].toLowerCase()}_dir())`);
  }
  const df = frames[0];
  out.push(`    df = ${frames.length > 1 ? `pd.concat([${frames.join(', ')}], ignore_index=True)` : df}`);
  // call a few helpers that take df as first positional argument
  const dfHelpers = pipelineHelpers
    .filter((n) => /^(fill_missing|clip_outliers|derive_calendar|aggregate_by_key|add_ratio|dedup_rows|downsample_majority)/.test(n))
    .slice(0, 6);
  for (const h of dfHelpers) out.push(`    df = ${h}(df)`);
  if (step.hasJobType) {
    out.push('    if job_type == "training":');
    out.push('        frames = {"train": df.sample(frac=0.8, random_state=DEFAULT_SEED)}');
    out.push('        frames["test"] = df.drop(frames["train"].index)');
    out.push('    else:');
    out.push('        frames = {job_type: df}');
  } else {
    out.push('    frames = {"all": df}');
  }
  out.push('');
  for (const [k, , kind] of step.outputs) {
    if (kind === 'data' || kind === 'model') {
      out.push(`    ${writer}(frames, output_paths[${q(k)}])`);
    } else {
      out.push(`    summary = {"rows": int(len(df)), "label": label_field, "columns": list(df.columns)}`);
      out.push(`    with open(os.path.join(output_paths[${q(k)}], ${q(kind + '.json')}), "w") as handle:`);
      out.push('        json.dump(summary, handle, indent=2)');
    }
  }
  out.push('    logger.info("done")');
  out.push('    return frames');
  out.push('');
  out.push('');
  out.push('if __name__ == "__main__":');
  out.push('    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")');
  out.push('    parser = argparse.ArgumentParser(description=__doc__)');
  if (step.hasJobType) {
    out.push(`    parser.add_argument("--job-type", required=True, choices=[${VARIANTS.map(q).join(', ')}])`);
  }
  out.push('    args = parser.parse_args()');
  out.push('');
  out.push('    input_paths = {');
  for (const [k, p] of step.inputs) {
    const path = step.plant === 'path-mismatch' && k === step.plantKey ? step.plantPath : p;
    out.push(`        ${q(k)}: ${q(path)},`);
  }
  out.push('    }');
  out.push('    output_paths = {');
  for (const [k, p] of step.outputs) out.push(`        ${q(k)}: ${q(p)},`);
  out.push('    }');
  out.push('    environ_vars = {');
  for (const e of step.required) out.push(`        ${q(e)}: os.environ.get(${q(e)}),`);
  for (const [e, d] of step.optional) out.push(`        ${q(e)}: os.environ.get(${q(e)}, ${q(d)}),`);
  out.push('    }');
  out.push('    try:');
  out.push('        main(input_paths, output_paths, environ_vars, args)');
  out.push('    except Exception:  # noqa: BLE001 - report and fail the job');
  out.push(`        logger.exception("${step.name} failed")`);
  out.push('        sys.exit(1)');
  return out.join('\n') + '\n';
}

// --- ordinary (non-pipeline) modules ------------------------------------------------

function renderUtility(r, topic, targetLines) {
  const used = new Set();
  const head = [
    `"""Shared ${topic.replace(/_/g, ' ')} helpers.`,
    '',
    'Plain library code: nothing here knows about containers or channels.',
    '"""',
    '',
    'import json',
    'import logging',
    'import os',
    '',
    'import numpy as np',
    'import pandas as pd',
    '',
    'logger = logging.getLogger(__name__)',
    '',
    '',
  ].join('\n');
  return head + helperBlock(r, targetLines, used).text;
}

function renderDataclasses(r, topic, targetLines) {
  const out = [
    `"""Data classes for ${topic.replace(/_/g, ' ')} records."""`,
    '',
    'from dataclasses import dataclass, field, asdict',
    'from datetime import datetime',
    'from typing import Dict, List, Optional',
    '',
    '',
  ];
  let lines = out.length;
  let k = 0;
  while (lines < targetLines) {
    const cls = `${pascal(topic)}${['Record', 'Summary', 'Key', 'Batch', 'Event', 'Snapshot', 'Delta', 'View'][k % 8]}${k >= 8 ? k : ''}`;
    const fields = r.sample(COLUMNS, r.int(4, 9));
    const block = [
      '@dataclass',
      `class ${cls}:`,
      `    """One ${topic.replace(/_/g, ' ')} ${cls.toLowerCase()} row as read from the warehouse."""`,
      '',
      ...fields.map((f, i) => `    ${f}: ${['str', 'float', 'int', 'Optional[str]', 'Optional[float]'][i % 5]}${i >= 3 ? ' = None' : ''}`),
      '    tags: List[str] = field(default_factory=list)',
      '    extra: Dict[str, str] = field(default_factory=dict)',
      '',
      '    def to_dict(self):',
      '        """Serialisable form, with tags sorted for stable output."""',
      '        data = asdict(self)',
      '        data["tags"] = sorted(self.tags)',
      '        return data',
      '',
      '    @classmethod',
      '    def from_dict(cls, data):',
      '        known = {name for name in cls.__dataclass_fields__}',
      '        kwargs = {key: value for key, value in data.items() if key in known}',
      '        extra = {key: str(value) for key, value in data.items() if key not in known}',
      '        kwargs.setdefault("extra", {}).update(extra)',
      '        return cls(**kwargs)',
      '',
      '    def is_complete(self):',
      `        return all(getattr(self, name) is not None for name in (${fields.slice(0, 3).map(q).join(', ')},))`,
      '',
      '    def age_days(self, now=None):',
      '        now = now or datetime.utcnow()',
      '        created = self.extra.get("created_at")',
      '        if not created:',
      '            return None',
      '        return (now - datetime.fromisoformat(created)).days',
      '',
      '',
    ];
    out.push(...block);
    lines += block.length;
    k++;
  }
  return out.join('\n');
}

function renderTest(r, moduleName, helperNames, targetLines) {
  const out = [
    `"""Tests for common.${moduleName}."""`,
    '',
    'import math',
    '',
    'import numpy as np',
    'import pandas as pd',
    'import pytest',
    '',
    `from common import ${moduleName} as mod`,
    '',
    '',
    '@pytest.fixture',
    'def frame():',
    '    return pd.DataFrame(',
    '        {',
    ...r.sample(COLUMNS, 5).map((c) => `            ${q(c)}: [${Array.from({ length: 6 }, () => r.int(0, 500)).join(', ')}],`),
    '        }',
    '    )',
    '',
    '',
  ];
  let lines = out.length;
  let k = 0;
  while (lines < targetLines) {
    const h = helperNames[k % helperNames.length] || 'missing';
    const block = [
      `def test_${h}_${k}(frame):`,
      `    """${h} keeps the row count and never raises on a small frame."""`,
      `    fn = getattr(mod, ${q(h)}, None)`,
      '    if fn is None:',
      `        pytest.skip(${q(h + ' not present')})`,
      '    before = len(frame)',
      '    try:',
      '        result = fn(frame.copy())',
      '    except (TypeError, ValueError, KeyError):',
      '        return',
      '    if isinstance(result, tuple):',
      '        result = result[0]',
      '    if isinstance(result, pd.DataFrame):',
      '        assert len(result) <= before',
      `        assert not math.isnan(float(${r.int(0, 9)}))`,
      '',
      '',
    ];
    out.push(...block);
    lines += block.length;
    k++;
  }
  return out.join('\n');
}

const BASE_SPECIFICATIONS = `"""Base classes for script contracts and step specifications (benchmark copy).

Static definitions only; the benchmark workspace never runs this code.
"""

from enum import Enum
from typing import Dict, List, Optional, Union


class DependencyType(str, Enum):
    MODEL_ARTIFACTS = "model_artifacts"
    PROCESSING_OUTPUT = "processing_output"
    TRAINING_DATA = "training_data"
    HYPERPARAMETERS = "hyperparameters"


class NodeType(str, Enum):
    SOURCE = "source"
    INTERNAL = "internal"
    SINK = "sink"


class ScriptContract:
    def __init__(self, entry_point, expected_input_paths=None, expected_output_paths=None,
                 required_env_vars=None, optional_env_vars=None, expected_arguments=None,
                 framework_requirements=None, description=""):
        self.entry_point = entry_point
        self.expected_input_paths = dict(expected_input_paths or {})
        self.expected_output_paths = dict(expected_output_paths or {})
        self.required_env_vars = list(required_env_vars or [])
        self.optional_env_vars = dict(optional_env_vars or {})
        self.expected_arguments = dict(expected_arguments or {})
        self.framework_requirements = dict(framework_requirements or {})
        self.description = description


class TrainingScriptContract(ScriptContract):
    pass


class DependencySpec:
    def __init__(self, logical_name, dependency_type, required=True, compatible_sources=None,
                 semantic_keywords=None, data_type="S3Uri", description=""):
        self.logical_name = logical_name
        self.dependency_type = dependency_type
        self.required = required
        self.compatible_sources = list(compatible_sources or [])
        self.semantic_keywords = list(semantic_keywords or [])
        self.data_type = data_type
        self.description = description


class OutputSpec:
    def __init__(self, logical_name, output_type, property_path, data_type="S3Uri", description=""):
        self.logical_name = logical_name
        self.output_type = output_type
        self.property_path = property_path
        self.data_type = data_type
        self.description = description


class StepSpecification:
    def __init__(self, step_type, node_type=NodeType.INTERNAL, script_contract=None,
                 dependencies=None, outputs=None):
        self.step_type = step_type
        self.node_type = node_type
        self.script_contract = script_contract
        self.dependencies = dependencies or []
        self.outputs = outputs or []


def get_spec_step_type(base_name):
    return base_name


def get_spec_step_type_with_job_type(base_name, job_type):
    return f"{base_name}_{job_type.capitalize()}"
`;

// ---------------------------------------------------------------------------

export function generate({ steps: n = DEFAULT_STEPS, out, seed = DEFAULT_SEED, clean = true }) {
  if (!out) throw new Error('generate: out is required');
  if (clean && existsSync(out)) rmSync(out, { recursive: true, force: true });
  const rng = new Rng(seed);
  const steps = makeSteps(n, rng.fork(1));
  assignPlants(steps, rng.fork(2));
  // Files are written as they are rendered (100x is ~650 MB; nothing is kept).
  const files = new Set();
  let totalBytes = 0;
  let probeLines = 0;
  const put = (rel, text) => {
    if (files.has(rel)) throw new Error(`generator bug: ${rel} written twice`);
    files.add(rel);
    const abs = join(out, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
    totalBytes += Buffer.byteLength(text);
  };
  const manifest = [];

  put('__init__.py', '"""Synthetic pipeline workspace generated by bench/generate.mjs."""\n');
  // Marks the workspace as its own project: the CLI otherwise walks up to the
  // enclosing .git folder and indexes the whole repository around it.
  writeFileSync(join(out, 'script-contracts.toml'), '# Benchmark workspace generated by bench/generate.mjs; default settings.\n');
  put('pipeline_deps/__init__.py', '');
  put('pipeline_deps/base_specifications.py', BASE_SPECIFICATIONS);
  put('contracts/__init__.py', '');
  put('specs/__init__.py', '');
  put('scripts/__init__.py', '');
  put('common/__init__.py', '');
  put('models/__init__.py', '');
  put('tests/__init__.py', '');

  for (const step of steps) {
    // Decide plant details before rendering (both contract and script use them).
    if (step.plant === 'undeclared-env-var') step.plantKey = `UNDECLARED_${upper(step.name)}_FLAG`;
    if (step.plant === 'unused-env-var') step.plantKey = `LEGACY_${upper(step.name)}_MODE`;
    if (step.plant === 'undeclared-channel') step.plantKey = 'metadata';
    if (step.plant === 'path-mismatch') {
      const [k, p] = step.inputs[step.inputs.length - 1];
      step.plantKey = k;
      step.plantPath = p.replace(/\/([^/.]+)(\.\w+)?$/, (_m, last, ext) => `/${last}_v1${ext || ''}`);
    }
    if (step.plant === 'spec-dependency-undeclared') step.plantKey = 'extra_lookup_table';

    const contractRel = `contracts/${step.name}_contract.py`;
    const scriptRel = `scripts/${step.name}.py`;
    const specRels = [];
    const scriptText = renderScript(step); // (sets plantKey for hardcoded-path)
    if (step.index === 0) probeLines = scriptText.split('\n').length - 1;
    put(scriptRel, scriptText);
    put(contractRel, renderContract(step));
    step.variants.forEach((v, vi) => {
      const rel = `specs/${step.name}_${v === 'default' ? '' : v + '_'}spec.py`;
      const extra = step.plant === 'spec-dependency-undeclared' && vi === 0 ? step.plantKey : undefined;
      put(rel, renderSpec(step, v, extra));
      specRels.push(rel);
    });
    if (step.plant) {
      const file = step.plant === 'spec-dependency-undeclared' ? specRels[0] : step.plant === 'unused-env-var' ? contractRel : scriptRel;
      manifest.push({ file, rule: step.plant, key: step.plantKey });
    }
    step.files = { script: scriptRel, contract: contractRel, specs: specRels };
  }

  // Ordinary modules: about as many bytes as the pipeline files.
  const pipelineBytes = totalBytes;
  const orng = rng.fork(3);
  let ordinaryBytes = 0;
  let k = 0;
  const utilHelpers = new Map();
  while (ordinaryBytes < pipelineBytes * 0.98) {
    const kind = k % 3;
    let rel, text;
    if (kind === 0) {
      const topic = `${UTIL_TOPICS[((k / 3) % UTIL_TOPICS.length) | 0]}${k >= UTIL_TOPICS.length * 3 ? '_' + Math.floor(k / (UTIL_TOPICS.length * 3)) : ''}`;
      rel = `common/${topic}.py`;
      text = renderUtility(orng, topic, orng.int(600, 1600));
      utilHelpers.set(
        topic,
        [...text.matchAll(/^def (\w+)\(/gm)].map((m) => m[1]),
      );
    } else if (kind === 1) {
      const topic = `${MODEL_TOPICS[((k / 3) | 0) % MODEL_TOPICS.length]}${k >= MODEL_TOPICS.length * 3 ? '_' + Math.floor(k / (MODEL_TOPICS.length * 3)) : ''}`;
      rel = `models/${topic}.py`;
      text = renderDataclasses(orng, topic, orng.int(300, 900));
    } else {
      const topics = [...utilHelpers.keys()];
      const topic = topics[((k / 3) | 0) % topics.length];
      rel = `tests/test_${topic}${files.has(`tests/test_${topic}.py`) ? '_' + k : ''}.py`;
      text = renderTest(orng, topic, utilHelpers.get(topic), orng.int(300, 1000));
    }
    put(rel, text);
    ordinaryBytes += Buffer.byteLength(text);
    k++;
  }

  const probe = steps[0];
  const meta = {
    generator: 'bench/generate.mjs',
    version: GENERATOR_VERSION,
    steps: n,
    seed,
    pythonFiles: files.size,
    bytes: totalBytes,
    pipelineBytes,
    ordinaryBytes,
    probe: { step: probe.name, ...probe.files, lines: probeLines },
    plants: manifest,
  };
  writeFileSync(join(out, 'manifest.json'), JSON.stringify(meta, null, 2) + '\n');
  return meta;
}

// ---------------------------------------------------------------------------
// CLI

function parseArgs(argv) {
  const args = { steps: DEFAULT_STEPS, seed: DEFAULT_SEED, out: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--steps') args.steps = parseInt(val(), 10);
    else if (a === '--out') args.out = val();
    else if (a === '--seed') args.seed = parseInt(val(), 10);
    else if (a === '-h' || a === '--help') args.help = true;
    else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(String(e.message));
    process.exit(2);
  }
  if (args.help || !args.out) {
    console.log('usage: node bench/generate.mjs --steps N --out DIR [--seed S]');
    console.log(`  default steps ${DEFAULT_STEPS} (the 1x size), default seed ${DEFAULT_SEED}`);
    process.exit(args.help ? 0 : 2);
  }
  if (!Number.isInteger(args.steps) || args.steps < 1) {
    console.error('--steps must be a positive integer');
    process.exit(2);
  }
  const t0 = performance.now();
  const meta = generate(args);
  const ms = performance.now() - t0;
  console.log(
    `generated ${args.out}: ${meta.steps} steps, ${meta.pythonFiles} Python files, ` +
      `${(meta.bytes / 1e6).toFixed(2)} MB (ordinary ${(meta.ordinaryBytes / 1e6).toFixed(2)} MB), ` +
      `${meta.plants.length} planted misalignments, probe script ${meta.probe.script} (${meta.probe.lines} lines) in ${ms.toFixed(0)} ms`,
  );
}
