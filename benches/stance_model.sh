#!/usr/bin/env bash
# Time training and prediction of the stance classifier on N generated labelled posts
# (default 20,000), with the release binary. Prints wall time and peak memory per step.
#
# Usage: bash benches/stance_model.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-20000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo build --release --locked --quiet
bin=target/release/reactions
python3 benches/gen_posts.py "$n" "$work/posts.csv" --seed 1
python3 benches/gen_posts.py "$n" "$work/new.csv" --seed 2

# shellcheck source=benches/timed.sh
. benches/timed.sh

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(rustc --version); $(date -u +%Y-%m-%d)"
timed "train on $n posts (5-fold CV over 3 C values + final fit)" \
    "$bin" train "$work/posts.csv" --label-column stance -o "$work/model.json"
cp "$work/out" "$work/train.out"
echo "model file: $(du -h "$work/model.json" | cut -f1)"
timed "analyze $n new posts --stance rules" \
    "$bin" analyze "$work/new.csv" --stance rules --quiet --out "$work/r1"
timed "analyze $n new posts --stance-model (load + predict)" \
    "$bin" analyze "$work/new.csv" --stance-model "$work/model.json" --quiet --out "$work/r2"
grep -m1 "cross-validation" "$work/train.out"
