#!/usr/bin/env python3
"""Draw a benchmark CSV of N posts from real text: the 23,703 human-rated texts in
tests/data/vader_golden_3.3.2.csv (tweets, movie review snippets, NYT editorial snippets, Amazon
review snippets; see tests/data/README.md), standard library only, deterministic.

Usage: python3 benches/real_posts.py N OUT.csv [--seed S] [--unlabelled FRACTION]

Columns: id, author, created_at (RFC 3339, spread over two days), text, stance. Texts are drawn
with replacement, so a large N repeats them (as retweets and copy-paste replies do). The stance
labels (supportive, cautionary, neutral) are random: these texts are about many things, not one
story, so the labels only give the stance stages their real cost; --unlabelled leaves that
share of them empty (the `analyze` default then trains a classifier on the others). The
generator of benches/gen_posts.py stays beside this one; its small vocabulary flatters every
text stage.
"""

import argparse
import csv
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "tests" / "data" / "vader_golden_3.3.2.csv"
LABELS = ["supportive", "cautionary", "neutral"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--unlabelled", type=float, default=0.0)
    a = ap.parse_args()
    with open(SOURCE, newline="", encoding="utf-8") as f:
        texts = [row["text"] for row in csv.DictReader(f)]
    rng = random.Random(a.seed)
    start = datetime(2019, 2, 4, 13, 1, tzinfo=timezone.utc)
    with open(a.out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "author", "created_at", "text", "stance"])
        for i in range(a.n):
            when = start + timedelta(seconds=rng.randrange(2 * 86400))
            label = "" if rng.random() < a.unlabelled else rng.choice(LABELS)
            w.writerow([i, f"u{rng.randrange(a.n // 3 + 1)}", when.strftime("%Y-%m-%dT%H:%M:%SZ"), rng.choice(texts), label])


if __name__ == "__main__":
    main()
