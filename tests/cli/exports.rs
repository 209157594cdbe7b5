//! Issue 14, columns: one fixture per export kind, with the column names, time formats and
//! shapes the collectors write (made-up content), run with no flags. Each checks the columns
//! chosen (manifest.json), that every time was read, and that every row was kept.

use super::*;

/// Run analyze with no flags; the manifest.
fn analyze_export(name: &str, csv: &str) -> serde_json::Value {
    let tmp = tempfile::tempdir().unwrap();
    let input = write(tmp.path(), name, csv);
    let out_dir = tmp.path().join("r");
    let out = reactions()
        .arg("analyze")
        .arg(&input)
        .arg("--out")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{name}: {}", stderr_of(&out));
    json_of(&out_dir.join("manifest.json"))
}

/// The columns chosen per role, every row used and every time read.
fn check(name: &str, csv: &str, rows: u64, roles: &[(&str, &str)]) {
    let m = analyze_export(name, csv);
    for (role, column) in roles {
        assert_eq!(m["columns"][role], *column, "{name}: {role}");
    }
    assert_eq!(m["rows"]["read"], rows, "{name}");
    assert_eq!(m["rows"]["used"], rows, "{name}");
    assert_eq!(m["rows"]["unreadable_times"], 0, "{name}: {}", m["rows"]);
}

#[test]
fn youtube_data_api_comments() {
    check(
        "youtube.csv",
        "commentId,parentId,authorDisplayName,authorChannelId,textDisplay,textOriginal,likeCount,publishedAt,updatedAt\n\
         Ugx1,,Jo Bloggs,UC1,<b>love</b> this,love this,12,2019-02-13T18:04:00Z,2019-02-13T18:04:00Z\n\
         Ugx2,Ugx1,Ann Other,UC2,be careful,be careful,0,2019-02-13T19:10:30Z,2019-02-13T19:10:30Z\n",
        2,
        &[
            ("text", "textOriginal"),
            ("author", "authorDisplayName"),
            ("time", "publishedAt"),
            ("likes", "likeCount"),
            ("parent", "parentId"),
            ("id", "commentId"),
        ],
    );
}

#[test]
fn reddit_praw_and_scraper_comments() {
    check(
        "praw.csv",
        "id,author,body,score,created_utc,parent_id,link_id\n\
         e1,alice,love this,5,1550081040.0,t3_x,t3_x\n\
         e2,bob,be careful,-2,1550081100.0,t1_e1,t3_x\n",
        2,
        &[
            ("text", "body"),
            ("author", "author"),
            ("time", "created_utc"),
            ("likes", "score"),
            ("parent", "parent_id"),
            ("id", "id"),
        ],
    );
    check(
        "scraper.csv",
        "comment_id,comment_author_name,comment_body,comment_score,comment_posted_time,comment_parent_id\n\
         c1,alice,love this,5,2019-02-13 18:04:00,\n\
         c2,bob,be careful,1,2019-02-13 18:05:00,c1\n",
        2,
        &[
            ("text", "comment_body"),
            ("author", "comment_author_name"),
            ("time", "comment_posted_time"),
            ("likes", "comment_score"),
            ("parent", "comment_parent_id"),
            ("id", "comment_id"),
        ],
    );
}

#[test]
fn twarc_and_twarc2_csv() {
    check(
        "twarc.csv",
        "id,tweet_url,created_at,parsed_created_at,user_screen_name,text,tweet_type,favorite_count,in_reply_to_status_id,lang\n\
         1,u,Wed Feb 13 18:04:00 +0000 2019,x,alice,love this,original,3,,en\n\
         2,u,Wed Feb 13 18:05:00 +0000 2019,x,bob,be careful,reply,0,1,en\n",
        2,
        &[
            ("text", "text"),
            ("author", "user_screen_name"),
            ("time", "created_at"),
            ("likes", "favorite_count"),
            ("parent", "in_reply_to_status_id"),
        ],
    );
    check(
        "twarc2.csv",
        "id,conversation_id,referenced_tweets.replied_to.id,author_id,author.username,author.name,created_at,text,public_metrics.like_count,lang\n\
         1,1,,10,alice,Alice A,2019-02-13T18:04:00.000Z,love this,3,en\n\
         2,1,1,11,bob,Bob B,2019-02-13T18:05:00.000Z,be careful,0,en\n",
        2,
        &[
            ("text", "text"),
            ("author", "author.username"),
            ("time", "created_at"),
            ("likes", "public_metrics.like_count"),
            ("parent", "referenced_tweets.replied_to.id"),
            ("id", "id"),
        ],
    );
}

