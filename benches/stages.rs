//! Criterion benches of the per-post stages and the aggregation, on real texts: the 23,703
//! human-rated texts of VADER's corpora (`tests/data/vader_golden_3.3.2.csv`).
//!
//! Run with `cargo bench --bench stages`; results and machine are recorded in BENCHMARKS.md.

use std::hint::black_box;

use criterion::measurement::WallTime;
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, Throughput};

use reactions::aggregate::{self, compare, duplicates};
use reactions::config::SentimentConfig;
use reactions::model::{Post, Scored};
use reactions::sentiment::{self, LongPosts, Scorer};
use reactions::stance::{self, CueRules, TrainOptions};

fn golden_texts() -> Vec<String> {
    let mut reader =
        csv::Reader::from_path("tests/data/vader_golden_3.3.2.csv").expect("golden file");
    let headers = reader.headers().expect("header").clone();
    let text = headers
        .iter()
        .position(|h| h == "text")
        .expect("text column");
    reader
        .records()
        .map(|r| r.expect("record")[text].to_owned())
        .collect()
}

/// Bench `f` applied to every text in turn.
fn per_text<R>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    texts: &[String],
    f: impl Fn(&str) -> R,
) {
    group.bench_function(name, |b| {
        b.iter(|| {
            for t in texts {
                black_box(f(black_box(t)));
            }
        });
    });
}

fn scoring(c: &mut Criterion) {
    let texts = golden_texts();
    let scorer = Scorer::new();
    let mut group = c.benchmark_group("scoring");
    group.throughput(Throughput::Elements(texts.len() as u64));
    group.sample_size(10);
    per_text(
        &mut group,
        "vader-parity (reference), 23,703 golden texts",
        &texts,
        |t| scorer.score_reference(t),
    );
    per_text(
        &mut group,
        "our port (default), 23,703 golden texts",
        &texts,
        |t| scorer.score(t),
    );
    per_text(
        &mut group,
        "sentence mean, 23,703 golden texts",
        &texts,
        |t| scorer.score_with(t, LongPosts::SentenceMean),
    );
    group.finish();
}

fn language(c: &mut Criterion) {
    // As `analyze` reads them: at most 400 bytes of each text.
    let texts: Vec<String> = golden_texts()
        .into_iter()
        .map(|t| {
            let mut end = t.len().min(400);
            while !t.is_char_boundary(end) {
                end -= 1;
            }
            t[..end].to_owned()
        })
        .collect();
    let whatlang = whatlang::Detector::with_allowlist(reactions::language::COMMON.to_vec());
    let ours = reactions::language::LanguageReader::default();
    let mut group = c.benchmark_group("language");
    group.throughput(Throughput::Elements(texts.len() as u64));
    group.sample_size(10);
    per_text(
        &mut group,
        "whatlang, 16 languages, 23,703 golden texts",
        &texts,
        |t| whatlang.detect(t),
    );
    per_text(
        &mut group,
        "our detect (whatlang's result), 23,703 golden texts",
        &texts,
        |t| ours.detect(t),
    );
    per_text(
        &mut group,
        "read: English-word rule, then detect, 23,703 golden texts",
        &texts,
        |t| ours.read(t, None),
    );
    group.finish();
}

fn stance_stage(c: &mut Criterion) {
    let texts = golden_texts();
    let rules = CueRules::builtin();
    // A model trained on the texts with the sign of their human rating as the label; trained
    // only when its bench is selected, so profiling another bench does not profile training.
    let model = std::cell::LazyCell::new(|| {
        let mut reader =
            csv::Reader::from_path("tests/data/vader_golden_3.3.2.csv").expect("golden file");
        let labels: Vec<String> = reader
            .records()
            .take(4000)
            .map(|r| {
                let mean: f64 = r.expect("record")[2].parse().expect("number");
                if mean >= 0.0 { "up" } else { "down" }.to_owned()
            })
            .collect();
        let train: Vec<&str> = texts.iter().take(4000).map(String::as_str).collect();
        stance::classifier::train(&train, &labels, TrainOptions::default(), &mut |_| {})
            .expect("training")
    });
    let mut group = c.benchmark_group("stance");
    group.throughput(Throughput::Elements(texts.len() as u64));
    group.sample_size(10);
    per_text(
        &mut group,
        "built-in cue rules, 23,703 golden texts",
        &texts,
        |t| rules.classify(t),
    );
    per_text(
        &mut group,
        "classifier predict, 23,703 golden texts",
        &texts,
        |t| model.predict(t),
    );
    group.finish();
}

fn aggregation(c: &mut Criterion) {
    let texts = golden_texts();
    let scorer = Scorer::new();
    let labels = ["supportive", "cautionary", "neutral"];
    let scored: Vec<Scored> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let scores = scorer.score(t);
            Scored {
                post: Post {
                    line: i as u64 + 2,
                    fields: vec![t.clone(), labels[i % 3].to_owned()].into(),
                    text_index: 0,
                    time: None,
                    language: reactions::language::Language::Unknown,
                    cleaned: None,
                },
                sentiment: sentiment::classify(scores.compound, SentimentConfig::default()),
                scores,
                stance: stance::from_label(labels[i % 3], "stance"),
            }
        })
        .collect();
    let names = vec!["text".to_owned(), "input_stance".to_owned()];
    let flags = duplicates::flag_duplicates(&scored, None);
    let mut group = c.benchmark_group("aggregation");
    group.throughput(Throughput::Elements(scored.len() as u64));
    group.sample_size(10);
    let table = aggregate::PostTable {
        types: vec![aggregate::carried::CarriedType::Text; names.len()],
        names,
        with_time: false,
        exclude_duplicates: false,
        scored: scored.clone(),
        flags,
        threads: None,
        sentiment_model: None,
    };
    group.bench_function("posts frame, 23,703 posts", |b| {
        b.iter(|| black_box(table.frame().expect("frame")));
    });
    // What analyze builds for the summary since the per-post frame is only streamed to disk.
    group.bench_function("counted frame + summary, 23,703 posts", |b| {
        b.iter(|| {
            let frame = aggregate::counted_frame(&scored, false, None).expect("frame");
            black_box(aggregate::summarize(&frame, None).expect("summary"))
        });
    });
    let order: Vec<String> = labels.iter().map(|s| (*s).to_owned()).collect();
    let groups = compare::groups(&scored, &order);
    group.bench_function(
        "comparisons (2000 bootstrap resamples), 23,703 posts",
        |b| {
            b.iter(|| black_box(compare::compare_stances(&groups, 2000, 1)));
        },
    );
    group.bench_function("distinctive terms, 23,703 posts", |b| {
        let stopwords = aggregate::terms::builtin_stopwords();
        b.iter(|| {
            black_box(aggregate::terms::distinctive_terms(
                &scored,
                &order,
                &stopwords,
                aggregate::terms::TOP_TERMS,
            ))
        });
    });
    group.finish();
}

criterion_group!(benches, scoring, language, stance_stage, aggregation);
criterion_main!(benches);
