#!/usr/bin/env python3
"""Generate a realistic reactions CSV for benchmarks (standard library only, deterministic).

Usage: python3 benches/gen_posts.py N OUT.csv [--seed S] [--unlabelled FRACTION]

Columns: id, author, created_at (RFC 3339, spread over two days), text, stance. About 80% of
posts are tweet-length (one or two phrases with hashtags, mentions, emoji, URLs, caps and
punctuation runs), 20% are long (four to twelve sentences, as Reddit or YouTube comments). The
stance label follows the phrase bank the post was built from, with 10% of labels flipped at
random so a classifier cannot be perfect; --unlabelled leaves that share of labels empty.
"""

import argparse
import csv
import random
from datetime import datetime, timedelta, timezone

SUPPORTIVE = [
    "this is what an international movement looks like",
    "so proud of both of you",
    "workers of the world, finally talking to each other",
    "the left is back and it's global",
    "love this, more of it please",
    "a green new deal needs partners across the ocean",
    "two leaders who actually believe in something",
    "solidarity from Glasgow to the Bronx",
    "historic call, can't wait for what comes next",
    "this gives me hope for the first time in years",
]
CAUTIONARY = [
    "please be careful with this one",
    "his record on antisemitism is a real problem",
    "think twice before you tie yourself to him",
    "many of us who love your politics are worried",
    "do your homework on Labour first",
    "this is a mistake and people will remember it",
    "talk to Jewish Labour members too",
    "not a good look, honestly",
    "the EHRC is investigating his party, wait for the findings",
    "red flags everywhere, stay away",
]
NEUTRAL = [
    "what did they actually talk about",
    "is there a transcript of the call",
    "wide-reaching phone call, what does that even mean",
    "what time was this",
    "who pays for all of it though",
    "did anyone record it",
    "the call could have been an email",
    "is this before or after the split news",
    "interesting timing",
    "source?",
]
BANKS = {"supportive": SUPPORTIVE, "cautionary": CAUTIONARY, "neutral": NEUTRAL}
EXTRAS = ["#GreenNewDeal", "#JC4PM", "#ForTheMany", "@AOC", "@jeremycorbyn", "🔥", "✊", "👏",
          "😂", "🤔", "https://t.co/abc123", "!!!", "???", "lol", "tbh", "IMO", "!!"]
FILLER = [
    "I have been following both of them for years.",
    "My whole family talked about it at dinner.",
    "The coverage this morning was wild.",
    "Nobody in my office could stop talking about it.",
    "I read the thread twice before replying.",
    "Politics moves fast these days.",
    "The comments under the original post are something else.",
]


def post(rng: random.Random, stance: str) -> str:
    bank = BANKS[stance]
    if rng.random() < 0.8:
        parts = [rng.choice(bank)]
        if rng.random() < 0.4:
            parts.append(rng.choice(bank))
        parts += rng.sample(EXTRAS, rng.randint(0, 3))
        text = " ".join(parts)
        return text.upper() if rng.random() < 0.05 else text.capitalize()
    sentences = [rng.choice(FILLER) for _ in range(rng.randint(3, 10))]
    for _ in range(rng.randint(1, 2)):
        sentences.insert(rng.randrange(len(sentences) + 1), rng.choice(bank).capitalize() + ".")
    return " ".join(sentences)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--unlabelled", type=float, default=0.0)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    start = datetime(2019, 2, 13, 17, 0, tzinfo=timezone.utc)
    labels = list(BANKS)
    with open(args.out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "author", "created_at", "text", "stance"])
        for i in range(args.n):
            stance = rng.choices(labels, weights=[0.45, 0.3, 0.25])[0]
            text = post(rng, stance)
            label = rng.choice(labels) if rng.random() < 0.1 else stance
            if rng.random() < args.unlabelled:
                label = ""
            when = start + timedelta(seconds=rng.randint(0, 2 * 86400))
            w.writerow([i, f"user{rng.randint(0, args.n // 3)}", when.strftime("%Y-%m-%dT%H:%M:%SZ"), text, label])


if __name__ == "__main__":
    main()