#[test]
fn twarc_display_name_passed_for_the_handle() {
    // twarc's json2csv writes `user_screen_name` (the handle) and `user_name` (the display
    // name); `user_name` matched the known name `username` once its `_` was dropped, and won.
    // The header is json2csv's, in its order.
    let header = "id,tweet_url,created_at,parsed_created_at,user_screen_name,text,tweet_type,coordinates,hashtags,media,urls,favorite_count,in_reply_to_screen_name,in_reply_to_status_id,in_reply_to_user_id,lang,place,possibly_sensitive,retweet_count,retweet_or_quote_id,retweet_or_quote_screen_name,retweet_or_quote_user_id,source,user_id,user_created_at,user_default_profile_image,user_description,user_favourites_count,user_followers_count,user_friends_count,user_listed_count,user_location,user_name,user_statuses_count,user_time_zone,user_urls,user_verified";
    let mut csv = format!("{header}\n");
    for i in 0..12 {
        let mut row = vec![String::new(); header.split(',').count()];
        row[0] = format!("109500000000000{i:04}");
        row[2] = format!("Mon Feb 04 13:{i:02}:00 +0000 2019");
        row[4] = format!("handle{i}");
        row[5] = "please be careful with this".into();
        row[6] = "original".into();
        row[11] = "2".into();
        row[27] = "9000".into();
        row[32] = format!("Display Name {i}");
        csv.push_str(&row.join(","));
        csv.push('\n');
    }
    let m = analyze_export("twarc_full.csv", &csv);
    assert_eq!(
        m["columns"]["author"], "user_screen_name",
        "{}",
        m["columns"]
    );
    assert_eq!(m["columns"]["likes"], "favorite_count");
    assert_eq!(m["rows"]["unreadable_times"], 0);
    // Without the handle, the display name is still found by its name.
    let m = analyze_export(
        "no_handle.csv",
        "text,user_name\nlove this,Display Name\nbe careful,Other Name\n",
    );
    assert_eq!(m["columns"]["author"], "user_name");
}

#[test]
fn an_excel_resave_with_one_pound_sign_stopped_for_its_encoding() {
    // Kaggle's airline tweets re-saved by Excel: windows-1252, CRLF, and of 400 tweets one
    // holds a non-ASCII byte (a pound sign). Too little for chardetng, so the run stopped and
    // asked for --encoding (without naming windows-1252); one line cannot justify stopping.
    let mut text = String::from(
        "tweet_id,airline_sentiment,airline,name,retweet_count,text,tweet_created\r\n",
    );
    for i in 0..400 {
        let tweet = if i == 250 {
            "@united it cost me \u{a3}40 to change a seat".to_owned()
        } else {
            format!("@united flight {i} was delayed again")
        };
        text.push_str(&format!(
            "5.70306E+17,negative,United,flyer{i},0,{tweet},2/{}/2015 11:{:02}\r\n",
            17 + i / 100,
            i % 60
        ));
    }
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!unmappable);
    let (out, dir, _t) = analyze_bytes("Tweets_excel.csv", &bytes, &[]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(
        err.contains("too few of its lines hold other than ASCII to tell its encoding (1 of the first 401 lines; line 252): they are read as windows-1252"),
        "{err}"
    );
    let m = json_of(&dir.join("manifest.json"));
    assert_eq!(m["encoding"]["name"], "windows-1252");
    assert!(
        m["encoding"]["chosen_by"]
            .as_str()
            .unwrap()
            .starts_with("assumed"),
        "{}",
        m["encoding"]
    );
    assert_eq!(m["rows"]["used"], 400);
    assert_eq!(m["rows"]["unreadable_times"], 0);
    let frame = read_parquet(&dir.join("posts.parquet"));
    assert_eq!(
        strings(&frame, "text")[250],
        "@united it cost me \u{a3}40 to change a seat"
    );
}

#[test]
fn kaggle_airline_tweets() {
    check(
        "Tweets.csv",
        "tweet_id,airline_sentiment,airline,name,retweet_count,text,tweet_created,user_timezone\n\
         570306133677760513,neutral,Virgin America,cairdin,0,@VirginAmerica What @dhepburn said.,2015-02-24 11:35:52 -0800,Eastern Time (US & Canada)\n\
         570301130888122368,positive,Virgin America,jnardino,0,@VirginAmerica plus you've added commercials,2015-02-24 11:15:59 -0800,Pacific Time (US & Canada)\n",
        2,
        &[
            ("text", "text"),
            ("author", "name"),
            ("time", "tweet_created"),
            ("id", "tweet_id"),
        ],
    );
}

