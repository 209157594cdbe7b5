//! Read `text,lang` CSV on stdin (lang in ISO 639-3), detect each text's language with whatlang
//! in three set-ups, and print per-language accuracy, how often English is called non-English
//! and the opposite (what a "share of non-English posts" rests on), and texts per second (best
//! of five passes, one core). A guess below whatlang's reliability bar counts as "unknown":
//! neither English nor not.

use std::collections::BTreeMap;
use std::io::Read;
use std::time::Instant;

use whatlang::{Detector, Lang};

/// The languages most posts in our users' threads are in (the largest on Twitter and Reddit):
/// the same list as `src/language.rs` (this crate stands alone, so it keeps a copy).
const COMMON: [Lang; 16] = [
    Lang::Eng,
    Lang::Spa,
    Lang::Por,
    Lang::Fra,
    Lang::Deu,
    Lang::Ita,
    Lang::Nld,
    Lang::Pol,
    Lang::Rus,
    Lang::Ukr,
    Lang::Tur,
    Lang::Ara,
    Lang::Jpn,
    Lang::Kor,
    Lang::Cmn,
    Lang::Hin,
];

fn main() {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).expect("stdin");
    let mut reader = csv::Reader::from_reader(input.as_bytes());
    let rows: Vec<(String, String)> = reader
        .records()
        .map(|r| {
            let r = r.expect("csv row");
            (r[0].to_owned(), r[1].to_owned())
        })
        .collect();
    let all = Detector::new();
    let common = Detector::with_allowlist(COMMON.to_vec());
    for (name, detector, reliable_only) in [
        ("whatlang, all 69 languages", &all, false),
        ("whatlang, 16 common languages", &common, false),
        ("whatlang, 16 common languages, reliable guesses only", &common, true),
    ] {
        let mut best = f64::INFINITY;
        let mut guesses = Vec::new();
        for _ in 0..5 {
            let start = Instant::now();
            guesses = rows
                .iter()
                .map(|(text, _)| {
                    detector
                        .detect(text)
                        .filter(|i| !reliable_only || i.is_reliable())
                        .map(|i| i.lang().code())
                })
                .collect::<Vec<_>>();
            best = best.min(start.elapsed().as_secs_f64());
        }
        let mut per: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
        let (mut eng, mut eng_called_other, mut other, mut other_called_eng, mut unknown) =
            (0u64, 0u64, 0u64, 0u64, 0u64);
        for ((_, gold), guess) in rows.iter().zip(&guesses) {
            let e = per.entry(gold.as_str()).or_default();
            e.1 += 1;
            e.0 += u64::from(*guess == Some(gold.as_str()));
            unknown += u64::from(guess.is_none());
            if gold == "eng" {
                eng += 1;
                eng_called_other += u64::from(guess.is_some_and(|g| g != "eng"));
            } else {
                other += 1;
                other_called_eng += u64::from(*guess == Some("eng"));
            }
        }
        let correct: u64 = per.values().map(|v| v.0).sum();
        let share = |a: u64, b: u64| a as f64 / b as f64;
        print!(
            "{name}: accuracy {:.3} (",
            share(correct, rows.len() as u64)
        );
        for (lang, (ok, n)) in &per {
            print!("{lang} {:.3} ", share(*ok, *n));
        }
        println!(
            "); English called non-English {:.3}; non-English called English {:.3}; unknown {:.3}; {:.0} texts/s one core",
            share(eng_called_other, eng),
            share(other_called_eng, other),
            share(unknown, rows.len() as u64),
            rows.len() as f64 / best
        );
    }
}
