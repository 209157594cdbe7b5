//! Issue 17, groups: `--by COLUMN` summarises each stance per group and compares the groups.
//! Checked on real text: the first 300 texts of each of the four corpora in the VADER golden
//! file, grouped by corpus; the expected means and medians are computed here from the golden
//! file's reference compound scores (vaderSentiment 3.3.2), and the Mann-Whitney p-values come
//! from scipy 1.17.1 (`scipy.stats.mannwhitneyu(a, b, method="auto")` on the same scores).

use super::*;
use std::collections::HashMap;

/// The first `per` rows of each corpus: (corpus, text, reference compound).
fn golden_by_corpus(per: usize) -> Vec<(String, String, f64)> {
    let mut r = csv::Reader::from_path(GOLDEN).unwrap();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for row in r.records() {
        let row = row.unwrap();
        let n = seen.entry(row[0].to_owned()).or_default();
        if *n < per {
            *n += 1;
            out.push((
                row[0].to_owned(),
                row[3].to_owned(),
                row[7].parse().unwrap(),
            ));
        }
    }
    out
}

#[test]
fn by_corpus_gives_each_groups_counts_means_and_medians_and_compares_them() {
    let posts = golden_by_corpus(300);
    let tmp = tempfile::tempdir().unwrap();
    let mut w = csv::Writer::from_path(tmp.path().join("golden.csv")).unwrap();
    w.write_record(["corpus", "text"]).unwrap();
    for (corpus, text, _) in &posts {
        w.write_record([corpus, text]).unwrap();
    }
    w.flush().unwrap();
    let dir = tmp.path().join("r");
    reactions()
        .arg("analyze")
        .arg(tmp.path().join("golden.csv"))
        // The reference scored the texts as written, entities and all.
        .args(["--by", "corpus", "--keep-markup", "--quiet", "--out"])
        .arg(&dir)
        .success();
    let rows = csv_rows(&dir.join("groups.csv"));
    for corpus in [
        "tweets",
        "movieReviewSnippets",
        "nytEditorialSnippets",
        "amazonReviewSnippets",
    ] {
        let mut values: Vec<f64> = posts
            .iter()
            .filter(|p| p.0 == corpus)
            .map(|p| p.2)
            .collect();
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        values.sort_by(f64::total_cmp);
        let median = (values[149] + values[150]) / 2.0;
        let all = rows
            .iter()
            .find(|r| r["group"] == corpus && r["stance"] == "all")
            .unwrap_or_else(|| panic!("no 'all' row for {corpus}"));
        assert_eq!(all["posts"], "300", "{corpus}");
        assert_eq!(all["share_of_group"], "1", "{corpus}");
        let got: f64 = all["mean_compound"].parse().unwrap();
        assert!((got - mean).abs() < 1e-9, "{corpus}: {got} vs {mean}");
        let got: f64 = all["median_compound"].parse().unwrap();
        assert!((got - median).abs() < 1e-9, "{corpus}: {got} vs {median}");
        // The stances of a group add up to it.
        let stances: u64 = rows
            .iter()
            .filter(|r| r["group"] == corpus && r["stance"] != "all")
            .map(|r| r["posts"].parse::<u64>().unwrap())
            .sum();
        assert_eq!(stances, 300, "{corpus}");
    }
    let comparisons = csv_rows(&dir.join("group_comparisons.csv"));
    let p_of = |a: &str, b: &str| -> f64 {
        let c = comparisons
            .iter()
            .find(|c| {
                c["stance"] == "all"
                    && ((c["group_a"] == a && c["group_b"] == b)
                        || (c["group_a"] == b && c["group_b"] == a))
            })
            .unwrap_or_else(|| panic!("no comparison of {a} and {b}"));
        c["p_value"].parse().unwrap()
    };
    let p = p_of("tweets", "nytEditorialSnippets");
    assert!((p - 0.012_696_983_907_545_338).abs() < 1e-6, "{p}");
    let p = p_of("movieReviewSnippets", "amazonReviewSnippets");
    assert!((p / 7.653_049_645_617_464e-14 - 1.0).abs() < 1e-3, "{p}");
    // The report has the section, the chart and the page.
    let report = fs::read_to_string(dir.join("report.md")).unwrap();
    assert!(report.contains("## By 'corpus'"), "{report}");
    assert!(report.contains("(stance_sentiment_by_corpus.png)"));
    assert_eq!(
        png_size(&dir.join("stance_sentiment_by_corpus.png")),
        (1200, 800)
    );
    let page = fs::read_to_string(dir.join("groups.md")).unwrap();
    assert!(page.starts_with("# By 'corpus'\n\nGroups are the values of 'corpus' (4 distinct;"));
    let frame = read_parquet(&dir.join("groups.parquet"));
    assert_eq!(frame.height(), rows.len());
}

#[test]
fn by_twice_makes_a_two_level_table_and_a_third_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let input = write(
        tmp.path(),
        "t.csv",
        "platform,who,text\nyoutube,aoc,love this\nyoutube,corbyn,be careful\nreddit,aoc,great\n",
    );
    let dir = tmp.path().join("r");
    reactions()
        .arg("analyze")
        .arg(&input)
        .args(["--by", "platform", "--by", "Who", "--quiet", "--out"])
        .arg(&dir)
        .success();
    let rows = csv_rows(&dir.join("groups.csv"));
    let all: Vec<(&str, &str)> = rows
        .iter()
        .filter(|r| r["stance"] == "all")
        .map(|r| (r["group"].as_str(), r["subgroup"].as_str()))
        .collect();
    assert_eq!(
        all,
        [("reddit", "aoc"), ("youtube", "aoc"), ("youtube", "corbyn")]
    );
    assert!(dir.join("stance_sentiment_by_platform_who.png").exists());
    let out = reactions()
        .arg("analyze")
        .arg(&input)
        .args(["--by", "platform", "--by", "who", "--by", "text", "--out"])
        .arg(tmp.path().join("r2"))
        .output()
        .unwrap();
    expect_error(&out, 2, "--by is given 3 times");
    let out = reactions()
        .arg("analyze")
        .arg(&input)
        .args(["--by", "platform", "--by", "PLATFORM", "--out"])
        .arg(tmp.path().join("r4"))
        .output()
        .unwrap();
    expect_error(&out, 2, "--by names the column 'platform' twice");
    let out = reactions()
        .arg("analyze")
        .arg(&input)
        .args(["--by", "platfrom", "--out"])
        .arg(tmp.path().join("r3"))
        .output()
        .unwrap();
    expect_error(&out, 2, "--by");
    assert!(stderr_of(&out).contains("platfrom"), "{}", stderr_of(&out));
}
