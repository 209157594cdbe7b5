"""The workflow users run today, timed as the baseline of benches/end_to_end.sh.

Usage: python3 benches/notebook_workflow.py POSTS.csv OUT_DIR

pandas reads the CSV, vaderSentiment 3.3.2 scores every text, pandas groups by stance (count,
mean compound, sentiment shares), matplotlib draws two charts, and the scored posts and the
summary are written as Parquet: what a notebook does before any statistics.
"""

import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer


def main(csv_path: str, out: str) -> None:
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    posts = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
    analyzer = SentimentIntensityAnalyzer()
    scores = pd.DataFrame([analyzer.polarity_scores(t) for t in posts["text"]])
    posts = pd.concat([posts, scores], axis=1)
    posts["sentiment"] = pd.cut(posts["compound"], [-1.01, -0.05, 0.0499999, 1.01], labels=["negative", "neutral", "positive"])
    summary = posts.groupby("stance").agg(posts=("compound", "size"), mean_compound=("compound", "mean"))
    shares = pd.crosstab(posts["stance"], posts["sentiment"], normalize="index")
    summary = summary.join(shares)
    fig, ax = plt.subplots()
    shares.plot.barh(stacked=True, ax=ax)
    fig.savefig(out_dir / "stance_sentiment.png")
    fig, ax = plt.subplots()
    posts.boxplot(column="compound", by="stance", ax=ax)
    fig.savefig(out_dir / "compound_by_stance.png")
    posts.to_parquet(out_dir / "posts.parquet")
    summary.to_parquet(out_dir / "summary.parquet")
    elapsed = time.perf_counter() - start
    print(f"{len(posts)} posts in {elapsed:.1f} s ({len(posts) / elapsed:,.0f} posts/s)")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
