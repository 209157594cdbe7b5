//! Report: every output file rendered; nothing here touches the disk.
//!
//! Input: an [`Analysis`]; output: a [`Rendered`] report: named files as bytes (tables as CSV and
//! Markdown, frames as Parquet and Arrow IPC, charts as PNG, `report.md`, `manifest.json`), and
//! the per-post table in each format as a [`StreamedFiles`], which writes itself into whatever
//! sink `output.rs` gives it, so a million posts are never held as file bytes in memory.

pub mod charts;
mod csv_fields;

pub use csv_fields::formula_risk;
pub mod document;
pub mod html;
mod table;
pub mod tables;

use std::io::{Cursor, Write};

use polars::prelude::*;

use crate::aggregate::{Analysis, PostTable, FRAME_CHUNK};
use crate::config::Formats;
use crate::error::{FrameContext, Result};
use crate::model::{Sentiment, StanceSource};

/// The file whose presence marks a folder as a reactions report.
pub const MANIFEST: &str = "manifest.json";

/// One rendered output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedFile {
    /// File name inside the report folder.
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

fn file(name: &str, bytes: Vec<u8>) -> RenderedFile {
    RenderedFile {
        name: name.to_owned(),
        bytes,
    }
}

/// Writes the bytes of one or more files, one sink per file.
type WriteFn<'a> = Box<dyn Fn(&mut [&mut (dyn Write + Send)]) -> Result<()> + Sync + 'a>;

/// Files written straight into sinks by the report (the per-post table: hundreds of MB at a
/// million posts). Several files written from the same data are one job, so the data is
/// built once: posts.parquet and posts.arrow share each chunk of the per-post frame.
pub struct StreamedFiles<'a> {
    /// File names inside the report folder, in the order of the sinks `write_to` takes.
    pub names: Vec<String>,
    write: WriteFn<'a>,
}

impl StreamedFiles<'_> {
    /// Write the files' bytes into `out`, one sink per name.
    ///
    /// # Errors
    /// [`crate::Error::Render`] / [`crate::Error::Frame`] when rendering or a sink fails; the
    /// caller that owns the sinks knows whether it was one of them.
    ///
    /// # Panics
    /// When `out` does not hold one sink per name (a bug in the caller).
    pub fn write_to(&self, out: &mut [&mut (dyn Write + Send)]) -> Result<()> {
        assert_eq!(out.len(), self.names.len(), "one sink per file");
        (self.write)(out)
    }
}

impl std::fmt::Debug for StreamedFiles<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StreamedFiles")
            .field("names", &self.names)
            .finish_non_exhaustive()
    }
}

/// A rendered report: small files as bytes, the per-post table streamed.
#[derive(Debug)]
pub struct Rendered<'a> {
    /// Files held as bytes.
    pub files: Vec<RenderedFile>,
    /// Files written on demand.
    pub streamed: Vec<StreamedFiles<'a>>,
    /// Every file name, in the order `report.md` and `manifest.json` list them.
    pub names: Vec<String>,
}

/// Write a frame as Parquet (zstd-compressed) into `out`.
///
/// # Errors
/// [`crate::Error::Frame`] if polars cannot write the frame or `out` fails.
pub fn write_parquet(frame: &DataFrame, out: &mut dyn Write) -> Result<()> {
    let mut frame = frame.clone();
    ParquetWriter::new(out)
        .finish(&mut frame)
        .frame("writing Parquet")?;
    Ok(())
}

/// Write a frame as an Arrow IPC file (uncompressed, so every Arrow reader opens it) into `out`.
///
/// # Errors
/// [`crate::Error::Frame`] if polars cannot write the frame or `out` fails.
pub fn write_ipc(frame: &DataFrame, out: &mut dyn Write) -> Result<()> {
    let mut frame = frame.clone();
    IpcWriter::new(out)
        .finish(&mut frame)
        .frame("writing Arrow IPC")?;
    Ok(())
}

