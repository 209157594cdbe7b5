"""How much of the stance benchmark's gaps is noise (issue 18).

Usage: python3 benches/stance_noise.py TRAIN.csv DEV.csv OURS_DEV_POSTS.csv

- The 5-fold CV macro-F1 of the two best scikit-learn settings of benches/stance_sklearn.py
  (LinearSVC C=0.1 balanced, LogisticRegression C=1 balanced), each with fold seeds 1, 2 and 3:
  how far the CV figure moves with the fold assignment alone. (`reactions train --seed N` gives
  ours for the same seeds.)
- A paired bootstrap (2,000 resamples of the dev posts, seed 1) of the dev macro-F1 difference
  between our predictions (posts.csv of `reactions analyze DEV --stance-model M`) and that
  logistic regression's.
"""

import csv
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.svm import LinearSVC

from stance_sklearn import features, read


def macro_f1(gold, pred):
    return f1_score(gold, pred, average="macro")


def main():
    train, dev, ours_dev = sys.argv[1:4]
    x, y = read(train)[:2]
    settings = [
        ("LinearSVC C=0.1 balanced", lambda: LinearSVC(C=0.1, class_weight="balanced")),
        (
            "LogisticRegression C=1 balanced",
            lambda: LogisticRegression(C=1, class_weight="balanced", max_iter=1000),
        ),
    ]
    for name, model in settings:
        means = []
        for seed in (1, 2, 3):
            folds = StratifiedKFold(5, shuffle=True, random_state=seed)
            s = cross_val_score(
                make_pipeline(features(), model()), x, y, cv=folds, scoring="f1_macro", n_jobs=2
            )
            means.append(s.mean())
            print(f"{name}, fold seed {seed}: CV macro-F1 {s.mean():.3f}")
        print(f"{name}: mean {np.mean(means):.3f}, range {np.ptp(means):.3f}")

    xd, yd = read(dev)[:2]
    lr = make_pipeline(features(), settings[1][1]()).fit(x, y)
    theirs = np.array(lr.predict(xd))
    with open(ours_dev, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    gold = [r["input_stance"] for r in rows]
    if gold != list(yd):
        sys.exit("our posts.csv is not the dev file in order")
    yd, ours = np.array(yd), np.array([r["stance"] for r in rows])
    diff = macro_f1(yd, ours) - macro_f1(yd, theirs)
    print(f"dev macro-F1: ours {macro_f1(yd, ours):.3f}, LogisticRegression {macro_f1(yd, theirs):.3f}, difference {diff:.3f}")
    rng = np.random.default_rng(1)
    boot = []
    for _ in range(2000):
        i = rng.integers(0, len(yd), len(yd))
        boot.append(macro_f1(yd[i], ours[i]) - macro_f1(yd[i], theirs[i]))
    low, high = np.percentile(boot, [2.5, 97.5])
    print(f"paired bootstrap 95% interval of the difference: [{low:.3f}, {high:.3f}]")


if __name__ == "__main__":
    main()
