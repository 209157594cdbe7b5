#!/usr/bin/env bash
# Stance classifier against the scikit-learn baselines a user would write instead, same data,
# same run (issue 18). For RumourEval 2017 subtask A (../shared/data/stance/rumoureval2017, not
# part of the repository; see its README for the licence) and for the shipped sample's labelled
# posts, it runs `reactions train` (wall time, with its 5-fold cross-validation) and, on the dev
# split, `reactions analyze --stance-model`; benches/stance_sklearn.py fits logistic regression,
# LinearSVC and complement naive Bayes with GridSearchCV on the same files and prints one table
# per data set: CV macro-F1 and accuracy, dev macro-F1, accuracy and per-class F1, train time.
# Python packages are installed with pip if missing.
#
# Usage: bash benches/stance_benchmark.sh [RUMOUREVAL_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-../shared/data/stance/rumoureval2017}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo build --release --locked --quiet
bin=target/release/reactions
python3 -c 'import sklearn' 2>/dev/null ||
    python3 -m pip install --quiet --disable-pip-version-check scikit-learn

# shellcheck source=benches/timed.sh
. benches/timed.sh

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(rustc --version), $(date -u +%Y-%m-%d)"
echo "scikit-learn $(python3 -c 'import sklearn; print(sklearn.__version__)')"

# bench NAME TRAIN [DEV]
bench() {
    local name="$1" train="$2" dev="${3:-}"
    timed "reactions train ($name)" "$bin" train "$train" --label-column stance --quiet -o "$work/model.json"
    local train_secs="$last_secs" dev_args=()
    if [ -n "$dev" ]; then
        timed "reactions analyze --stance-model ($name dev)" \
            "$bin" analyze "$dev" --stance-model "$work/model.json" --quiet --force --out "$work/dev"
        dev_args=("$dev" --ours-dev "$work/dev/posts.csv")
    fi
    python3 benches/stance_sklearn.py "$name" "$train" "${dev_args[@]}" \
        --ours-model "$work/model.json" --ours-secs "$train_secs"
}

bench "RumourEval 2017 subtask A" "$data/train.csv" "$data/dev.csv"
bench "the shipped sample (labelled rows)" datasets/aoc_corbyn_reactions.csv
