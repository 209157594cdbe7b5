#!/usr/bin/env bash
# Language detection on short texts: whatlang (our candidate, Rust, benches/language) against
# lingua (PyPI lingua-language-detector), on the same labelled corpus in the same run.
# Installs what it needs: Debian's fortunes packages (the non-English texts), lingua from PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if ! dpkg -s fortunes-it fortunes-de fortunes-es fortunes-pl fortunes-ru fortunes >/dev/null 2>&1; then
    sudo_if_needed=""
    [ "$(id -u)" -ne 0 ] && sudo_if_needed="sudo"
    DEBIAN_FRONTEND=noninteractive $sudo_if_needed apt-get install -y -qq \
        fortunes-it fortunes-de fortunes-es fortunes-pl fortunes-ru fortunes >/dev/null
fi
python3 -m pip install --quiet --disable-pip-version-check lingua-language-detector==2.1.1
python3 benches/language_corpus.py "$work/lang.csv" "${1:-2000}"
(cd benches/language && cargo build --release --quiet)
benches/language/target/release/language-bench <"$work/lang.csv"
python3 benches/language_lingua.py "$work/lang.csv"