/// Serialise a frame as Parquet (zstd-compressed) in memory.
///
/// # Errors
/// [`crate::Error::Frame`] if polars cannot write the frame.
pub fn parquet_bytes(frame: &DataFrame) -> Result<Vec<u8>> {
    let mut buf = Cursor::new(Vec::new());
    write_parquet(frame, &mut buf)?;
    Ok(buf.into_inner())
}

/// Serialise a frame as an Arrow IPC file in memory.
///
/// # Errors
/// [`crate::Error::Frame`] if polars cannot write the frame.
pub fn ipc_bytes(frame: &DataFrame) -> Result<Vec<u8>> {
    let mut buf = Cursor::new(Vec::new());
    write_ipc(frame, &mut buf)?;
    Ok(buf.into_inner())
}

/// Columns written as categoricals (polars Enum, dictionary-encoded in Parquet and IPC; pandas
/// reads them as `category`): the stance columns in display order, sentiment and the stance
/// source in fixed order.
fn with_categoricals(frame: &DataFrame, stances: &[String]) -> Result<DataFrame> {
    let mut frame = frame.clone();
    let names: Vec<String> = frame
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    for name in names {
        let fixed: Option<Vec<String>> = match name.as_str() {
            "stance" | "stance_a" | "stance_b" => None,
            "sentiment" => Some(Sentiment::ALL.map(|s| s.as_str().to_owned()).to_vec()),
            "stance_source" => Some(StanceSource::ALL.map(|s| s.as_str().to_owned()).to_vec()),
            _ => continue,
        };
        let column = frame.column(&name).frame("reading a column")?;
        if column.dtype() != &DataType::String {
            continue;
        }
        let mut categories = fixed.unwrap_or_else(|| stances.to_vec());
        // Values outside the known order (`all`, `rest`) follow in order of appearance.
        for v in column
            .str()
            .frame("reading a text column")?
            .iter()
            .flatten()
        {
            if !categories.iter().any(|c| c == v) {
                categories.push(v.to_owned());
            }
        }
        let dtype = DataType::from_frozen_categories(
            FrozenCategories::new(categories.iter().map(String::as_str))
                .frame("building categories")?,
        );
        let cast = column.cast(&dtype).frame("casting to a categorical")?;
        frame
            .with_column(cast)
            .frame("replacing a column with its categorical")?;
    }
    Ok(frame)
}

/// One table of the report: its frame, CSV and (for most) Markdown page.
struct Rendering {
    stem: &'static str,
    frame: DataFrame,
    csv: Vec<u8>,
    markdown: Option<String>,
}

impl Rendering {
    fn of<R>(table: &table::Table<'_, R>, markdown: Option<String>, safe: bool) -> Result<Self> {
        Ok(Rendering {
            stem: table.stem,
            frame: table.frame()?,
            csv: table.csv(safe)?,
            markdown,
        })
    }
}

