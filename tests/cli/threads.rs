//! Issue 17, threads: the reply-to column links each post to the root of its thread. Fixtures
//! shaped like Reddit (PRAW: `t1_`/`t3_` parents, the submission not in the file) and YouTube
//! (`parentId` naming the top-level comment) exports; expected roots and depths worked out by
//! hand from the reply chains.

use super::*;

const PRAW: &str = "id,author,body,score,created_utc,parent_id,link_id\n\
e1,alice,I love this so much great news,5,1550081040.0,t3_x,t3_x\n\
e2,bob,be careful here this is a bad idea,-2,1550081100.0,t1_e1,t3_x\n\
e3,carol,totally agree wonderful,3,1550081160.0,t1_e2,t3_x\n\
e4,dan,terrible awful,1,1550081220.0,t3_y,t3_y\n\
e5,erin,nice,1,1550081280.0,t1_e4,t3_y\n\
e6,fay,hello,1,1550081290.0,,t3_z\n";

fn run(name: &str, csv: &str, extra: &[&str]) -> (PathBuf, tempfile::TempDir) {
    let tmp = tempfile::tempdir().unwrap();
    let input = write(tmp.path(), name, csv);
    let dir = tmp.path().join("r");
    reactions()
        .arg("analyze")
        .arg(&input)
        .args(["--quiet", "--out"])
        .arg(&dir)
        .args(extra)
        .success();
    (dir, tmp)
}

#[test]
fn reddit_replies_get_their_submission_as_root_and_their_depth() {
    let (dir, _tmp) = run("praw.csv", PRAW, &[]);
    let posts = read_parquet(&dir.join("posts.parquet"));
    assert_eq!(
        strings(&posts, "root_id"),
        ["t3_x", "t3_x", "t3_x", "t3_y", "t3_y", "e6"]
    );
    let depth: Vec<u32> = posts
        .column("depth")
        .unwrap()
        .u32()
        .unwrap()
        .into_no_null_iter()
        .collect();
    assert_eq!(depth, [1, 2, 3, 1, 2, 0]);
    let threads = fs::read_to_string(dir.join("threads.csv")).unwrap();
    let mut lines = threads.lines();
    assert_eq!(
        lines.next().unwrap(),
        "root_id,root_line,posts,replies,max_depth,mean_compound,share_positive,share_neutral,share_negative,stances"
    );
    assert!(
        lines.next().unwrap().starts_with("t3_x,,3,3,3,"),
        "{threads}"
    );
    assert!(
        lines.next().unwrap().starts_with("t3_y,,2,2,2,"),
        "{threads}"
    );
    assert_eq!(lines.next(), None, "a post without replies is not a thread");
    let report = fs::read_to_string(dir.join("report.md")).unwrap();
    assert!(report.contains("## Threads"), "{report}");
    assert!(
        report.contains("2 parents named by replies are not in the file"),
        "{report}"
    );
    assert!(
        report.contains("1 post neither replies nor is replied to"),
        "{report}"
    );
    let manifest = json_of(&dir.join("manifest.json"));
    assert_eq!(manifest["threads"]["missing_parents"], 2);
    let notes = manifest["rows"]["header_notes"].to_string();
    assert!(
        notes.contains("2 parents named in the reply-to column 'parent_id' are not in the file"),
        "{notes}"
    );
    // Every reply to a post in the file is counted once by the stance it answers.
    let replies = fs::read_to_string(dir.join("reply_stances.csv")).unwrap();
    let total: u64 = replies
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(2).unwrap().parse::<u64>().unwrap())
        .sum();
    assert_eq!(
        total, 3,
        "e2 answers e1, e3 answers e2, e5 answers e4: {replies}"
    );
}

#[test]
fn by_root_groups_posts_by_their_thread() {
    let (dir, _tmp) = run("praw.csv", PRAW, &["--by", "root"]);
    let groups = fs::read_to_string(dir.join("groups.csv")).unwrap();
    let all: Vec<&str> = groups
        .lines()
        .filter(|l| l.contains(",all,"))
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(all, ["t3_x", "t3_y", "e6"]);
    assert!(dir.join("stance_sentiment_by_root.png").exists());
}

#[test]
fn youtube_replies_hang_under_their_top_level_comment() {
    let csv = "commentId,parentId,authorDisplayName,textOriginal,likeCount,publishedAt\n\
               Ugx1,,Jo,love this,12,2019-02-13T18:04:00Z\n\
               Ugx1.r1,Ugx1,Ann,be careful,0,2019-02-13T19:10:30Z\n\
               Ugx1.r2,Ugx1,Bo,agreed,1,2019-02-13T19:11:30Z\n\
               Ugx2,,Cy,hmm,0,2019-02-13T19:12:30Z\n";
    let (dir, _tmp) = run("youtube.csv", csv, &[]);
    let posts = read_parquet(&dir.join("posts.parquet"));
    assert_eq!(strings(&posts, "root_id"), ["Ugx1", "Ugx1", "Ugx1", "Ugx2"]);
    let threads = fs::read_to_string(dir.join("threads.csv")).unwrap();
    assert!(
        threads.lines().nth(1).unwrap().starts_with("Ugx1,2,3,2,1,"),
        "{threads}"
    );
}

#[test]
fn a_reply_cycle_is_refused_with_its_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let input = write(
        tmp.path(),
        "c.csv",
        "id,parent_id,text\na,,root post\nb,d,one\nc,b,two\nd,c,three\n",
    );
    let out = reactions()
        .arg("analyze")
        .arg(&input)
        .arg("--out")
        .arg(tmp.path().join("r"))
        .output()
        .unwrap();
    expect_error(
        &out,
        1,
        "column 'parent_id': the replies on lines 3, 4, 5 answer each other in a cycle",
    );
    assert!(stderr_of(&out).contains("or --no-threads if the column is not a reply-to column"));
    assert!(!tmp.path().join("r").exists());
    // --no-threads leaves the column alone: the run goes through, with no thread outputs.
    let dir = tmp.path().join("n");
    reactions()
        .arg("analyze")
        .arg(&input)
        .args(["--no-threads", "--quiet", "--out"])
        .arg(&dir)
        .success();
    assert!(!dir.join("threads.csv").exists());
    let posts = read_parquet(&dir.join("posts.parquet"));
    assert!(posts.column("root_id").is_err());
    let out = reactions()
        .arg("analyze")
        .arg(&input)
        .args(["--no-threads", "--by", "root", "--out"])
        .arg(tmp.path().join("n2"))
        .output()
        .unwrap();
    expect_error(&out, 2, "--no-threads turns threads off");
}

#[test]
fn a_reply_column_without_ids_is_noted_and_by_root_is_refused() {
    let csv = "parent_id,text\n,root post\nx,a reply\n";
    let (dir, tmp) = run("noid.csv", csv, &[]);
    let notes = json_of(&dir.join("manifest.json"))["rows"]["header_notes"].to_string();
    assert!(notes.contains("threads need post ids"), "{notes}");
    assert!(!dir.join("threads.csv").exists());
    let out = reactions()
        .arg("analyze")
        .arg(tmp.path().join("noid.csv"))
        .args(["--by", "root", "--out"])
        .arg(tmp.path().join("r2"))
        .output()
        .unwrap();
    expect_error(
        &out,
        2,
        "--by root groups posts by the root of their thread, which needs an id column",
    );
}