#[test]
fn mastodon_and_bluesky_exports() {
    check(
        "mastodon.csv",
        "id,created_at,in_reply_to_id,account.acct,account.display_name,content,favourites_count,reblogs_count\n\
         1,2019-02-13T18:04:00.000Z,,alice@example.social,Alice,<p>love this</p>,3,0\n\
         2,2019-02-13T18:05:00.000Z,1,bob,Bob,<p>be careful</p>,0,1\n",
        2,
        &[
            ("text", "content"),
            ("author", "account.acct"),
            ("time", "created_at"),
            ("likes", "favourites_count"),
            ("parent", "in_reply_to_id"),
        ],
    );
    check(
        "bluesky.csv",
        "uri,author.handle,author.displayName,record.text,record.createdAt,likeCount,replyCount\n\
         at://a/1,alice.bsky.social,Alice,love this,2019-02-13T18:04:00.000Z,3,0\n\
         at://b/2,bob.bsky.social,Bob,be careful,2019-02-13T18:05:00.000Z,0,0\n",
        2,
        &[
            ("text", "record.text"),
            ("author", "author.handle"),
            ("time", "record.createdAt"),
            ("likes", "likeCount"),
            ("id", "uri"),
        ],
    );
}

#[test]
fn bluesky_record_langs_were_not_read() {
    // An app.bsky.feed.post flattened as atproto clients write it: `record.langs` is a list, and
    // was not taken as the language column (detection ran instead).
    let mut csv = String::from("uri,cid,author.did,author.handle,author.displayName,record.$type,record.text,record.createdAt,record.langs,record.reply.parent.uri,replyCount,repostCount,likeCount,indexedAt\n");
    for i in 0..10 {
        let (text, langs) = if i < 4 {
            ("che bella notizia", r#""[""it""]""#)
        } else {
            ("love this movement", r#""[""en""]""#)
        };
        csv.push_str(&format!(
            "at://did:plc:{i}/app.bsky.feed.post/3k{i},bafy{i},did:plc:{i},u{i}.bsky.social,U {i},app.bsky.feed.post,{text},2019-02-04T13:{i:02}:00.000Z,{langs},,0,0,{i},2019-02-04T13:{i:02}:02.000Z\n"
        ));
    }
    let m = analyze_export("bluesky_posts.csv", &csv);
    assert_eq!(m["columns"]["text"], "record.text");
    assert_eq!(m["columns"]["time"], "record.createdAt");
    assert_eq!(
        m["language"]["source"], "from the export's column 'record.langs'",
        "{}",
        m["language"]
    );
    assert_eq!(m["language"]["english"], 6);
    assert_eq!(
        m["language"]["by_language"][1]["language"], "it",
        "{}",
        m["language"]
    );
    assert_eq!(m["language"]["by_language"][1]["posts"], 4);
}

#[test]
fn youtube_comment_threads_flattened_by_json_normalize_took_the_html_text() {
    // pandas.json_normalize of the Data API's commentThreads: every field is nested under
    // `snippet.topLevelComment.snippet.`, and the text was chosen by name parts among 13
    // columns with 'comment' in them: textDisplay (HTML) won over textOriginal by length.
    let p = "snippet.topLevelComment.snippet.";
    let header = format!(
        ",kind,etag,id,snippet.videoId,{p}textDisplay,{p}textOriginal,{p}authorDisplayName,{p}authorProfileImageUrl,{p}authorChannelUrl,{p}authorChannelId.value,{p}canRate,{p}likeCount,{p}publishedAt,{p}updatedAt,snippet.canReply,snippet.totalReplyCount"
    );
    let mut csv = format!("{header}\n");
    for i in 0..12 {
        csv.push_str(&format!(
            "{i},youtube#commentThread,e{i},Ugx{i},vid,I don&#39;t trust this &amp; you should be careful,I don't trust this & you should be careful,@user{i},https://yt3.ggpht.com/a.jpg,http://www.youtube.com/@user{i},UC{i},True,{i},2019-02-04T13:{i:02}:00Z,2019-02-04T13:{i:02}:00Z,True,0\n"
        ));
    }
    check(
        "comment_threads.csv",
        &csv,
        12,
        &[
            ("text", &format!("{p}textOriginal")),
            ("author", &format!("{p}authorDisplayName")),
            ("time", &format!("{p}publishedAt")),
            ("likes", &format!("{p}likeCount")),
            ("id", "id"),
        ],
    );
    // A nested id is another thing's id (the account's), never the post's.
    let m = analyze_export(
        "toots.csv",
        "content,account.id,account.acct\nlove this,1,a\nbe careful,1,b\n",
    );
    assert!(m["columns"]["id"].is_null(), "{}", m["columns"]);
    assert_eq!(m["columns"]["author"], "account.acct");
}

#[test]
fn mastodon_html_was_scored_with_its_tags() {
    // Mastodon's `content` is HTML: `careful</p>` is not the lexicon's `careful`, and `<span>`
    // turned up among the distinctive terms. The compound of the plain sentence, 0.1779, is
    // vaderSentiment 3.3.2's.
    let mention = r#"<span class=""h-card""><a href=""https://m.s/@aoc"" class=""u-url mention"">@<span>aoc</span></a></span>"#;
    let mut csv = String::from("id,created_at,account.acct,content\n");
    for i in 0..30 {
        csv.push_str(&format!(
            "{i},2019-02-13T18:{i:02}:00.000Z,u{i},\"<p>{mention} Worried about antisemitism here, please be careful</p>\"\n"
        ));
    }
    let (out, out_dir, _t) = analyze_bytes("mastodon.csv", csv.as_bytes(), &[]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("30 of 30 posts had HTML markup removed before scoring"),
        "{}",
        stderr_of(&out)
    );
    let m = json_of(&out_dir.join("manifest.json"));
    assert_eq!(m["rows"]["markup_removed"], 30);
    let posts = std::fs::read_to_string(out_dir.join("posts.csv")).unwrap();
    let mut rdr = csv::Reader::from_reader(posts.as_bytes());
    let header = rdr.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    for rec in rdr.records() {
        let rec = rec.unwrap();
        assert_eq!(&rec[col("compound")], "0.1779");
        // The frame keeps the text as read.
        assert!(
            rec[col("content")].starts_with("<p><span"),
            "{}",
            &rec[col("content")]
        );
    }
    let terms = std::fs::read_to_string(out_dir.join("distinctive_terms.csv")).unwrap();
    for tag in ["span", "href", "class", "h-card"] {
        assert!(!terms.contains(tag), "{tag} in {terms}");
    }
    let examples = std::fs::read_to_string(out_dir.join("examples.csv")).unwrap();
    assert!(
        examples.contains("@aoc Worried about antisemitism here, please be careful"),
        "{examples}"
    );
    // --keep-markup scores it as written (vaderSentiment gives 0.0258 for the tagged text).
    let (kept, kept_dir, _k) = analyze_bytes("mastodon.csv", csv.as_bytes(), &["--keep-markup"]);
    assert!(kept.status.success(), "{}", stderr_of(&kept));
    let posts = std::fs::read_to_string(kept_dir.join("posts.csv")).unwrap();
    assert!(posts.contains(",0.0258,"), "{posts}");
}

#[test]
fn youtube_comment_downloader_times_were_unread_beside_time_parsed() {
    // youtube-comment-downloader writes `time` as the page shows it ("10 months ago") and
    // `time_parsed` as Unix seconds; `time`, a known name, was taken and no time was read.
    let mut csv =
        String::from("cid,text,time,author,channel,votes,replies,photo,heart,reply,time_parsed\n");
    for i in 0..20u64 {
        csv.push_str(&format!(
            "Ugz{i},great video {i},{} months ago,@user{i},UC{i},1.2K,0,https://x/p.jpg,False,False,{}.5\n",
            i % 11 + 1,
            1_700_000_000 + i * 60
        ));
    }
    check(
        "youtube_comment_downloader.csv",
        &csv,
        20,
        &[
            ("text", "text"),
            ("time", "time_parsed"),
            ("author", "author"),
            ("id", "cid"),
            ("likes", "votes"),
        ],
    );
}

#[test]
fn names_outside_the_lists_are_found_by_their_parts_and_the_note_says_why() {
    let m = analyze_export(
        "odd.csv",
        "reply_body_text_clean,when_created,poster_username,n_likes_total\n\
         love this,2019-02-13 18:04,alice,3\n\
         be careful,2019-02-13 18:05,bob,0\n",
    );
    assert_eq!(m["columns"]["text"], "reply_body_text_clean");
    assert_eq!(m["columns"]["time"], "when_created");
    assert_eq!(m["columns"]["author"], "poster_username");
    assert_eq!(m["columns"]["likes"], "n_likes_total");
    let notes = m["rows"]["header_notes"].to_string();
    assert!(
        notes.contains("text 'reply_body_text_clean' (its name contains 'text')"),
        "{notes}"
    );
    assert!(
        notes.contains("not found: id, stance labels, reply-to id"),
        "{notes}"
    );
}

#[test]
fn of_several_columns_that_could_be_the_text_the_longest_cells_win() {
    // A scrape whose columns match no known name: `text_language` ranks first by its name
    // part ('text' before 'comment'), but its cells are two letters; the comments are in
    // `comment_content`.
    let m = analyze_export(
        "scrape.csv",
        "text_language,comment_content,posted\n\
         en,\"love this, what a movement across borders\",2019-02-13 18:04\n\
         en,be careful who you stand with here,2019-02-13 18:05\n\
         en,so good to see,2019-02-13 18:06\n",
    );
    assert_eq!(m["columns"]["text"], "comment_content");
    let notes = m["rows"]["header_notes"].to_string();
    assert!(
        notes.contains("text 'comment_content' (its name contains 'comment', and its cells are the longest of the 2 columns"),
        "{notes}"
    );
    assert_eq!(m["rows"]["used"], 3);
}

#[test]
fn weight_likes_finds_a_like_count_column() {
    let tmp = tempfile::tempdir().unwrap();
    let input = write(
        tmp.path(),
        "yt.csv",
        "textOriginal,likeCount\nlove this,3\nbe careful,0\n",
    );
    let out_dir = tmp.path().join("r");
    let out = reactions()
        .arg("analyze")
        .arg(&input)
        .args(["--weight", "likes", "--quiet", "--out"])
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(
        json_of(&out_dir.join("manifest.json"))["weight"]["column"],
        "likeCount"
    );
}

#[test]
fn twarc_retweets_are_flagged_from_tweet_type_and_quotes_are_not() {
    let m = analyze_export(
        "twarc_rt.csv",
        "id,created_at,user_screen_name,text,tweet_type\n\
         1,Wed Feb 13 18:04:00 +0000 2019,alice,love this,original\n\
         2,Wed Feb 13 18:05:00 +0000 2019,bob,love this movement,retweet\n\
         3,Wed Feb 13 18:06:00 +0000 2019,carol,be careful,quote\n",
    );
    assert_eq!(m["rows"]["retweets"], 1, "{}", m["rows"]);
    assert!(m["rows"]["header_notes"]
        .to_string()
        .contains("retweets marked by 'tweet_type'"));
    let m = analyze_export(
        "twarc2_rt.csv",
        "id,text,referenced_tweets.retweeted.id\n1,love this,\n2,love this too,1\n",
    );
    assert_eq!(m["rows"]["retweets"], 1, "{}", m["rows"]);
}

#[test]
fn carried_columns_keep_their_type_in_the_frames_and_ids_stay_text() {
    let tmp = tempfile::tempdir().unwrap();
    let input = write(
        tmp.path(),
        "typed.csv",
        "tweet_id,text,retweet_count,ratio,verified,zip,big\n\
         1095000000000000000,love this,3,0.5,True,02134,99999999999999999999\n\
         1095000000000000001,be careful,,1.25,false,10001,1\n",
    );
    let out_dir = tmp.path().join("r");
    let out = reactions()
        .arg("analyze")
        .arg(&input)
        .args(["--quiet", "--format", "parquet,ipc,csv", "--out"])
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let frame = read_parquet(&out_dir.join("posts.parquet"));
    let dtype = |c: &str| frame.column(c).unwrap().dtype().clone();
    assert_eq!(dtype("retweet_count"), DataType::Int64);
    assert_eq!(dtype("ratio"), DataType::Float64);
    assert_eq!(dtype("verified"), DataType::Boolean);
    // An id (named like one), a leading zero, and a number beyond 64 bits stay text.
    assert_eq!(dtype("tweet_id"), DataType::String);
    assert_eq!(dtype("zip"), DataType::String);
    assert_eq!(dtype("big"), DataType::String);
    let counts: Vec<Option<i64>> = frame
        .column("retweet_count")
        .unwrap()
        .i64()
        .unwrap()
        .iter()
        .collect();
    assert_eq!(counts, [Some(3), None]);
    assert_eq!(strings(&frame, "tweet_id")[0], "1095000000000000000");
    // posts.csv keeps the text as it was.
    let csv = fs::read_to_string(out_dir.join("posts.csv")).unwrap();
    assert!(csv.contains(",02134,"), "{csv}");
}

const ITALIAN: [&str; 12] = [
    "Non sono per niente d'accordo con questa telefonata, bisogna stare molto attenti",
    "Finalmente una bella notizia, speriamo che questa collaborazione continui a lungo",
    "Secondo me i giornali stanno esagerando come sempre con queste storie della politica",
    "Ho letto tutto l'articolo e devo dire che la situazione è molto più complicata",
    "Questa è la cosa più bella che ho visto oggi, grazie per averla condivisa con noi",
    "Attenzione a quello che dite, ci sono persone che vengono ferite da queste parole",
    "Non capisco perché tutti si lamentano, mi sembra una proposta ragionevole e giusta",
    "La gente dovrebbe informarsi meglio prima di scrivere commenti del genere qui sotto",
    "Sono contento che finalmente qualcuno abbia il coraggio di dire queste cose in pubblico",
    "Mi preoccupa molto la direzione che sta prendendo questo dibattito negli ultimi giorni",
    "Che bello vedere tanta gente che partecipa alla discussione con rispetto reciproco",
    "Purtroppo temo che questa iniziativa non porterà a nessun risultato concreto alla fine",
];

/// Issue 14: an Italian Reddit thread went through VADER (English only) without a word.
#[test]
fn an_italian_thread_is_flagged_as_not_english() {
    let mut csv = String::from("body,score\n");
    for (i, t) in ITALIAN.iter().enumerate() {
        csv.push_str(&format!("\"{t}\",{i}\n"));
    }
    let tmp = tempfile::tempdir().unwrap();
    let input = write(tmp.path(), "italiano.csv", &csv);
    let out_dir = tmp.path().join("r");
    let out = reactions()
        .arg("analyze")
        .arg(&input)
        .arg("--out")
        .arg(&out_dir)
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("are not in English"), "{err}");
    let m = json_of(&out_dir.join("manifest.json"));
    assert!(
        m["language"]["known"].as_u64().unwrap() >= 10,
        "{}",
        m["language"]
    );
    assert_eq!(m["language"]["english"], 0, "{}", m["language"]);
    assert_eq!(m["language"]["non_english_share"], 1.0);
    let report = fs::read_to_string(out_dir.join("report.md")).unwrap();
    assert!(report.contains("**Language: 100.0% of the"), "{report}");
    let posts = read_parquet(&out_dir.join("posts.parquet"));
    assert!(strings(&posts, "language")
        .iter()
        .all(|l| l == "it" || l.is_empty()));
}

#[test]
fn language_keeps_the_named_languages_in_the_tables_and_counts_the_others() {
    // Twelve Italian posts, two English ones and one too short to tell, with an export column.
    let mut csv = String::from("text,lang\n");
    for t in ITALIAN {
        csv.push_str(&format!("\"{t}\",it\n"));
    }
    csv.push_str("love this movement,en\nplease be careful,en\nok,und\n");
    let tmp = tempfile::tempdir().unwrap();
    let input = write(tmp.path(), "mixed.csv", &csv);
    let out_dir = tmp.path().join("r");
    let out = reactions()
        .arg("analyze")
        .arg(&input)
        .args(["--language", "en", "--quiet", "--out"])
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let m = json_of(&out_dir.join("manifest.json"));
    assert_eq!(m["rows"]["excluded_other_language"], 12);
    assert_eq!(m["language"]["source"], "from the export's column 'lang'");
    // The thread's share is of every post with a known language: 12 of 14.
    assert!((m["language"]["non_english_share"].as_f64().unwrap() - 12.0 / 14.0).abs() < 1e-12);
    // The tables count the two English posts and the unknown one.
    let summary = read_parquet(&out_dir.join("summary.parquet"));
    let posts: Vec<u64> = summary
        .column("posts")
        .unwrap()
        .u64()
        .unwrap()
        .iter()
        .map(|v| v.unwrap())
        .collect();
    assert_eq!(posts.last(), Some(&3));
    let frame = read_parquet(&out_dir.join("posts.parquet"));
    assert_eq!(frame.height(), 15);
    let included: Vec<bool> = frame
        .column("included")
        .unwrap()
        .bool()
        .unwrap()
        .iter()
        .map(|v| v.unwrap())
        .collect();
    assert_eq!(included.iter().filter(|i| **i).count(), 3);
    let report = fs::read_to_string(out_dir.join("report.md")).unwrap();
    assert!(
        report.contains("With `--language en`, 12 posts in other languages are left out"),
        "{report}"
    );
}
