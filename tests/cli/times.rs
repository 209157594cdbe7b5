//! Issue 14, times: the date and time forms of real exports read with no flags, the day/month
//! order decided from the whole column, and the time flags. Expected times are worked out by
//! hand from the fixtures (each is a day and a time written out in the cell).

use super::*;

/// Run analyze on `csv` with `extra` flags: the output, and `posted_at` per post.
fn posted_at(csv: &str, extra: &[&str]) -> (Output, Vec<String>, serde_json::Value) {
    let tmp = tempfile::tempdir().unwrap();
    let input = write(tmp.path(), "export.csv", csv);
    let out_dir = tmp.path().join("r");
    let out = reactions()
        .arg("analyze")
        .arg(&input)
        .args(extra)
        .arg("--out")
        .arg(&out_dir)
        .output()
        .unwrap();
    if !out.status.success() {
        return (out, Vec::new(), serde_json::Value::Null);
    }
    let mut posts = csv::Reader::from_path(out_dir.join("posts.csv")).unwrap();
    let at = posts
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "posted_at")
        .expect("a posted_at column");
    let times = posts.records().map(|r| r.unwrap()[at].to_owned()).collect();
    let manifest = json_of(&out_dir.join("manifest.json"));
    (out, times, manifest)
}

fn notes(manifest: &serde_json::Value) -> String {
    manifest["rows"]["header_notes"].to_string()
}

#[test]
fn an_excel_re_save_with_day_first_dates_and_dotted_times_is_read() {
    let (out, times, manifest) = posted_at(
        "date,text\n\
         03-02-2015 09.10,love this\n\
         24-02-2015 11.35,be careful\n",
        &[],
    );
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(
        times,
        ["2015-02-03T09:10:00+00:00", "2015-02-24T11:35:00+00:00"]
    );
    let notes = notes(&manifest);
    assert!(notes.contains("read day-first"), "{notes}");
    assert!(notes.contains("24-02-2015 11.35"), "{notes}");
}

#[test]
fn month_first_dates_with_am_pm_are_read_month_first_from_the_whole_column() {
    // The first row alone could be either; the second settles it (31 cannot be a month).
    let (out, times, manifest) = posted_at(
        "created_at,text\n\
         2/3/2015 11:35 PM,love this\n\
         12/31/2015 12:05 AM,be careful\n",
        &[],
    );
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(
        times,
        ["2015-02-03T23:35:00+00:00", "2015-12-31T00:05:00+00:00"]
    );
    assert!(notes(&manifest).contains("read month-first"));
}

#[test]
fn dashes_read_day_first_provisionally_are_read_again_month_first() {
    // `12-31-2017` is month-first; `01-02-2018` read day-first before the column settled it.
    let (out, times, _) = posted_at(
        "date,text\n01-02-2018 10:00,love this\n12-31-2017 23:43:04,be careful\n",
        &[],
    );
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(
        times,
        ["2018-01-02T10:00:00+00:00", "2017-12-31T23:43:04+00:00"]
    );
}

