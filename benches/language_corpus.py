"""Build a labelled short-text corpus for comparing language detectors.

Usage: python3 benches/language_corpus.py OUT.csv [PER_LANGUAGE]

Sources, read on this machine (nothing is committed):
- German, Spanish, Italian, Polish and Russian: Debian's fortunes-de, -es, -it, -pl, -ru
  packages (/usr/share/games/fortunes/<lang>/), each fortune one text;
- English: the tweets of VADER's rated corpus in tests/data (real social-media text), plus
  the fortunes of Debian's fortunes and fortunes-min packages (by `dpkg -L`: the top folder
  also holds other languages' files).
Texts are whitespace-joined, kept when 20 to 280 characters long (a post's length) and not ASCII
art; PER_LANGUAGE (default 2000) are drawn per language with a fixed seed. Columns: text, lang
(ISO 639-3: eng, deu, spa, ita, pol, rus).
"""

import csv
import random
import sys
from pathlib import Path

FORTUNES = Path("/usr/share/games/fortunes")
LANGS = {"de": "deu", "es": "spa", "it": "ita", "pl": "pol", "ru": "rus"}
SKIP = ("art", "ascii", "banner", "asciiart")


def fortunes(folder: Path):
    for path in sorted(folder.iterdir()):
        if path.suffix in (".dat", ".u8") or path.is_dir() or any(s in path.name for s in SKIP):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        for entry in text.split("\n%\n"):
            yield " ".join(entry.split())


def english_fortunes():
    import subprocess
    listed = subprocess.run(["dpkg", "-L", "fortunes", "fortunes-min"], capture_output=True, text=True).stdout
    for line in listed.split():
        path = Path(line)
        if path.parent == FORTUNES and path.is_file() and not path.is_symlink() and path.suffix not in (".dat", ".u8") and not any(s in path.name for s in SKIP):
            try:
                text = path.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                continue
            for entry in text.split("\n%\n"):
                yield " ".join(entry.split())


def usable(text: str) -> bool:
    letters = sum(c.isalpha() for c in text)
    return 20 <= len(text) <= 280 and letters >= 0.6 * len(text)


def main(out: Path, per_language: int) -> None:
    rng = random.Random(1)
    rows = []
    for short, code in LANGS.items():
        texts = sorted({t for t in fortunes(FORTUNES / short) if usable(t)})
        rows += [(t, code) for t in rng.sample(texts, min(per_language, len(texts)))]
    english = {t for t in english_fortunes() if usable(t)}
    golden = Path(__file__).resolve().parent.parent / "tests" / "data" / "vader_golden_3.3.2.csv"
    with golden.open(newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r.get("corpus", "").startswith("tweets") and usable(" ".join(r["text"].split())):
                english.add(" ".join(r["text"].split()))
    english = sorted(english)
    rows += [(t, "eng") for t in rng.sample(english, min(per_language, len(english)))]
    rng.shuffle(rows)
    with out.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["text", "lang"])
        w.writerows(rows)
    counts = {}
    for _, code in rows:
        counts[code] = counts.get(code, 0) + 1
    print(f"wrote {len(rows)} texts to {out}: {counts}", file=sys.stderr)


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 2000)
