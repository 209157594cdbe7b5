"""Check that a notebook stack reads a reactions report's Parquet frames correctly.

Usage: python3 tests/python/check_frames.py REPORT_DIR INPUT_CSV

Reads every frame of the report (each table as .parquet and .arrow, so write the report with
`--format parquet,ipc,csv`) with pandas, pyarrow and polars and checks columns, types and row
counts against the table's .csv and the input CSV (read with Python's csv module); then
recomputes the statistics from the per-post frame.
Prints one line per check and a closing "N passed, N failed" line; exits 1 on any failure.
"""

import csv
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
from scipy.stats import mannwhitneyu, t

OUR_COLUMNS = ["neg", "neu", "pos", "compound", "sentiment", "stance", "stance_source", "stance_reason", "stance_confidence", "language", "language_confidence"]

results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(f"{'ok  ' if ok else 'FAIL'} {name}{': ' + str(detail) if detail and not ok else ''}")


CATEGORICAL = {"stance", "stance_a", "stance_b", "sentiment", "stance_source"}
INTEGER = {"posts", "n_a", "n_b", "count_stance", "count_rest", "source_line", "authors", "duplicate_of_line"}


def check_every_frame(report_dir: Path) -> None:
    stems = sorted({p.stem for p in report_dir.glob("*.parquet")} | {p.stem for p in report_dir.glob("*.arrow")})
    check("the report has Parquet and Arrow IPC frames", len(stems) >= 6, stems)
    for stem in stems:
        with (report_dir / f"{stem}.csv").open(newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            csv_header = next(reader)
            csv_rows = sum(1 for _ in reader)
        for ext in ["parquet", "arrow"]:
            path = report_dir / f"{stem}.{ext}"
            check(f"{path.name} exists", path.exists())
            if not path.exists():
                continue
            if ext == "parquet":
                frames = {"pandas": pd.read_parquet(path), "pyarrow": pq.read_table(path), "polars": pl.read_parquet(path)}
            else:
                with pa.memory_map(str(path)) as source:
                    table = pa.ipc.open_file(source).read_all()
                frames = {"pandas": pd.read_feather(path), "pyarrow": table, "polars": pl.read_ipc(path)}
            for lib, frame in frames.items():
                rows = frame.num_rows if lib == "pyarrow" else len(frame)
                cols = frame.column_names if lib == "pyarrow" else list(frame.columns)
                check(f"{lib} reads {path.name}: rows as in {stem}.csv", rows == csv_rows, (rows, csv_rows))
                check(f"{lib} reads {path.name}: columns as in {stem}.csv", cols == csv_header, (cols, csv_header))
            pdf, pldf = frames["pandas"], frames["polars"]
            for col in cols:
                if col in CATEGORICAL:
                    check(f"{path.name}: {col} is categorical in pandas", isinstance(pdf[col].dtype, pd.CategoricalDtype), pdf[col].dtype)
                    check(f"{path.name}: {col} is Enum/Categorical in polars", pldf.schema[col] in (pl.Categorical, pl.Enum) or isinstance(pldf.schema[col], (pl.Enum, pl.Categorical)), pldf.schema[col])
                if col in INTEGER:
                    check(f"{path.name}: {col} is an integer", pd.api.types.is_integer_dtype(pdf[col]) or pdf[col].isna().any(), pdf[col].dtype)
                if col in ("posted_at", "bucket_start"):
                    check(f"{path.name}: {col} is a UTC datetime", isinstance(pdf[col].dtype, pd.DatetimeTZDtype) and str(pdf[col].dtype.tz) == "UTC", pdf[col].dtype)


def main(report_dir: Path, input_csv: Path) -> int:
    with input_csv.open(newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = list(reader)

    check_every_frame(report_dir)

    posts_pd = pd.read_parquet(report_dir / "posts.parquet")
    posts_pa = pq.read_table(report_dir / "posts.parquet")
    posts_pl = pl.read_parquet(report_dir / "posts.parquet")
    summary_pd = pd.read_parquet(report_dir / "summary.parquet")
    summary_pl = pl.read_parquet(report_dir / "summary.parquet")

    for name, n in [("pandas", len(posts_pd)), ("pyarrow", posts_pa.num_rows), ("polars", posts_pl.height)]:
        check(f"{name} reads one posts row per input row", n == len(rows), f"{n} vs {len(rows)}")

    renamed = [f"input_{h}" if h in OUR_COLUMNS else h for h in header]
    check("input columns carried through", all(c in posts_pd.columns for c in renamed), list(posts_pd.columns))
    check("our columns present", all(c in posts_pd.columns for c in OUR_COLUMNS), list(posts_pd.columns))
    check("compound is float64 in pandas", str(posts_pd["compound"].dtype) == "float64", posts_pd["compound"].dtype)
    if "likes" in header:
        likes_col = header.index("likes")
        check("a count column stays an integer (likes)", pd.api.types.is_integer_dtype(posts_pd["likes"]), posts_pd["likes"].dtype)
        check("likes equal the input's", list(posts_pd["likes"]) == [int(r[likes_col]) for r in rows])
    if "id" in header:
        check("the id column stays text", pd.api.types.is_string_dtype(posts_pd["id"]) or posts_pd["id"].dtype == object, posts_pd["id"].dtype)
    check("source_line is an integer", pd.api.types.is_integer_dtype(posts_pd["source_line"]), posts_pd["source_line"].dtype)
    posted = posts_pd["posted_at"]
    check(
        "posted_at is a UTC datetime in pandas",
        isinstance(posted.dtype, pd.DatetimeTZDtype) and str(posted.dtype.tz) == "UTC",
        posted.dtype,
    )
    check("posted_at is Datetime(UTC) in polars", posts_pl.schema["posted_at"] == pl.Datetime("us", "UTC"), posts_pl.schema["posted_at"])

    conf = posts_pd["stance_confidence"]
    from_model = posts_pd["stance_source"] == "model"
    check("stance_confidence is float64 in pandas", str(conf.dtype) == "float64", conf.dtype)
    check("stance_confidence is set exactly where a model decided", bool((conf.notna() == from_model).all()))
    check("stance_confidence is a probability", bool(((conf[from_model] > 0) & (conf[from_model] <= 1)).all()))

    text_col = header.index("text")
    check("text survives byte for byte", list(posts_pd["text"]) == [r[text_col] for r in rows])

    with (report_dir / "posts.csv").open(newline="", encoding="utf-8") as f:
        csv_compound = [float(r["compound"]) for r in csv.DictReader(f)]
    check("posts.csv and posts.parquet agree on compound", csv_compound == list(posts_pd["compound"]))
    check("compound within [-1, 1]", posts_pl["compound"].is_between(-1, 1).all())

    total = summary_pd.loc[summary_pd["stance"] == "all", "posts"].iloc[0]
    per_stance = summary_pd.loc[summary_pd["stance"] != "all", "posts"].sum()
    check("summary stances add up to all", total == per_stance == len(rows), (total, per_stance, len(rows)))
    check("summary posts are integers", summary_pl.schema["posts"] == pl.UInt64, summary_pl.schema["posts"])
    by_stance = posts_pl.group_by("stance").len().sort("stance")
    from_summary = summary_pl.filter(pl.col("stance") != "all").select("stance", "posts").sort("stance")
    check(
        "summary counts equal a polars group-by of posts",
        by_stance["len"].to_list() == from_summary["posts"].to_list()
        and by_stance["stance"].to_list() == from_summary["stance"].to_list(),
    )
    means = posts_pl.group_by("stance").agg(pl.col("compound").mean()).sort("stance")
    summary_means = summary_pl.filter(pl.col("stance") != "all").sort("stance")["mean_compound"]
    check(
        "summary means equal a polars group-by of posts",
        all(abs(a - b) < 1e-12 for a, b in zip(means["compound"].to_list(), summary_means.to_list())),
    )

    comparisons = pd.read_parquet(report_dir / "comparisons.parquet")
    groups = {k: v["compound"].to_numpy() for k, v in posts_pd.groupby("stance")}
    for row in comparisons.itertuples():
        a = groups[row.stance_a]
        b = (
            np.concatenate([v for k, v in groups.items() if k != row.stance_a])
            if row.stance_b == "rest"
            else groups[row.stance_b]
        )
        ref = mannwhitneyu(a, b, alternative="two-sided", method="auto")
        delta = (np.sign(a[:, None] - b[None, :])).mean()
        name = f"{row.stance_a} vs {row.stance_b}"
        check(f"{name}: U equals scipy", row.mann_whitney_u == ref.statistic, (row.mann_whitney_u, ref.statistic))
        check(f"{name}: p equals scipy", abs(row.p_value - ref.pvalue) <= 1e-6 * max(ref.pvalue, 1e-12), (row.p_value, ref.pvalue))
        check(f"{name}: Cliff's delta equals a direct count", abs(row.cliffs_delta - delta) < 1e-12, (row.cliffs_delta, delta))
        auc = (a[:, None] > b[None, :]).mean() + 0.5 * (a[:, None] == b[None, :]).mean()
        check(f"{name}: AUC equals a direct count", abs(row.auc - auc) < 1e-12, (row.auc, auc))
        check(f"{name}: difference of means", abs(row.mean_diff - (a.mean() - b.mean())) < 1e-12)
        check(f"{name}: interval brackets the difference", row.diff_ci95_low <= row.mean_diff <= row.diff_ci95_high)
        if row.ci_method == "normal":
            half = 1.959963984540054 * np.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b))
            check(f"{name}: normal interval equals numpy", abs(row.diff_ci95_high - (row.mean_diff + half)) < 1e-12)
        else:
            check(f"{name}: interval is the bootstrap", row.ci_method == "bootstrap", row.ci_method)

    weighted_path = report_dir / "weighted.parquet"
    if weighted_path.exists():
        weighted = pd.read_parquet(weighted_path)
        for r in weighted.itertuples():
            d = posts_pd if r.stance == "all" else posts_pd[posts_pd["stance"] == r.stance]
            w = 1 + pd.to_numeric(d["likes"].astype(str).str.replace(",", ""), errors="coerce").fillna(0).clip(lower=0).to_numpy()
            x = d["compound"].to_numpy()
            n = len(x)
            mu = (w * x).sum() / w.sum()
            n_eff = w.sum() ** 2 / (w**2).sum()
            se = np.sqrt(n / (n - 1) * (w**2 * (x - mu) ** 2).sum() / w.sum() ** 2)
            half = t.ppf(0.975, np.floor(n_eff) - 1) * se
            pos = (w * (d["sentiment"] == "positive")).sum() / w.sum()
            check(f"weighted {r.stance}: mean", abs(r.weighted_mean_compound - mu) < 1e-12, (r.weighted_mean_compound, mu))
            check(f"weighted {r.stance}: effective n", abs(r.effective_n - n_eff) < 1e-9)
            check(f"weighted {r.stance}: interval (scipy t)", abs(r.ci95_low - (mu - half)) < 1e-5 and abs(r.ci95_high - (mu + half)) < 1e-5)
            check(f"weighted {r.stance}: share positive", abs(r.weighted_share_positive - pos) < 1e-12)

    failed = results.count(False)
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