#[test]
fn an_ambiguous_column_is_assumed_month_first_said_and_the_flag_overrides() {
    let csv = "date,text\n1/2/2019,love this\n3/4/2019,be careful\n";
    let (out, times, manifest) = posted_at(csv, &[]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(
        times,
        ["2019-01-02T00:00:00+00:00", "2019-03-04T00:00:00+00:00"]
    );
    let said = notes(&manifest);
    assert!(said.contains("could be day-first or month-first"), "{said}");
    assert!(said.contains("--day-first or --month-first"), "{said}");
    let (out, times, manifest) = posted_at(csv, &["--day-first"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(
        times,
        ["2019-02-01T00:00:00+00:00", "2019-04-03T00:00:00+00:00"]
    );
    assert!(!notes(&manifest).contains("could be day-first"));
}

#[test]
fn kaggle_offsets_reddit_seconds_and_youtube_rfc3339_are_read() {
    for (column, cells, expected) in [
        (
            "tweet_created",
            ["2015-02-24 11:35:52 -0800", "2015-02-24 11:15:59 -0800"],
            ["2015-02-24T19:35:52+00:00", "2015-02-24T19:15:59+00:00"],
        ),
        (
            // 1550081040 = 2019-02-13T18:04:00Z (`date -u -d @1550081040`).
            "created_utc",
            ["1550081040.0", "1550081100.5"],
            ["2019-02-13T18:04:00+00:00", "2019-02-13T18:05:00.500+00:00"],
        ),
        (
            "publishedAt",
            ["2019-02-13T18:04:00Z", "2019-02-13T19:05:00+01:00"],
            ["2019-02-13T18:04:00+00:00", "2019-02-13T18:05:00+00:00"],
        ),
    ] {
        let csv = format!(
            "{column},text\n{},love this\n{},be careful\n",
            cells[0], cells[1]
        );
        let (out, times, _) = posted_at(&csv, &["--time-column", column]);
        assert!(out.status.success(), "{column}: {}", stderr_of(&out));
        assert_eq!(times, expected, "{column}");
    }
}

#[test]
fn separate_date_and_time_columns_are_combined() {
    let (out, times, _) = posted_at(
        "date,time,text\n2019-02-13,18:04,love this\n2019-02-14,07:30:15,be careful\n",
        &[],
    );
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(
        times,
        ["2019-02-13T18:04:00+00:00", "2019-02-14T07:30:15+00:00"]
    );
}

#[test]
fn time_zone_places_local_times_and_the_report_says_so() {
    let csv = "date,text\n2019-07-01 12:00,love this\n2019-01-15 12:00,be careful\n";
    // Checked with Python's zoneinfo: Rome is UTC+2 in July, UTC+1 in January.
    let (out, times, manifest) = posted_at(csv, &["--time-zone", "Europe/Rome"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(
        times,
        ["2019-07-01T10:00:00+00:00", "2019-01-15T11:00:00+00:00"]
    );
    assert!(notes(&manifest).contains("read as Europe/Rome and converted to UTC"));
    let (_, _, manifest) = posted_at(csv, &[]);
    assert!(notes(&manifest).contains("read as UTC; pass --time-zone"));
}

#[test]
fn time_format_reads_a_custom_pattern_and_bad_flags_stop_before_reading() {
    let (out, times, _) = posted_at(
        "stamp,text\n13h04 on 24|02|2015,love this\n",
        &[
            "--time-column",
            "stamp",
            "--time-format",
            "%Hh%M on %d|%m|%Y",
        ],
    );
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(times, ["2015-02-24T13:04:00+00:00"]);
    for flags in [["--time-zone", "Mars/Olympus"], ["--time-format", "%Q-%m"]] {
        let out = reactions()
            .args(["analyze", "/nonexistent/never-read.csv"])
            .args(flags)
            .output()
            .unwrap();
        expect_error(&out, 2, flags[0]);
    }
}

#[test]
fn unreadable_times_are_shown_with_examples_and_a_flag_not_yet_passed() {
    let csv = "date,text\nsoon,love this\nlater,be careful\n,what time\n2019-02-13,ok then\n";
    let (out, _, _) = posted_at(csv, &[]);
    let err = stderr_of(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains(
            "2 posts have a time in column 'date' that cannot be read, e.g. \"soon\", \"later\""
        ),
        "{err}"
    );
    assert!(err.contains("accepted: RFC 3339"), "{err}");
    assert!(err.contains("or --time-column NAME"), "{err}");
    assert!(err.contains("1 post has an empty time"), "{err}");
    let (out, _, _) = posted_at(csv, &["--time-format", "%Y-%m-%d", "--time-column", "date"]);
    let err = stderr_of(&out);
    assert!(err.contains("check --time-format '%Y-%m-%d'"), "{err}");
    assert!(!err.contains("pass --time-format"), "{err}");
    assert!(!err.contains("--time-column NAME"), "{err}");
}

#[test]
fn relative_scraped_times_were_met_with_a_time_format_hint() {
    // A YouTube scraper's export: "Time" as the page shows it. No --time-format can read
    // "6 months ago", yet the warning offered one.
    let csv = "Name,Comment,Time,Likes\n@a,love this,6 months ago,3\n@b,be careful,a year ago (edited),1.2K\n@c,what now,3 weeks ago,0\n";
    let (out, times, _) = posted_at(csv, &[]);
    let err = stderr_of(&out);
    assert!(out.status.success(), "{err}");
    assert_eq!(times, ["", "", ""]);
    assert!(
        err.contains("3 posts have a time in column 'Time' that cannot be read, e.g. \"6 months ago\", \"a year ago (edited)\", \"3 weeks ago\"; they are all relative to when the page was read"),
        "{err}"
    );
    assert!(!err.contains("--time-format"), "{err}");
    assert!(!err.contains("accepted:"), "{err}");
}

#[test]
fn train_and_score_neither_read_nor_warn_about_times() {
    // Before, train read the time column like analyze and warned that unreadable times were
    // "left out of the timeline" of a run that has none.
    let tmp = tempfile::tempdir().unwrap();
    let mut csv = String::from("date,text,gold\n");
    for i in 0..6 {
        csv.push_str(&format!(
            "soon,love this movement {i},pro\nlater,please be careful {i},con\n"
        ));
    }
    let input = write(tmp.path(), "labelled.csv", &csv);
    let out = reactions()
        .arg("train")
        .arg(&input)
        .args(["--label-column", "gold", "--folds", "2", "-o"])
        .arg(tmp.path().join("m.json"))
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("cannot be read"), "{err}");
    assert!(!err.contains("timeline"), "{err}");
    let out = reactions()
        .args(["score", "-"])
        .write_stdin(csv)
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("timeline"), "{err}");
}

#[test]
fn event_time_gives_hours_since_the_event_per_bucket_and_a_bad_one_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("r");
    // Naive, read in --time-zone: 14:01 in Rome is 13:01 UTC, when the story was reported.
    reactions()
        .arg("analyze")
        .arg(SAMPLE)
        .args([
            "--event-time",
            "2019-02-04 14:01",
            "--time-zone",
            "Europe/Rome",
            "--quiet",
            "--out",
        ])
        .arg(&dir)
        .success();
    let timeline = fs::read_to_string(dir.join("timeline.csv")).unwrap();
    let mut lines = timeline.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let at = header
        .iter()
        .position(|h| *h == "hours_since_event")
        .unwrap();
    let first: Vec<&str> = lines.next().unwrap().split(',').collect();
    // The sample's first post is at 13:41:40 UTC, in the 13:00 bucket: one minute before 13:01.
    assert_eq!(first[0], "2019-02-04T13:00:00+00:00");
    let hours: f64 = first[at].parse().unwrap();
    assert!((hours + 1.0 / 60.0).abs() < 1e-12, "{hours}");
    let report = fs::read_to_string(dir.join("report.md")).unwrap();
    assert!(
        report.contains("hours since the event (`--event-time` 2019-02-04 13:01 UTC)"),
        "{report}"
    );
    let out = reactions()
        .arg("analyze")
        .arg(SAMPLE)
        .args(["--event-time", "4 Feb", "--out"])
        .arg(tmp.path().join("r2"))
        .output()
        .unwrap();
    expect_error(
        &out,
        2,
        "--event-time \"4 Feb\": give the time the story broke as",
    );
}