/// Render every file of the report in the chosen frame formats. `report.md` and
/// `manifest.json` come last and list the others.
///
/// # Errors
/// [`crate::Error::Render`] / [`crate::Error::Frame`] when a chart or frame cannot be rendered.
pub fn render(analysis: &Analysis, formats: Formats) -> Result<Rendered<'_>> {
    let (run, t) = (&analysis.run, &analysis.tables);
    let summary = &t.summary;
    let stances = summary.stance_labels();
    let safe = formats.csv_safe;
    let tables = vec![
        Rendering::of(
            &tables::summary(summary),
            Some(document::summary_page(run, summary)),
            safe,
        )?,
        Rendering::of(
            &tables::comparisons(&t.comparisons),
            Some(document::comparisons_page(&t.comparisons, &run.insight)),
            safe,
        )?,
        Rendering::of(
            &tables::examples(&t.examples),
            Some(document::examples_page(&t.examples)),
            safe,
        )?,
        Rendering::of(
            &tables::sweep(&t.sweep),
            Some(document::sweep_page(&t.sweep, summary)),
            safe,
        )?,
        Rendering::of(
            &tables::terms(&t.terms),
            Some(document::terms_page(&t.terms, &run.insight)),
            safe,
        )?,
    ];
    let mut out = Listing::default();
    for table in tables {
        out.add_table(table, formats, &stances)?;
    }
    // The per-post table is listed after the distinctive terms, before the optional tables.
    let streamed = posts_files(&analysis.posts, formats, &stances);
    out.names
        .extend(streamed.iter().flat_map(|f| f.names.iter().cloned()));
    if let Some(weighted) = &t.weighted {
        let (_, rows) = weighted;
        let page = Some(document::weighted_page(weighted));
        out.add_table(
            Rendering::of(&tables::weighted(rows), page, safe)?,
            formats,
            &stances,
        )?;
    }
    if let Some(targets) = &t.targets {
        let page = Some(document::targets_page(targets, run.sentiment.threshold));
        out.add_table(
            Rendering::of(&tables::targets(&targets.rows), page, safe)?,
            formats,
            &stances,
        )?;
    }
    if let (Some(threads), Some(id)) = (&t.threads, run.columns.id) {
        let page = Some(document::threads_page(threads, &run.headers[id]));
        out.add_table(
            Rendering::of(&tables::threads(&threads.rows), page, safe)?,
            formats,
            &stances,
        )?;
        out.add_table(
            Rendering::of(&tables::reply_stances(&threads.reply_stances), None, safe)?,
            formats,
            &stances,
        )?;
    }
    if let Some(groups) = &t.groups {
        let page = Some(document::groups_page(groups, &run.insight));
        out.add_table(
            Rendering::of(&tables::groups(groups), page, safe)?,
            formats,
            &stances,
        )?;
        out.add_table(
            Rendering::of(&tables::group_comparisons(&groups.comparisons), None, safe)?,
            formats,
            &stances,
        )?;
    }
    if let Some(timeline) = &t.timeline {
        let rows = tables::timeline_rows(timeline);
        let table = Rendering::of(&tables::timeline(&rows), None, safe)?;
        out.add_table(table, formats, &stances)?;
    }
    for chart in charts_of(analysis)? {
        out.add(chart.name, chart.bytes);
    }
    // report.md lists every file and report.html; the manifest lists those and report.md.
    let report_list = [out.names.clone(), vec!["report.html".to_owned()]].concat();
    let risky = document::FormulaCells {
        count: formula_cells(analysis),
        neutralised: formats.csv_safe,
    };
    let report_md = document::report_page(analysis, &report_list, risky);
    let manifest_list = [report_list, vec!["report.md".to_owned()]].concat();
    let title = format!("How people reacted: {}", run.input.name);
    let report_html = html::page(&title, &report_md, &out.files);
    out.add("report.md".to_owned(), report_md.into_bytes());
    out.add("report.html".to_owned(), report_html.into_bytes());
    let manifest = document::manifest(analysis, &manifest_list, risky);
    out.add(MANIFEST.to_owned(), manifest.into_bytes());
    Ok(Rendered {
        files: out.files,
        streamed,
        names: out.names,
    })
}

/// How many cells of the CSV files a spreadsheet could run as a formula without `--csv-safe`:
/// input header names, input cells, stance labels and reasons of every post, and distinctive
/// terms (the other tables hold numbers and these same labels).
fn formula_cells(analysis: &Analysis) -> u64 {
    use rayon::prelude::*;
    let headers = analysis
        .posts
        .names
        .iter()
        .filter(|h| formula_risk(h))
        .count();
    let posts: usize = analysis
        .posts
        .scored
        .par_iter()
        .map(|s| {
            s.post.fields.iter().filter(|f| formula_risk(f)).count()
                + usize::from(formula_risk(&s.stance.label))
                + usize::from(formula_risk(&s.stance.reason))
        })
        .sum();
    let terms = analysis
        .tables
        .terms
        .iter()
        .filter(|t| formula_risk(&t.term))
        .count();
    (headers + posts + terms) as u64
}

/// Files rendered so far, and every name in output order (streamed files included).
#[derive(Default)]
struct Listing {
    files: Vec<RenderedFile>,
    names: Vec<String>,
}

impl Listing {
    fn add(&mut self, name: String, bytes: Vec<u8>) {
        self.names.push(name.clone());
        self.files.push(RenderedFile { name, bytes });
    }

