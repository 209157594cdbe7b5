//! Fuzz the per-post stages: any text must score within VADER's ranges and exactly as
//! vader-parity (the oracle) scores it, get a stance, parse (or not) as a timestamp, and escape
//! for terminals and Markdown without panicking.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use reactions::config::SentimentConfig;
use reactions::sentiment::{classify, Scorer};
use reactions::stance::CueRules;

static SCORER: OnceLock<Scorer> = OnceLock::new();
static RULES: OnceLock<CueRules> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let scorer = SCORER.get_or_init(Scorer::new);
    let s = scorer.score(&text);
    let oracle = scorer.score_reference(&text);
    let bits = |s: reactions::model::Scores| [s.neg, s.neu, s.pos, s.compound].map(f64::to_bits);
    assert_eq!(
        bits(s),
        bits(oracle),
        "{text:?}: {s:?} against vader-parity {oracle:?}"
    );
    assert!((-1.0..=1.0).contains(&s.compound), "{s:?}");
    for share in [s.neg, s.neu, s.pos] {
        assert!((0.0..=1.0).contains(&share), "{s:?}");
    }
    let _ = classify(s.compound, SentimentConfig::default());
    let stance = RULES.get_or_init(CueRules::builtin).classify(&text);
    assert!(!stance.label.is_empty());
    let _ = reactions::ingest::time::TimeReader::default().parse(&text);
    let shown = reactions::escape::for_terminal(&text, 80);
    assert!(!shown.chars().any(|c| c.is_control()), "{shown:?}");
    let cell = reactions::escape::for_markdown_cell(&text, 80);
    let chars: Vec<char> = cell.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if *c == '|' {
            assert!(i > 0 && chars[i - 1] == '\\', "unescaped pipe in {cell:?}");
        }
    }
    assert!(!cell.contains('<') && !cell.contains('\n'));
});
