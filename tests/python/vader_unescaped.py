"""Write tests/data/vader_unescaped_3.3.2.csv: the rated texts that hold an HTML entity, scored
by the reference vaderSentiment 3.3.2 after Python's html.unescape (the independent decoder the
test `tweets_from_the_api_lost_their_entities` checks ours against).

Usage: python3 tests/python/vader_unescaped.py  (from the repository root; needs vaderSentiment)
"""

import csv
import html

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

GOLDEN = "tests/data/vader_golden_3.3.2.csv"
OUT = "tests/data/vader_unescaped_3.3.2.csv"

analyzer = SentimentIntensityAnalyzer()
with open(GOLDEN, newline="", encoding="utf-8") as f, open(
    OUT, "w", newline="", encoding="utf-8"
) as out:
    rows = csv.DictReader(f)
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["corpus", "id", "text", "neg", "neu", "pos", "compound"])
    for r in rows:
        decoded = html.unescape(r["text"])
        if decoded != r["text"]:
            s = analyzer.polarity_scores(decoded)
            w.writerow(
                [r["corpus"], r["id"], r["text"], s["neg"], s["neu"], s["pos"], s["compound"]]
            )