    /// A table's files in the chosen formats: CSV, Markdown, Parquet, Arrow IPC.
    fn add_table(&mut self, t: Rendering, formats: Formats, stances: &[String]) -> Result<()> {
        if formats.csv {
            self.add(format!("{}.csv", t.stem), t.csv);
        }
        if let Some(md) = t.markdown {
            self.add(format!("{}.md", t.stem), md.into_bytes());
        }
        if formats.parquet || formats.ipc {
            let typed = with_categoricals(&t.frame, stances)?;
            if formats.parquet {
                self.add(format!("{}.parquet", t.stem), parquet_bytes(&typed)?);
            }
            if formats.ipc {
                self.add(format!("{}.arrow", t.stem), ipc_bytes(&typed)?);
            }
        }
        Ok(())
    }
}

/// The per-post table in each chosen format, written on demand. Parquet and Arrow IPC are built
/// and written one chunk of [`FRAME_CHUNK`] posts at a time, so the whole frame never exists.
fn posts_files<'a>(
    posts: &'a PostTable,
    formats: Formats,
    stances: &[String],
) -> Vec<StreamedFiles<'a>> {
    let mut out: Vec<StreamedFiles<'a>> = Vec::new();
    if formats.csv {
        out.push(StreamedFiles {
            names: vec!["posts.csv".to_owned()],
            write: Box::new(move |w| tables::write_posts_csv(posts, formats.csv_safe, &mut *w[0])),
        });
    }
    // Every label in the posts, so each chunk gets the same categorical type: the summary's
    // order, then any label only excluded posts carry, in order of appearance.
    let mut labels = stances.to_vec();
    for s in &posts.scored {
        if !labels.iter().any(|l| *l == s.stance.label) {
            labels.push(s.stance.label.to_string());
        }
    }
    let mut frames = Vec::new();
    if formats.parquet {
        frames.push(("posts.parquet", Frames::Parquet));
    }
    if formats.ipc {
        frames.push(("posts.arrow", Frames::Ipc));
    }
    if !frames.is_empty() {
        let (names, kinds): (Vec<&str>, Vec<Frames>) = frames.into_iter().unzip();
        out.push(StreamedFiles {
            names: names.into_iter().map(str::to_owned).collect(),
            write: Box::new(move |w| write_posts(posts, &labels, w, &kinds)),
        });
    }
    out
}

#[derive(Clone, Copy)]
enum Frames {
    Parquet,
    Ipc,
}

