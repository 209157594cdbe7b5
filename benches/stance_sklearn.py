"""The scikit-learn side of benches/stance_benchmark.sh, and the scoring of both sides.

For each data set (a train file, optionally a dev file) it fits the baselines a user would write
instead of `reactions train`, each choosing its hyper-parameters by 5-fold stratified
cross-validation on macro-F1 (GridSearchCV, both cores):
  - logistic regression, class_weight="balanced", over word 1-2 + char_wb 2-5 tf-idf, C by CV;
  - LinearSVC over the same features, C and class weighting (none / balanced) by CV;
  - complement naive Bayes over the same features, alpha by CV.
It then prints, for those and for reactions (whose out-of-fold and dev predictions the shell
script passes in), one row each: cross-validated macro-F1 and accuracy on train (pooled
out-of-fold predictions at the chosen setting), macro-F1, accuracy and per-class F1 on dev, and
training wall time (search + final fit). Every figure is computed here, by the same sklearn
functions for every method.

Usage: python3 stance_sklearn.py NAME TRAIN.csv [DEV.csv] --ours-model MODEL.json
           [--ours-dev POSTS.csv] --ours-secs S
(MODEL.json: the model `reactions train` wrote, whose cross-validation block gives its pooled
out-of-fold figures; POSTS.csv: `analyze --stance-model`'s posts.csv on DEV, in DEV's row order.)
"""

import argparse
import csv
import json
import time

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_predict
from sklearn.naive_bayes import ComplementNB
from sklearn.pipeline import FeatureUnion, make_pipeline
from sklearn.svm import LinearSVC


def read(path, label_column="stance"):
    with open(path, newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r.get(label_column, "").strip()]
    return [r["text"] for r in rows], [r[label_column].strip() for r in rows]


def features():
    return FeatureUnion(
        [
            ("word", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)),
            ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)),
        ]
    )


BASELINES = {
    "sklearn LogisticRegression": (
        lambda: make_pipeline(features(), LogisticRegression(class_weight="balanced", max_iter=2000)),
        {"logisticregression__C": [0.25, 1, 4, 16, 64]},
    ),
    "sklearn LinearSVC": (
        lambda: make_pipeline(features(), LinearSVC()),
        {"linearsvc__C": [0.03, 0.1, 0.3, 1, 3], "linearsvc__class_weight": [None, "balanced"]},
    ),
    "sklearn ComplementNB": (
        lambda: make_pipeline(features(), ComplementNB()),
        {"complementnb__alpha": [0.03, 0.1, 0.3, 1]},
    ),
}


def scores(gold, pred, classes):
    per = f1_score(gold, pred, labels=classes, average=None, zero_division=0)
    return (
        f1_score(gold, pred, labels=classes, average="macro", zero_division=0),
        accuracy_score(gold, pred),
        per,
    )


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("name")
    ap.add_argument("train")
    ap.add_argument("dev", nargs="?")
    ap.add_argument("--ours-model", required=True)
    ap.add_argument("--ours-dev")
    ap.add_argument("--ours-secs", type=float, required=True)
    a = ap.parse_args()

    x, y = read(a.train)
    classes = sorted(set(y))
    dev = read(a.dev) if a.dev else None
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=1)
    results = []
    for name, (make, grid) in BASELINES.items():
        start = time.perf_counter()
        search = GridSearchCV(make(), grid, scoring="f1_macro", cv=folds, n_jobs=-1).fit(x, y)
        secs = time.perf_counter() - start
        oof = cross_val_predict(search.best_estimator_, x, y, cv=folds, n_jobs=-1)
        dev_pred = search.predict(dev[0]) if dev else None
        results.append((name, oof, dev_pred, secs, search.best_params_))
    with open(a.ours_model, encoding="utf-8") as f:
        cv = json.load(f)["cross_validation"]
    ours_dev = read(a.ours_dev)[1] if a.ours_dev else None
    if ours_dev is not None:
        assert len(ours_dev) == len(dev[1]), f"{len(ours_dev)} predictions for {len(dev[1])} dev posts"
    results.insert(0, ("reactions train", (cv["macro_f1"], cv["accuracy"]), ours_dev, a.ours_secs, {"C": cv["c"]}))

    counts = {c: y.count(c) for c in classes}
    print(f"\n## {a.name}: train {len(y)} posts {counts}" + (f", dev {len(dev[1])} posts" if dev else ""))
    head = "| method | CV macro-F1 | CV accuracy |"
    if dev:
        head += " dev macro-F1 | dev accuracy | " + " | ".join(f"dev F1 {c}" for c in classes) + " |"
    head += " train time |"
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    for name, oof, dev_pred, secs, _ in results:
        m, acc = oof if isinstance(oof, tuple) else scores(y, oof, classes)[:2]
        line = f"| {name} | {m:.3f} | {acc:.3f} |"
        if dev:
            dm, dacc, per = scores(dev[1], dev_pred, classes)
            line += f" {dm:.3f} | {dacc:.3f} | " + " | ".join(f"{v:.3f}" for v in per) + " |"
        line += f" {secs:.1f} s |"
        print(line)
    majority = max(counts, key=counts.get)
    line = f"| majority class ({majority}) | {scores(y, [majority] * len(y), classes)[0]:.3f} | {counts[majority] / len(y):.3f} |"
    if dev:
        dm, dacc, per = scores(dev[1], [majority] * len(dev[1]), classes)
        line += f" {dm:.3f} | {dacc:.3f} | " + " | ".join(f"{v:.3f}" for v in per) + " |"
    print(line + " |")
    for name, _, _, _, params in results:
        print(f"- {name}: chosen by CV {params}")


if __name__ == "__main__":
    np.random.seed(1)
    main()
