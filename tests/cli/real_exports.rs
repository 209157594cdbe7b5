//! Issue 14: real exports of other stories. First the two wrong-result bugs: `evaluate`
//! comparing a column with itself, and a wrong encoding dropping rows without a word.

use super::*;

/// The accuracy of the `all` group in `evaluate --json` output, after checking it succeeded.
fn accuracy(out: &Output) -> f64 {
    assert!(out.status.success(), "{}", stderr_of(out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    json["groups"][0]["agreement"]["accuracy"]
        .as_f64()
        .unwrap_or_else(|| panic!("{json}"))
}

fn evaluate(file: &Path, args: &[&str]) -> Output {
    reactions()
        .arg("evaluate")
        .arg(file)
        .args(args)
        .output()
        .unwrap()
}

/// A P-Stance-shaped file run through analyze: its `Stance` column must not hide our `stance`.
#[test]
fn evaluate_compared_a_stance_column_with_itself() {
    let tmp = tempfile::tempdir().unwrap();
    // Gold labels in `Stance`; the built-in cue rules give `stance`. Counted by hand: rows 1-2
    // are supportive by the cues ("love", "solidarity"), rows 3-4 cautionary ("be careful",
    // "worried"), so against gold FAVOR/AGAINST they agree on rows 1 and 3 only.
    let input = write(
        tmp.path(),
        "pstance.csv",
        "Tweet,Target,Stance\n\
         love this movement,Sanders,FAVOR\n\
         solidarity with workers everywhere,Sanders,AGAINST\n\
         please be careful here,Sanders,AGAINST\n\
         i am worried about this,Sanders,FAVOR\n",
    );
    let out_dir = tmp.path().join("r");
    let out = reactions()
        .arg("analyze")
        .arg(&input)
        .args(["--stance", "rules", "--quiet", "--out"])
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let posts = out_dir.join("posts.csv");
    let header = fs::read_to_string(&posts).unwrap();
    let header = header.lines().next().unwrap().to_owned();
    assert!(header.contains("input_Stance"), "{header}");
    // Gold labels put in our vocabulary, so agreement can be counted.
    let text = fs::read_to_string(&posts)
        .unwrap()
        .replace("FAVOR", "supportive")
        .replace("AGAINST", "cautionary");
    let mapped = write(tmp.path(), "mapped.csv", &text);
    let out = evaluate(
        &mapped,
        &[
            "--gold-column",
            "input_Stance",
            "--pred-column",
            "stance",
            "--json",
        ],
    );
    assert_eq!(accuracy(&out), 0.5);
}

#[test]
fn evaluate_resolves_an_exact_column_name_before_a_case_insensitive_one() {
    let tmp = tempfile::tempdir().unwrap();
    // An older posts.csv: both `stance` (predicted) and `Stance` (gold). Agreement: 1 of 3.
    let file = write(
        tmp.path(),
        "old_posts.csv",
        "text,stance,Stance\na,pro,pro\nb,pro,con\nc,con,pro\n",
    );
    let out = evaluate(
        &file,
        &[
            "--gold-column",
            "Stance",
            "--pred-column",
            "stance",
            "--json",
        ],
    );
    let accuracy = accuracy(&out);
    assert!((accuracy - 1.0 / 3.0).abs() < 1e-12, "{accuracy}");
}

#[test]
fn evaluate_refuses_a_gold_and_predicted_column_that_are_one_column() {
    let tmp = tempfile::tempdir().unwrap();
    let file = write(tmp.path(), "p.csv", "text,stance\na,pro\nb,con\n");
    let out = evaluate(
        &file,
        &["--gold-column", "stance", "--pred-column", "STANCE"],
    );
    expect_error(&out, 2, "are the same column 'stance'");
    assert!(out.stdout.is_empty());
}

#[test]
fn evaluate_names_a_missing_gold_column_as_gold_not_text() {
    let tmp = tempfile::tempdir().unwrap();
    let file = write(tmp.path(), "p.csv", "text,stance\na,pro\n");
    let out = evaluate(&file, &["--gold-column", "gold", "--pred-column", "stance"]);
    expect_error(&out, 2, "--gold-column gold: no such column");
    assert!(!stderr_of(&out).contains("--text-column"));
}

#[test]
fn evaluate_called_the_gold_column_the_text_in_its_note() {
    // Kaggle's airline tweets after analyze: gold `airline_sentiment` against our `sentiment`.
    // The note said "text 'airline_sentiment' (named by its flag)" and listed the time and
    // author columns, which evaluate never reads. Agreement counted by hand: rows 1 and 3.
    let tmp = tempfile::tempdir().unwrap();
    let file = write(
        tmp.path(),
        "posts.csv",
        "tweet_id,airline_sentiment,airline,name,text,tweet_created,sentiment
         1,negative,United,a,@united late again,2015-02-24 11:35:52 -0800,negative
         2,neutral,United,b,@united what time,2015-02-24 11:36:52 -0800,positive
         3,positive,Delta,c,@delta thanks,2015-02-24 11:37:52 -0800,positive
",
    );
    let out = evaluate(
        &file,
        &[
            "--gold-column",
            "airline_sentiment",
            "--pred-column",
            "sentiment",
            "--by",
            "airline",
            "--json",
        ],
    );
    assert!(out.status.success(), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(
        err.contains("note: columns used: gold 'airline_sentiment', predicted 'sentiment', groups 'airline'\n"),
        "{err}"
    );
    assert!(!err.contains("text '"), "{err}");
    let accuracy = accuracy(&out);
    assert!((accuracy - 2.0 / 3.0).abs() < 1e-12, "{accuracy}");
}

#[test]
fn evaluate_on_the_raw_export_says_where_our_columns_are() {
    let tmp = tempfile::tempdir().unwrap();
    let file = write(
        tmp.path(),
        "Tweets.csv",
        "airline_sentiment,text
neutral,hi
",
    );
    let out = evaluate(
        &file,
        &[
            "--gold-column",
            "airline_sentiment",
            "--pred-column",
            "sentiment",
        ],
    );
    expect_error(&out, 2, "--pred-column sentiment: no such column");
    assert!(
        stderr_of(&out)
            .contains("'sentiment' is a column reactions writes: run `reactions analyze"),
        "{}",
        stderr_of(&out)
    );
    // Not said of a column that is simply misspelt.
    let out = evaluate(
        &file,
        &[
            "--gold-column",
            "airline_sentiment",
            "--pred-column",
            "sentimnet",
        ],
    );
    assert!(!stderr_of(&out).contains("a column reactions writes"));
}

#[test]
fn evaluate_of_labels_against_numbers_says_which_side_is_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    let file = write(
        tmp.path(),
        "p.csv",
        "text,stance,compound\na,supportive,0.5\nb,cautionary,-0.2\n",
    );
    let out = evaluate(
        &file,
        &["--gold-column", "stance", "--pred-column", "compound"],
    );
    expect_error(
        &out,
        2,
        "--pred-column 'compound' holds numbers but --gold-column 'stance' holds labels",
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn evaluate_of_a_score_column_with_one_nan_names_the_cell() {
    let tmp = tempfile::tempdir().unwrap();
    let file = write(
        tmp.path(),
        "p.csv",
        "text,human,compound\na,1.5,0.5\nb,NaN,-0.2\nc,-2,-0.4\n",
    );
    let out = evaluate(
        &file,
        &["--gold-column", "human", "--pred-column", "compound"],
    );
    expect_error(&out, 1, ":3: column 'human': 'NaN' is not a number");
    assert!(out.stdout.is_empty());
}

/// An Italian Reddit thread as Excel saves it in a European locale: Windows-1252, `;`, CRLF.
/// Made-up replies; the accents are where a UTF-8 reader fails.
fn excel_eu_thread() -> Vec<u8> {
    let replies = [
        "Che bella notizia, finalmente un po' di solidarietà!",
        "Perché nessuno ne parla? È una questione seria.",
        "Bisogna stare attenti, però: la prudenza non è mai troppa.",
        "Più dialogo, meno odio. Così si cresce.",
        "Non è così semplice, c'è molto di più dietro.",
        "ok",
    ];
    let mut text = String::from("id;author;body;score\r\n");
    for i in 0..60 {
        text.push_str(&format!(
            "{i};utente{i};\"{}\";{}\r\n",
            replies[i % replies.len()],
            i % 7
        ));
    }
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!unmappable);
    bytes.into_owned()
}

#[test]
fn a_windows_1252_export_dropped_most_rows_silently() {
    let (out, dir, _t) = analyze_bytes("thread_excel.csv", &excel_eu_thread(), &[]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(
        err.contains(
            "note: the file is not UTF-8: it is read as windows-1252 (detected by chardetng"
        ),
        "{err}"
    );
    assert!(!err.contains("skipped"), "{err}");
    let frame = read_parquet(&dir.join("posts.parquet"));
    let texts = strings(&frame, "body");
    assert_eq!(texts.len(), 60);
    assert_eq!(
        texts[0],
        "Che bella notizia, finalmente un po' di solidarietà!"
    );
    assert_eq!(
        texts[2],
        "Bisogna stare attenti, però: la prudenza non è mai troppa."
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["encoding"]["name"], "windows-1252");
    assert_eq!(
        manifest["encoding"]["chosen_by"],
        "detected by chardetng from the first bytes"
    );
    assert_eq!(manifest["delimiter"], ";");
    assert_eq!(manifest["rows"]["used"], 60);
}

#[test]
fn windows_1252_rows_past_an_ascii_first_mib_were_skipped() {
    // Kaggle's airline tweets re-saved by Excel, 20,000 rows: the first MiB is plain ASCII, so
    // the file was read as UTF-8 and the two windows-1252 rows after it were dropped.
    let mut input = b"tweet_id,text\n".to_vec();
    for i in 0..20_000 {
        match i {
            18_000 => input.extend(b"18000,it cost me \xa340 and the caf\xe9 was closed\n"),
            19_000 => input.extend(b"19000,na\xefve of me to trust them\n"),
            _ => input.extend(
                format!("{i},a plain ascii tweet number {i} about the flight and the long wait at the gate\n").as_bytes(),
            ),
        }
    }
    // Past the first MiB, which encoding detection examines.
    let first_bad = input.windows(2).position(|w| w == b"\xa34").unwrap();
    assert!(first_bad > 1 << 20, "{first_bad}");
    let out = reactions()
        .arg("score")
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 20_001);
    // "it cost me £40 and the café was closed": VADER 3.3.2 gives 0, 1, 0, 0.
    assert_eq!(
        lines[18_001],
        "18000,it cost me \u{a3}40 and the caf\u{e9} was closed,0,1,0,0"
    );
    assert!(
        lines[19_001].starts_with("19000,na\u{ef}ve of me to trust them,"),
        "{}",
        lines[19_001]
    );
    let err = stderr_of(&out);
    assert!(
        err.contains(
            "2 rows are not UTF-8 although the start of the file is: read as windows-1252"
        ),
        "{err}"
    );
    assert!(err.contains("(lines 18002, 19002)"), "{err}");
    assert!(!err.contains("empty scores"), "{err}");
}

#[test]
fn score_dropped_rows_it_could_not_read() {
    // One row per row in: a bad one (too many fields) gets empty scores. Empty text is scored:
    // vaderSentiment 3.3.2 gives 0, 0, 0, 0 for "".
    let input = "id,text\n1,love it\n2,too,many\n3,\n4,be careful\n";
    let out = reactions()
        .arg("score")
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "{text}");
    assert_eq!(lines[0], "id,text,neg,neu,pos,compound");
    // "love it": VADER 3.3.2 gives neg 0, neu 0.192, pos 0.808, compound 0.6369.
    assert_eq!(lines[1], "1,love it,0,0.192,0.808,0.6369");
    assert_eq!(lines[2], "2,too,many,,,,");
    assert_eq!(lines[3], "3,,0,0,0,0");
    assert!(lines[4].starts_with("4,be careful,"), "{text}");
    let err = stderr_of(&out);
    assert!(
        err.contains("1 of 4 rows written with empty scores (1 wrong number of fields)"),
        "{err}"
    );
}

#[test]
fn a_run_that_skips_more_than_one_percent_for_one_reason_stops() {
    let mut input = String::from("id,text\n");
    for i in 0..100 {
        if i % 8 == 0 {
            input.push_str(&format!("{i},unquoted, comma\n"));
        } else {
            input.push_str(&format!("{i},post number {i}\n"));
        }
    }
    // 13 of 100 rows have three fields: lines 2, 10, 18, ...
    let (out, dir, _t) = analyze_bytes("p.csv", input.as_bytes(), &[]);
    expect_error(
        &out,
        1,
        "13 of 100 rows (13.0%) skipped: wrong number of fields (first lines: 2, 10, 18, 26, 34); quote fields that contain the delimiter",
    );
    assert!(stderr_of(&out).contains("pass --max-skipped 13"));
    assert!(!dir.exists());
    let (out, dir, _t) = analyze_bytes("p.csv", input.as_bytes(), &["--max-skipped", "13"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(posts_text(&dir).len(), 87);
    // The hint is said once, however many rows are shown.
    let err = stderr_of(&out);
    assert_eq!(
        err.matches("quote fields that contain the delimiter")
            .count(),
        1,
        "{err}"
    );
    let out = reactions()
        .args(["analyze", "-", "--max-skipped", "101"])
        .output()
        .unwrap();
    expect_error(&out, 2, "101 is not between 0 and 100");
}