/// A frame file being written chunk by chunk.
enum FrameWriter<'w> {
    Parquet(Box<polars::io::parquet::write::BatchedWriter<&'w mut (dyn Write + Send)>>),
    Ipc(Box<polars::io::ipc::BatchedWriter<&'w mut (dyn Write + Send)>>),
}

impl<'w> FrameWriter<'w> {
    /// Start a file of `kind` for frames shaped like `first`.
    fn start(kind: Frames, out: &'w mut (dyn Write + Send), first: &DataFrame) -> Result<Self> {
        Ok(match kind {
            Frames::Parquet => FrameWriter::Parquet(Box::new(
                ParquetWriter::new(out)
                    .batched(first.schema())
                    .frame("starting the Parquet file")?,
            )),
            Frames::Ipc => {
                let arrow = first.schema().to_arrow(CompatLevel::newest());
                let fields = polars_arrow::io::ipc::write::default_ipc_fields(arrow.iter_values());
                FrameWriter::Ipc(Box::new(
                    IpcWriter::new(out)
                        .batched(first.schema(), fields)
                        .frame("starting the Arrow IPC file")?,
                ))
            }
        })
    }

    fn write(&mut self, chunk: &DataFrame) -> Result<()> {
        match self {
            FrameWriter::Parquet(w) => w.write_batch(chunk).frame("writing Parquet"),
            FrameWriter::Ipc(w) => w.write_batch(chunk).frame("writing Arrow IPC"),
        }
    }

    fn finish(self) -> Result<()> {
        match self {
            FrameWriter::Parquet(w) => w.finish().map(drop).frame("finishing the Parquet file"),
            FrameWriter::Ipc(mut w) => w.finish().frame("finishing the Arrow IPC file"),
        }
    }
}

/// The per-post frame, chunk by chunk, into one sink per format in `kinds`: Parquet (one row
/// group per chunk) and Arrow IPC (one record batch per chunk). Each chunk is built once, for
/// every format; the next chunk is built while the formats write this one, each on its own core.
fn write_posts(
    posts: &PostTable,
    labels: &[String],
    out: &mut [&mut (dyn Write + Send)],
    kinds: &[Frames],
) -> Result<()> {
    let chunk = |i: usize| -> Result<DataFrame> {
        let start = i * FRAME_CHUNK;
        let end = (start + FRAME_CHUNK).min(posts.scored.len());
        let frame = posts.chunk(start..end)?;
        with_categoricals(&frame, labels)
    };
    let chunks = posts.scored.len().div_ceil(FRAME_CHUNK).max(1);
    let mut frame = chunk(0)?;
    let mut writers = out
        .iter_mut()
        .zip(kinds)
        .map(|(w, kind)| FrameWriter::start(*kind, &mut **w, &frame))
        .collect::<Result<Vec<_>>>()?;
    for i in 0..chunks {
        let (next, written) = rayon::join(
            || (i + 1 < chunks).then(|| chunk(i + 1)).transpose(),
            || write_all(&mut writers, &frame),
        );
        written?;
        match next? {
            Some(next) => frame = next,
            None => break,
        }
    }
    writers.into_iter().try_for_each(FrameWriter::finish)
}

/// Write `frame` with every writer, in parallel.
fn write_all(writers: &mut [FrameWriter<'_>], frame: &DataFrame) -> Result<()> {
    match writers {
        [] => Ok(()),
        [one] => one.write(frame),
        [first, rest @ ..] => {
            let (a, b) = rayon::join(|| first.write(frame), || write_all(rest, frame));
            a.and(b)
        }
    }
}

/// Every chart of the report as a named PNG.
///
/// # Errors
/// [`crate::Error::Render`] when a chart cannot be drawn.
pub fn charts_of(analysis: &Analysis) -> Result<Vec<RenderedFile>> {
    let t = &analysis.tables;
    let summary = &t.summary;
    let stances = summary.stance_labels();
    let mut files = vec![
        file(
            charts::Chart::StanceSentiment.file_name(),
            charts::stance_sentiment_png(
                &charts::share_bars(summary),
                analysis.run.sentiment.threshold,
            )?,
        ),
        file(
            charts::Chart::CompoundByStance.file_name(),
            charts::compound_by_stance_png(&analysis.charts.boxes)?,
        ),
        file(
            charts::Chart::ThresholdSweep.file_name(),
            charts::threshold_sweep_png(&t.sweep, &stances)?,
        ),
        file(
            charts::Chart::DistinctiveTerms.file_name(),
            charts::terms_png(&t.terms, &stances)?,
        ),
    ];
    if let Some(cv) = analysis.run.stance.cross_validation() {
        if cv.learning_curve.len() >= 2 {
            files.push(file(
                charts::Chart::LearningCurve.file_name(),
                charts::learning_curve_png(&cv.learning_curve)?,
            ));
        }
    }
    // No chart of empty panels when no sentence names any target (the section says so).
    if let Some(targets) = t.targets.as_ref().filter(|t| !t.rows.is_empty()) {
        files.push(file(
            "targets.png",
            charts::targets_png(targets, &stances, analysis.run.sentiment.threshold)?,
        ));
    }
    if let Some(groups) = &t.groups {
        files.push(RenderedFile {
            name: document::groups_chart_name(groups),
            bytes: charts::groups_png(groups, &stances, analysis.run.sentiment.threshold)?,
        });
    }
    if let Some(timeline) = &t.timeline {
        files.push(file(
            charts::Chart::Timeline.file_name(),
            charts::timeline_png(timeline)?,
        ));
    }
    Ok(files)
}

impl Analysis {
    /// The charts of the report, as named PNG bytes.
    ///
    /// # Errors
    /// [`crate::Error::Render`] when a chart cannot be drawn.
    pub fn figures(&self) -> Result<Vec<RenderedFile>> {
        charts_of(self)
    }

    /// The summary table as a dataframe: one row per stance, then `all`.
    ///
    /// # Errors
    /// [`crate::Error::Frame`] if polars rejects the columns (a bug).
    pub fn summary_frame(&self) -> Result<DataFrame> {
        tables::summary(&self.tables.summary).frame()
    }

    /// The summary table as GitHub-flavoured Markdown (what `analyze` prints).
    #[must_use]
    pub fn summary_markdown(&self) -> String {
        tables::summary_markdown(&self.tables.summary)
    }

    /// What `analyze --json` prints: where the report went, its files, and the summary.
    #[must_use]
    pub fn run_summary_json(&self, dir: &std::path::Path, files: &[String]) -> String {
        document::run_summary_json(self, dir, files)
    }
}

impl crate::stance::CrossValidation {
    /// The cross-validation figures as Markdown (what `train` prints).
    #[must_use]
    pub fn markdown(&self) -> String {
        document::cross_validation_markdown(self, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Analysis {
        crate::analyze(
            "datasets/aoc_corbyn_reactions.csv",
            &crate::Config::default(),
        )
        .unwrap()
    }

    #[test]
    fn render_lists_each_table_in_each_format_then_posts_charts_and_pages() {
        let analysis = sample();
        let formats = Formats {
            parquet: true,
            ipc: false,
            csv: true,
            csv_safe: false,
        };
        let rendered = render(&analysis, formats).unwrap();
        let names = &rendered.names;
        let at = |n: &str| {
            names
                .iter()
                .position(|x| x == n)
                .unwrap_or_else(|| panic!("{n}"))
        };
        // Every table in CSV, Markdown (not the timeline) and Parquet; never Arrow here.
        for stem in [
            "summary",
            "comparisons",
            "examples",
            "threshold_sweep",
            "distinctive_terms",
            "timeline",
        ] {
            at(&format!("{stem}.csv"));
            at(&format!("{stem}.parquet"));
        }
        assert!(!names.iter().any(|n| n.ends_with(".arrow")));
        assert!(!names.iter().any(|n| n == "timeline.md"));
        // The per-post files follow the distinctive terms and are streamed, not held as bytes.
        assert_eq!(at("posts.csv"), at("distinctive_terms.parquet") + 1);
        assert_eq!(at("posts.parquet"), at("posts.csv") + 1);
        assert!(!rendered.files.iter().any(|f| f.name.starts_with("posts.")));
        for chart in [
            charts::Chart::StanceSentiment,
            charts::Chart::CompoundByStance,
            charts::Chart::ThresholdSweep,
            charts::Chart::DistinctiveTerms,
            charts::Chart::Timeline,
            charts::Chart::LearningCurve,
        ] {
            at(chart.file_name());
        }
        assert_eq!(names.last().map(String::as_str), Some(MANIFEST));
        assert_eq!(at("report.md") + 2, at(MANIFEST));
        // The Markdown page lists every file but itself and the manifest.
        let report = &rendered
            .files
            .iter()
            .find(|f| f.name == "report.md")
            .unwrap()
            .bytes;
        let report = String::from_utf8_lossy(report);
        for n in names.iter().filter(|n| *n != "report.md" && *n != MANIFEST) {
            assert!(report.contains(&format!("- `{n}`")), "{n}");
        }
    }

    #[test]
    fn frames_carry_stance_as_ordered_categories() {
        let analysis = sample();
        let frame = with_categoricals(
            &tables::summary(&analysis.tables.summary).frame().unwrap(),
            &analysis.tables.summary.stance_labels(),
        )
        .unwrap();
        let stance = frame.column("stance").unwrap();
        assert!(
            matches!(stance.dtype(), DataType::Enum(..)),
            "{:?}",
            stance.dtype()
        );
        // `all` is not a stance: it follows the stances in order of appearance.
        let cast = stance.cast(&DataType::String).unwrap();
        let values: Vec<&str> = cast.str().unwrap().iter().map(Option::unwrap).collect();
        assert_eq!(values, ["supportive", "cautionary", "neutral", "all"]);
    }
}
