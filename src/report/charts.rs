//! Charts rendered to PNG bytes in memory with plotters, using the DejaVu Sans font shipped
//! inside the program (no system fonts needed).
//!
//! Each chart has a data step (a pure function the tests check) and a drawing step:
//! - `stance_sentiment.png`: stacked shares negative / neutral / positive per stance, with n.
//! - `compound_by_stance.png`: distribution of compound per stance: box (quartiles, type-7
//!   interpolation), whiskers to the furthest value within 1.5 IQR, every post as a jittered dot,
//!   and the mean with its 95% t interval.
//! - `timeline.png`: posts per time bucket per stance.

use std::sync::Once;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::aggregate::groups::Groups;
use crate::aggregate::sweep::SweepPoint;
use crate::aggregate::targets::Targets;
use crate::aggregate::terms::Term;
use crate::aggregate::BoxStats;
use crate::aggregate::{Summary, Timeline};
use crate::error::{Error, Result};
use crate::model::{CAUTIONARY, NEUTRAL, SUPPORTIVE, UNLABELLED};

/// Width of every chart in pixels.
pub const WIDTH: u32 = 1200;
/// Height of every chart in pixels.
pub const HEIGHT: u32 = 800;

const FONT: &str = "sans-serif";
const POSITIVE: RGBColor = RGBColor(46, 139, 87);
const NEUTRAL_GREY: RGBColor = RGBColor(170, 170, 170);
const NEGATIVE: RGBColor = RGBColor(200, 60, 60);
const PALETTE: [RGBColor; 6] = [
    RGBColor(128, 90, 180),
    RGBColor(200, 150, 40),
    RGBColor(60, 160, 170),
    RGBColor(180, 80, 130),
    RGBColor(110, 110, 60),
    RGBColor(90, 90, 200),
];

static FONTS: Once = Once::new();

/// Register the shipped font under the family name the charts use (once per process).
fn register_fonts() {
    FONTS.call_once(|| {
        // DejaVu Sans is a valid OpenType font, so registration cannot fail; if it ever did,
        // drawing would report the missing font as a render error.
        let _ = plotters::style::register_font(FONT, FontStyle::Normal, dejavu::sans::regular());
        let _ = plotters::style::register_font(FONT, FontStyle::Bold, dejavu::sans::bold());
    });
}

/// The colour of a stance: fixed for the defaults, from a palette for other labels.
#[must_use]
pub fn stance_colour(label: &str, index: usize) -> RGBColor {
    match label {
        SUPPORTIVE => RGBColor(31, 119, 180),
        CAUTIONARY => RGBColor(230, 120, 20),
        NEUTRAL => RGBColor(120, 120, 120),
        UNLABELLED => RGBColor(190, 190, 190),
        _ => PALETTE[index % PALETTE.len()],
    }
}

/// One bar of the stacked-shares chart.
#[derive(Debug, Clone, PartialEq)]
pub struct ShareBar {
    /// Stance label (or `all`).
    pub label: String,
    /// Posts behind the bar.
    pub posts: u64,
    /// Shares in percent: negative, neutral, positive (they add up to 100).
    pub percent: [f64; 3],
}

/// The bars of `stance_sentiment.png`, one per summary row.
#[must_use]
pub fn share_bars(summary: &Summary) -> Vec<ShareBar> {
    summary
        .rows
        .iter()
        .map(|r| ShareBar {
            label: r.stance.clone(),
            posts: r.posts,
            percent: [r.negative * 100.0, r.neutral * 100.0, r.positive * 100.0],
        })
        .collect()
}

type Area<'a> = DrawingArea<BitMapBackend<'a>, Shift>;

/// The report's charts, each one PNG file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chart {
    /// Sentiment shares per stance.
    StanceSentiment,
    /// Compound distribution per stance.
    CompoundByStance,
    /// Positive and negative shares as the threshold moves.
    ThresholdSweep,
    /// Distinctive terms per stance.
    DistinctiveTerms,
    /// Posts and mean compound over time.
    Timeline,
    /// The stance classifier's cross-validated macro-F1 as labels grow.
    LearningCurve,
}

impl Chart {
    /// The chart's file name in the report folder.
    #[must_use]
    pub fn file_name(self) -> &'static str {
        match self {
            Chart::StanceSentiment => "stance_sentiment.png",
            Chart::CompoundByStance => "compound_by_stance.png",
            Chart::ThresholdSweep => "threshold_sweep.png",
            Chart::DistinctiveTerms => "distinctive_terms.png",
            Chart::Timeline => "timeline.png",
            Chart::LearningCurve => "learning_curve.png",
        }
    }
}

/// Draw into a fresh white canvas and encode it as PNG.
fn render(
    what: &'static str,
    draw: impl FnOnce(&Area<'_>) -> Result<(), String>,
) -> Result<Vec<u8>> {
    register_fonts();
    let fail = |message: String| Error::Render {
        what,
        source: message.into(),
    };
    let mut rgb = vec![255_u8; (WIDTH * HEIGHT * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| fail(e.to_string()))?;
        draw(&root).map_err(fail)?;
        root.present().map_err(|e| fail(e.to_string()))?;
    }
    let mut png_bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut png_bytes, WIDTH, HEIGHT);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().map_err(|e| fail(e.to_string()))?;
        writer
            .write_image_data(&rgb)
            .map_err(|e| fail(e.to_string()))?;
    }
    Ok(png_bytes)
}

/// Put category labels under the plot at x = 0.5, 1.5, ... (in chart coordinates), in `size`
/// pixel text.
fn category_labels<X, Y>(
    root: &Area<'_>,
    chart: &ChartContext<'_, BitMapBackend<'_>, Cartesian2d<X, Y>>,
    labels: &[String],
    y_bottom: f64,
    size: u32,
) -> Result<(), String>
where
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    let style = TextStyle::from((FONT, size).into_font()).pos(Pos::new(HPos::Center, VPos::Top));
    // The chart gives backend pixels; the area draws relative to its own corner.
    let (bx, by) = root.get_base_pixel();
    let line_px = i32::try_from(size).unwrap_or(20) * 6 / 5;
    for (i, label) in labels.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)] // a handful of categories
        let (x, y) = chart.backend_coord(&(i as f64 + 0.5, y_bottom));
        for (k, line) in label.lines().enumerate() {
            let dy = i32::try_from(k).unwrap_or(0) * line_px;
            root.draw(&Text::new(
                line.to_owned(),
                (x - bx, y - by + line_px / 2 + dy),
                style.clone(),
            ))
            .map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

fn category_label(label: &str, n: u64) -> String {
    format!("{}\nn = {n}", crate::escape::for_terminal(label, 24))
}

/// Draw one stance's line with markers and its legend entry.
fn stance_line<'a, 'b: 'a, X, Y>(
    chart: &mut ChartContext<'a, BitMapBackend<'b>, Cartesian2d<X, Y>>,
    pts: Vec<(f64, f64)>,
    colour: RGBColor,
    label: String,
) -> Result<(), String>
where
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    chart
        .draw_series(LineSeries::new(pts.clone(), colour.stroke_width(3)))
        .map_err(|x| x.to_string())?
        .label(label)
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], colour.stroke_width(3)));
    chart
        .draw_series(pts.into_iter().map(|p| Circle::new(p, 4, colour.filled())))
        .map_err(|x| x.to_string())?;
    Ok(())
}

/// Draw the legend box in the upper right.
fn legend<'a, 'b: 'a, X, Y>(
    chart: &mut ChartContext<'a, BitMapBackend<'b>, Cartesian2d<X, Y>>,
    size: u32,
) -> Result<(), String>
where
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .label_font((FONT, size))
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .draw()
        .map_err(|x| x.to_string())
}

/// Render `stance_sentiment.png`.
///
/// # Errors
/// [`Error::Render`] if drawing or encoding fails.
pub fn stance_sentiment_png(bars: &[ShareBar], threshold: f64) -> Result<Vec<u8>> {
    render(Chart::StanceSentiment.file_name(), |root| {
        share_panel(
            root,
            bars,
            &Panel {
                caption: "Sentiment share by stance (VADER 3.3.2)".to_owned(),
                scale: 1.0,
                threshold,
                legend: true,
                unit: "posts",
            },
        )
    })
}

/// One panel of stacked sentiment shares: its caption, text scale (1 for a whole chart) and the
/// neutral band for the axis label.
struct Panel {
    caption: String,
    scale: f64,
    threshold: f64,
    /// Whether this panel draws the legend (in a column of its own).
    legend: bool,
    /// What the bars count: `posts` or `sentences`.
    unit: &'static str,
}

impl Panel {
    /// A font size in pixels at this panel's scale.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // small positive sizes
    fn px(&self, size: u32) -> u32 {
        (f64::from(size) * self.scale).round().max(9.0) as u32
    }
}

/// Draw stacked shares negative / neutral / positive, one bar per entry of `bars`, on `area`.
fn share_panel(area: &Area<'_>, bars: &[ShareBar], panel: &Panel) -> Result<(), String> {
    let e = |e: &dyn std::fmt::Display| e.to_string();
    #[allow(clippy::cast_precision_loss)] // a handful of categories
    let k = bars.len() as f64;
    // Every bar reaches 100%, so the legend gets a column of its own on the right, about
    // LEGEND_PX wide, instead of covering the last bar.
    let legend_px = if panel.legend {
        160.0 * panel.scale
    } else {
        0.0
    };
    let margin = panel.px(24);
    let y_labels = panel.px(90);
    let width = area.dim_in_pixel().0;
    let plot_px = f64::from(width.saturating_sub(2 * margin + y_labels)).max(legend_px + 1.0);
    let legend_units = legend_px * k / (plot_px - legend_px);
    let mut chart = ChartBuilder::on(area)
        .caption(&panel.caption, (FONT, panel.px(34)))
        .margin(margin)
        .x_label_area_size(panel.px(80))
        .y_label_area_size(y_labels)
        .build_cartesian_2d(0.0..k + legend_units, 0.0..100.0)
        .map_err(|x| e(&x))?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(WHITE)
        .x_labels(0)
        .x_label_formatter(&|_| String::new())
        .y_desc(if panel.scale < 1.0 {
            // A facet: the chart's title gives the band.
            format!("share of {} (%)", panel.unit)
        } else {
            format!(
                "share of {} (%), neutral band |compound| < {}",
                panel.unit, panel.threshold
            )
        })
        .y_label_formatter(&|y| format!("{y:.0}%"))
        .label_style((FONT, panel.px(20)))
        .axis_desc_style((FONT, panel.px(22)))
        .draw()
        .map_err(|x| e(&x))?;
    let classes = [
        ("negative", NEGATIVE),
        ("neutral", NEUTRAL_GREY),
        ("positive", POSITIVE),
    ];
    for (c, (name, colour)) in classes.into_iter().enumerate() {
        let rects = bars.iter().enumerate().map(|(i, b)| {
            let base: f64 = b.percent[..c].iter().sum();
            #[allow(clippy::cast_precision_loss)]
            let x = i as f64;
            Rectangle::new(
                [(x + 0.15, base), (x + 0.85, base + b.percent[c])],
                colour.filled(),
            )
        });
        chart
            .draw_series(rects)
            .map_err(|x| e(&x))?
            .label(name)
            .legend(move |(x, y)| Rectangle::new([(x, y - 8), (x + 16, y + 8)], colour.filled()));
    }
    let value_style =
        TextStyle::from((FONT, panel.px(18)).into_font()).pos(Pos::new(HPos::Center, VPos::Center));
    for (i, b) in bars.iter().enumerate() {
        let mut base = 0.0;
        for p in b.percent {
            if p >= 4.0 {
                #[allow(clippy::cast_precision_loss)]
                let at = (i as f64 + 0.5, base + p / 2.0);
                chart
                    .draw_series(std::iter::once(Text::new(
                        format!("{p:.0}%"),
                        at,
                        value_style.clone(),
                    )))
                    .map_err(|x| e(&x))?;
            }
            base += p;
        }
    }
    if panel.legend {
        legend(&mut chart, panel.px(20))?;
    }
    let labels: Vec<String> = bars
        .iter()
        .map(|b| category_label(&b.label, b.posts))
        .collect();
    let label_px = if panel.scale < 1.0 { panel.px(18) } else { 20 };
    category_labels(area, &chart, &labels, 0.0, label_px)
}

/// Most groups drawn in the faceted chart of `--by` (the largest).
pub const MAX_FACETS: usize = 6;

/// The panels of the faceted groups chart: per group (largest first, the pooled rest left
/// out, at most [`MAX_FACETS`]), its label and one bar per stance of `stances` then `all`, in
/// the same places in every panel (an empty bar with n = 0 where the group has no post of a
/// stance).
#[must_use]
pub fn group_panels(groups: &Groups, stances: &[String]) -> Vec<(String, Vec<ShareBar>)> {
    use crate::aggregate::groups::{label, OTHERS};
    let mut names: Vec<(&str, &str)> = Vec::new();
    for r in groups.rows.iter().filter(|r| r.group != OTHERS) {
        let key = (r.group.as_str(), r.subgroup.as_str());
        if names.last() != Some(&key) {
            if names.len() == MAX_FACETS {
                break;
            }
            names.push(key);
        }
    }
    let slots: Vec<&str> = stances
        .iter()
        .map(String::as_str)
        .chain([crate::model::ALL])
        .collect();
    names
        .into_iter()
        .map(|(group, subgroup)| {
            let bars = slots
                .iter()
                .map(|&stance| {
                    let row = groups
                        .rows
                        .iter()
                        .find(|r| r.group == group && r.subgroup == subgroup && r.stance == stance);
                    share_bar(stance, row.map(|r| (r.posts, r.sentiment)))
                })
                .collect();
            (label(group, subgroup), bars)
        })
        .collect()
}

/// A bar of a facet: `n` items with shares positive, neutral, negative (as the tables hold
/// them), or an empty bar with n = 0.
fn share_bar(label: &str, row: Option<(u64, [f64; 3])>) -> ShareBar {
    let (posts, [pos, neu, neg]) = row.unwrap_or((0, [0.0; 3]));
    ShareBar {
        label: label.to_owned(),
        posts,
        percent: [neg * 100.0, neu * 100.0, pos * 100.0],
    }
}

/// Render the faceted chart of `--by`: one panel of stacked sentiment shares per stance for
/// each of the largest groups.
///
/// # Errors
/// [`Error::Render`] if drawing or encoding fails.
pub fn groups_png(groups: &Groups, stances: &[String], threshold: f64) -> Result<Vec<u8>> {
    let panels = group_panels(groups, stances);
    let shown = panels.len();
    let title = format!(
        "Sentiment share by stance per {} ({}), |compound| < {threshold} neutral",
        crate::escape::for_terminal(&groups.columns.join(" / "), 40),
        if shown < groups.distinct {
            format!("{shown} largest of {} groups", groups.distinct)
        } else {
            format!("{shown} groups")
        }
    );
    facets_png("the chart of groups", &title, &panels, ("posts", threshold))
}

/// The panels of `targets.png`: per target that some sentence names (at most [`MAX_FACETS`]),
/// one bar of its mentioning sentences per stance of `stances` then `all` (n = sentences).
#[must_use]
pub fn target_panels(targets: &Targets, stances: &[String]) -> Vec<(String, Vec<ShareBar>)> {
    targets
        .named()
        .take(MAX_FACETS)
        .map(|t| {
            let bars = stances
                .iter()
                .map(String::as_str)
                .chain([crate::model::ALL])
                .map(|stance| {
                    let row = targets
                        .rows
                        .iter()
                        .find(|r| r.target == t.name && r.stance == stance);
                    share_bar(stance, row.map(|r| (r.mentions, r.sentiment)))
                })
                .collect();
            (t.name.clone(), bars)
        })
        .collect()
}

/// Render `targets.png`: per target, the sentiment shares of the sentences that mention it, per
/// stance (n counts sentences).
///
/// # Errors
/// [`Error::Render`] if drawing or encoding fails.
pub fn targets_png(targets: &Targets, stances: &[String], threshold: f64) -> Result<Vec<u8>> {
    let panels = target_panels(targets, stances);
    let more = targets.named().count().saturating_sub(panels.len());
    let title = format!(
        "Sentiment of the sentences naming each target, by stance{}, |compound| < {threshold} neutral",
        if more > 0 {
            format!(" (first {MAX_FACETS} targets)")
        } else {
            String::new()
        }
    );
    facets_png("targets.png", &title, &panels, ("sentences", threshold))
}

/// Draw `panels` of stacked sentiment shares in a grid under `title`; the bars count `unit`
/// (posts or sentences) with `threshold` as the neutral band.
fn facets_png(
    what: &'static str,
    title: &str,
    panels: &[(String, Vec<ShareBar>)],
    (unit, threshold): (&'static str, f64),
) -> Result<Vec<u8>> {
    render(what, |root| {
        let shown = panels.len();
        let area = root.titled(title, (FONT, 26)).map_err(|x| x.to_string())?;
        let (rows, cols) = match shown {
            0 | 1 => (1, 1),
            2 => (1, 2),
            3 => (1, 3),
            4 => (2, 2),
            _ => (2, 3),
        };
        let scale = if shown <= 1 { 1.0 } else { 0.6 };
        for (i, ((name, bars), cell)) in panels
            .iter()
            .zip(area.split_evenly((rows, cols)))
            .enumerate()
        {
            share_panel(
                &cell,
                bars,
                &Panel {
                    caption: crate::escape::for_terminal(name, 40),
                    scale,
                    threshold,
                    legend: i == 0,
                    unit,
                },
            )?;
        }
        Ok(())
    })
}

/// A small deterministic jitter in [-0.5, 0.5) for dot `i` (no randomness: charts are
/// reproducible).
fn jitter(i: usize) -> f64 {
    // Golden-ratio sequence: evenly spread, the same every run.
    #[allow(clippy::cast_precision_loss)]
    let x = (i as f64 * 0.618_033_988_749_895).fract();
    x - 0.5
}

/// Most dots drawn per stance in `compound_by_stance.png`.
pub const MAX_DOTS: usize = 2000;

/// The values drawn as dots: all of them, or [`MAX_DOTS`] evenly spaced through the sorted
/// values (so the dots keep the distribution's shape).
#[must_use]
pub fn dot_sample(sorted: &[f64]) -> Vec<f64> {
    if sorted.len() <= MAX_DOTS {
        return sorted.to_vec();
    }
    (0..MAX_DOTS)
        .map(|i| sorted[i * (sorted.len() - 1) / (MAX_DOTS - 1)])
        .collect()
}

/// Render `compound_by_stance.png`.
///
/// # Errors
/// [`Error::Render`] if drawing or encoding fails.
pub fn compound_by_stance_png(boxes: &[BoxStats]) -> Result<Vec<u8>> {
    render(Chart::CompoundByStance.file_name(), |root| {
        let e = |e: &dyn std::fmt::Display| e.to_string();
        #[allow(clippy::cast_precision_loss)]
        let k = boxes.len() as f64;
        let mut chart = ChartBuilder::on(root)
            .caption("VADER compound by stance (VADER 3.3.2)", (FONT, 34))
            .margin(24)
            .x_label_area_size(80)
            .y_label_area_size(90)
            .build_cartesian_2d(0.0..k, -1.05..1.05)
            .map_err(|x| e(&x))?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(WHITE)
            .x_labels(0)
            .x_label_formatter(&|_| String::new())
            .y_desc("compound (-1 most negative, +1 most positive)")
            .y_label_formatter(&|y: &f64| {
                if y.abs() < 1e-9 {
                    "0".to_owned()
                } else {
                    format!("{y:+.1}")
                }
            })
            .label_style((FONT, 20))
            .axis_desc_style((FONT, 22))
            .draw()
            .map_err(|x| e(&x))?;
        for (i, b) in boxes.iter().enumerate() {
            #[allow(clippy::cast_precision_loss)]
            let x = i as f64;
            let colour = stance_colour(&b.label, i);
            let [q1, med, q3] = b.quartiles;
            let dots = dot_sample(&b.values).into_iter().enumerate().map(|(j, v)| {
                Circle::new((x + 0.5 + 0.3 * jitter(j), v), 3, colour.mix(0.35).filled())
            });
            chart.draw_series(dots).map_err(|x| e(&x))?;
            let outline = ShapeStyle::from(&BLACK).stroke_width(2);
            chart
                .draw_series([
                    Rectangle::new([(x + 0.3, q1), (x + 0.7, q3)], colour.mix(0.25).filled()),
                    Rectangle::new([(x + 0.3, q1), (x + 0.7, q3)], outline),
                ])
                .map_err(|x| e(&x))?;
            let lines = [
                vec![(x + 0.3, med), (x + 0.7, med)],
                vec![(x + 0.5, q3), (x + 0.5, b.whiskers.1)],
                vec![(x + 0.5, q1), (x + 0.5, b.whiskers.0)],
                vec![(x + 0.42, b.whiskers.1), (x + 0.58, b.whiskers.1)],
                vec![(x + 0.42, b.whiskers.0), (x + 0.58, b.whiskers.0)],
            ];
            chart
                .draw_series(lines.into_iter().map(|l| PathElement::new(l, outline)))
                .map_err(|x| e(&x))?;
            let mean_style = ShapeStyle::from(&RGBColor(200, 0, 0)).stroke_width(3);
            if let Some((lo, hi)) = b.ci {
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(x + 0.78, lo), (x + 0.78, hi)],
                        mean_style,
                    )))
                    .map_err(|x| e(&x))?;
            }
            chart
                .draw_series(std::iter::once(Circle::new(
                    (x + 0.78, b.mean),
                    6,
                    RGBColor(200, 0, 0).filled(),
                )))
                .map_err(|x| e(&x))?;
        }
        let note = TextStyle::from((FONT, 18).into_font()).pos(Pos::new(HPos::Right, VPos::Top));
        let dots = if boxes.iter().any(|b| b.values.len() > MAX_DOTS) {
            "dots: posts (2,000 evenly spaced per stance)"
        } else {
            "dots: posts"
        };
        root.draw(&Text::new(
            format!("box: quartiles; whiskers: 1.5 IQR; {dots}; red: mean with 95% t interval"),
            (i32::try_from(WIDTH).unwrap_or(1200) - 30, 60),
            note,
        ))
        .map_err(|x| e(&x))?;
        let labels: Vec<String> = boxes
            .iter()
            .map(|b| category_label(&b.label, b.values.len() as u64))
            .collect();
        category_labels(root, &chart, &labels, -1.05, 20)
    })
}

/// Fewest posts a bucket needs for its mean compound to be drawn (with its 95% interval).
pub const TIMELINE_MIN_POSTS: u64 = 5;

/// Round steps of a time axis, in seconds: minutes, hours, days, weeks.
const TIME_STEPS: [i64; 14] = [
    60, 300, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800, 1_209_600,
    2_419_200,
];
/// A week in seconds; weekly ticks fall on Mondays, 4 days after the Unix epoch (a Thursday).
const WEEK: i64 = 604_800;
/// Round steps of an axis in hours since the event.
const HOUR_STEPS: [f64; 13] = [
    0.25, 0.5, 1.0, 2.0, 3.0, 6.0, 12.0, 24.0, 48.0, 72.0, 168.0, 336.0, 672.0,
];
/// Most ticks on a time axis.
const MAX_TICKS: f64 = 8.0;

/// Ticks of a time axis from `first` to `last` (Unix seconds, UTC): at multiples of the
/// smallest round step that gives at most [`MAX_TICKS`], labelled `HH:MM`, with the date where
/// the day changes (and on the first tick), or the date alone for steps of a day or more; the
/// year is added when the span crosses one.
#[must_use]
pub fn time_ticks(first: i64, last: i64) -> Vec<(i64, String)> {
    let span = (last - first).max(1);
    #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation)]
    let step = TIME_STEPS
        .iter()
        .copied()
        .find(|s| span as f64 / *s as f64 <= MAX_TICKS)
        .unwrap_or_else(|| {
            // Past four weeks: a whole number of four-week steps.
            let largest = TIME_STEPS[TIME_STEPS.len() - 1];
            largest * ((span as f64 / (largest as f64 * MAX_TICKS)).ceil() as i64).max(1)
        });
    let at = |t: i64| chrono::DateTime::from_timestamp(t, 0).unwrap_or_default();
    let crosses_year = chrono::Datelike::year(&at(first)) != chrono::Datelike::year(&at(last));
    let date = if crosses_year { "%b %d %Y" } else { "%b %d" };
    let offset = if step % WEEK == 0 { 4 * 86_400 } else { 0 };
    let from = first - offset;
    let start =
        from.div_euclid(step) * step + if from.rem_euclid(step) == 0 { 0 } else { step } + offset;
    let mut out = Vec::new();
    let mut previous_day = None;
    let mut t = start;
    while t <= last {
        let when = at(t);
        let day = when.date_naive();
        let label = if step >= 86_400 {
            when.format(date).to_string()
        } else if previous_day != Some(day) {
            format!("{} {}", when.format(date), when.format("%H:%M"))
        } else {
            when.format("%H:%M").to_string()
        };
        previous_day = Some(day);
        out.push((t, label));
        t += step;
    }
    out
}

/// Ticks of an axis in hours since the event, from `lo` to `hi`: multiples of the smallest
/// round step giving at most [`MAX_TICKS`], labelled `event`, `+6 h`, `+2 d`, `-3 h`.
#[must_use]
pub fn event_ticks(lo: f64, hi: f64) -> Vec<(f64, String)> {
    let span = (hi - lo).max(1e-9);
    let step = HOUR_STEPS
        .iter()
        .copied()
        .find(|s| span / s <= MAX_TICKS)
        .unwrap_or(HOUR_STEPS[HOUR_STEPS.len() - 1]);
    let mut out = Vec::new();
    let mut k = (lo / step).ceil();
    while k * step <= hi + 1e-9 {
        let h = k * step;
        let label = if h.abs() < 1e-9 {
            "event".to_owned()
        } else if step >= 24.0 && (h / 24.0).fract().abs() < 1e-9 {
            format!("{:+} d", h / 24.0)
        } else {
            format!("{h:+} h")
        };
        out.push((h, label));
        k += 1.0;
    }
    out
}

/// Whether `timeline.png` draws its counts on a square-root scale: some stance's busiest bucket
/// holds under a tenth of the posts of another stance's busiest.
#[must_use]
pub fn sqrt_count_scale(timeline: &Timeline) -> bool {
    let peaks: Vec<u64> = timeline
        .stances
        .iter()
        .map(|s| timeline.series(s).map(|p| p.posts).max().unwrap_or(0))
        .filter(|&n| n > 0)
        .collect();
    match (peaks.iter().min(), peaks.iter().max()) {
        (Some(&low), Some(&high)) => low * 10 < high,
        _ => false,
    }
}

/// Render `timeline.png`: posts per bucket per stance (top) and the mean compound of buckets
/// with at least [`TIMELINE_MIN_POSTS`] posts with its 95% t interval (bottom). The x axis is
/// the time (UTC, round ticks) or, with an event time, hours since the event, which is marked.
///
/// # Errors
/// [`Error::Render`] if drawing or encoding fails.
#[allow(clippy::too_many_lines)]
pub fn timeline_png(timeline: &Timeline) -> Result<Vec<u8>> {
    render(Chart::Timeline.file_name(), |root| {
        let e = |e: &dyn std::fmt::Display| e.to_string();
        let secs = |t: &chrono::DateTime<chrono::Utc>| {
            #[allow(clippy::cast_precision_loss)] // seconds since 1970 fit an f64 exactly
            let s = t.timestamp() as f64;
            s
        };
        let first = timeline.starts.first().map_or(0.0, secs);
        #[allow(clippy::cast_precision_loss)]
        let bucket = timeline.bucket.seconds as f64;
        let last = timeline.starts.last().map_or(0.0, secs) + bucket;
        // x is in seconds, or in hours since the event.
        let event = timeline.event.as_ref().map(secs);
        let x_of = |s: f64| event.map_or(s, |ev| (s - ev) / 3600.0);
        // The event is on the axis when it lies within one span of the posts from them;
        // farther away it would squeeze the posts into a sliver, so the axis keeps to the posts
        // (still counted in hours since the event) and the title says how far off it is.
        let span = x_of(last) - x_of(first);
        let event_shown = event.is_some() && x_of(first) - span <= 0.0 && x_of(last) + span >= 0.0;
        let (x0, x1) = match event {
            Some(_) if event_shown => (x_of(first).min(0.0), x_of(last).max(0.0)),
            Some(_) => (x_of(first), x_of(last)),
            None => (first, last),
        };
        #[allow(clippy::cast_possible_truncation)] // within the chart's time range
        let ticks: Vec<(f64, String)> = match event {
            Some(_) => event_ticks(x0, x1),
            None => time_ticks(first as i64, last as i64)
                .into_iter()
                .map(|(t, l)| {
                    #[allow(clippy::cast_precision_loss)]
                    let t = t as f64;
                    (t, l)
                })
                .collect(),
        };
        let peak = timeline.points.iter().map(|p| p.posts).max().unwrap_or(0);
        // When one stance's busiest bucket is under a tenth of another's, a linear axis flattens
        // it against zero (a 90% neutral thread hides the other stances): counts are then drawn
        // on a square-root scale, labelled in posts, and the axis says so.
        let sqrt_scale = sqrt_count_scale(timeline);
        let scale = |n: f64| if sqrt_scale { n.sqrt() } else { n };
        #[allow(clippy::cast_precision_loss)]
        let top = scale(peak as f64 * 1.15).max(1.0);
        let title = match timeline.event {
            Some(ev) if event_shown => format!(
                "Posts and mean VADER compound per {} by stance (hours since the event, {} UTC)",
                timeline.bucket.label,
                ev.format("%Y-%m-%d %H:%M")
            ),
            Some(ev) => format!(
                "Posts and mean VADER compound per {} by stance (hours since the event, {} UTC, off the axis)",
                timeline.bucket.label,
                ev.format("%Y-%m-%d %H:%M")
            ),
            None => format!(
                "Posts and mean VADER compound per {} by stance (UTC; first post {})",
                timeline.bucket.label,
                timeline.first_post.format("%Y-%m-%d %H:%M")
            ),
        };
        let body = root
            .margin(16, 0, 0, 0)
            // A long title (an event off the axis) gets a smaller font so it is not clipped.
            .titled(
                &title,
                (FONT, if title.chars().count() > 90 { 21 } else { 26 }),
            )
            .map_err(|x| e(&x))?;
        // The legend has a strip of its own, so it never covers a point.
        let (strip, plots) = body.split_vertically(44);
        let entries: Vec<(String, RGBColor)> = timeline
            .stances
            .iter()
            .enumerate()
            .map(|(i, stance)| {
                let total: u64 = timeline.series(stance).map(|p| p.posts).sum();
                (
                    format!("{} (n = {total})", crate::escape::for_terminal(stance, 24)),
                    stance_colour(stance, i),
                )
            })
            .collect();
        let mut x = 110;
        let text = TextStyle::from((FONT, 18).into_font()).pos(Pos::new(HPos::Left, VPos::Center));
        for (label, colour) in &entries {
            strip
                .draw(&PathElement::new(
                    vec![(x, 20), (x + 24, 20)],
                    colour.stroke_width(3),
                ))
                .map_err(|x| e(&x))?;
            strip
                .draw(&Text::new(label.clone(), (x + 30, 20), text.clone()))
                .map_err(|x| e(&x))?;
            let width = strip
                .estimate_text_size(label, &text)
                .map_or(150, |(w, _)| i32::try_from(w).unwrap_or(150));
            x += 30 + width + 28;
        }
        if timeline
            .points
            .iter()
            .any(|p| p.posts > 0 && p.posts < TIMELINE_MIN_POSTS)
        {
            strip
                .draw(&Text::new(
                    format!("means with their 95% intervals; buckets under {TIMELINE_MIN_POSTS} posts have none"),
                    (x.max(110), 20),
                    TextStyle::from((FONT, 15).into_font())
                        .color(&RGBColor(90, 90, 90))
                        .pos(Pos::new(HPos::Left, VPos::Center)),
                ))
                .map_err(|x| e(&x))?;
        }
        let panels = plots.split_evenly((2, 1));
        let stances = timeline.stances.len();
        for (k, panel) in panels.iter().enumerate() {
            let (desc, y0, y1) = if k == 0 {
                (
                    if sqrt_scale {
                        "posts per bucket (square-root scale)"
                    } else {
                        "posts per bucket"
                    },
                    0.0,
                    top,
                )
            } else {
                ("mean compound", -1.0, 1.0)
            };
            let mut chart = ChartBuilder::on(panel)
                .margin(12)
                .margin_right(48)
                .x_label_area_size(if k == 1 { 50 } else { 20 })
                .y_label_area_size(90)
                .build_cartesian_2d(x0..x1, y0..y1)
                .map_err(|x| e(&x))?;
            chart
                .configure_mesh()
                .light_line_style(WHITE)
                .disable_x_mesh()
                .x_labels(0)
                .y_label_formatter(&|y| {
                    if k == 1 {
                        format!("{y:+.1}")
                    } else if sqrt_scale {
                        format!("{:.0}", y * y)
                    } else {
                        format!("{y:.0}")
                    }
                })
                .y_desc(desc)
                .label_style((FONT, 18))
                .axis_desc_style((FONT, 20))
                .draw()
                .map_err(|x| e(&x))?;
            // The round ticks: a grid line each, and their labels under the lower panel.
            for (t, label) in &ticks {
                chart
                    .draw_series(LineSeries::new(
                        vec![(*t, y0), (*t, y1)],
                        RGBColor(225, 225, 225).stroke_width(1),
                    ))
                    .map_err(|x| e(&x))?;
                if k == 1 {
                    let (px, py) = chart.backend_coord(&(*t, y0));
                    let (bx, by) = panel.get_base_pixel();
                    panel
                        .draw(&Text::new(
                            label.clone(),
                            (px - bx, py - by + 10),
                            TextStyle::from((FONT, 18).into_font())
                                .pos(Pos::new(HPos::Center, VPos::Top)),
                        ))
                        .map_err(|x| e(&x))?;
                }
            }
            if event_shown {
                chart
                    .draw_series(LineSeries::new(
                        vec![(0.0, y0), (0.0, y1)],
                        BLACK.mix(0.6).stroke_width(2),
                    ))
                    .map_err(|x| e(&x))?;
                if k == 0 {
                    chart
                        .draw_series(std::iter::once(Text::new(
                            " event".to_owned(),
                            (0.0, y1 * 0.95),
                            TextStyle::from((FONT, 16).into_font())
                                .pos(Pos::new(HPos::Left, VPos::Top)),
                        )))
                        .map_err(|x| e(&x))?;
                }
            }
            for (i, stance) in timeline.stances.iter().enumerate() {
                let colour = stance_colour(stance, i);
                if k == 0 {
                    let pts: Vec<(f64, f64)> = timeline
                        .series(stance)
                        .map(|p| {
                            #[allow(clippy::cast_precision_loss)]
                            let n = p.posts as f64;
                            (x_of(secs(&p.start)), scale(n))
                        })
                        .collect();
                    chart
                        .draw_series(LineSeries::new(pts.clone(), colour.stroke_width(3)))
                        .map_err(|x| e(&x))?;
                    chart
                        .draw_series(pts.into_iter().map(|p| Circle::new(p, 4, colour.filled())))
                        .map_err(|x| e(&x))?;
                    continue;
                }
                // Means are dots with their intervals, side by side within the bucket; a bucket
                // without enough posts has none to show.
                #[allow(clippy::cast_precision_loss)]
                let dodge =
                    (i as f64 - (stances as f64 - 1.0) / 2.0) * 0.12 * (x_of(bucket) - x_of(0.0));
                for p in timeline.series(stance) {
                    let (Some(m), true) = (p.mean_compound, p.posts >= TIMELINE_MIN_POSTS) else {
                        continue;
                    };
                    let x = x_of(secs(&p.start)) + dodge;
                    if let Some((lo, hi)) = p.ci {
                        chart
                            .draw_series(std::iter::once(PathElement::new(
                                vec![(x, lo.max(-1.0)), (x, hi.min(1.0))],
                                colour.stroke_width(2),
                            )))
                            .map_err(|x| e(&x))?;
                    }
                    chart
                        .draw_series(std::iter::once(Circle::new((x, m), 5, colour.filled())))
                        .map_err(|x| e(&x))?;
                }
            }
        }
        Ok(())
    })
}

/// Render `threshold_sweep.png`: share positive (left) and share negative (right) per stance as
/// the neutral band widens.
///
/// # Errors
/// [`Error::Render`] if drawing or encoding fails.
pub fn threshold_sweep_png(points: &[SweepPoint], stances: &[String]) -> Result<Vec<u8>> {
    render(Chart::ThresholdSweep.file_name(), |root| {
        let e = |e: &dyn std::fmt::Display| e.to_string();
        let body = root
            .margin(16, 0, 0, 0)
            .titled(
                "Sentiment shares as the neutral band widens (VADER 3.3.2)",
                (FONT, 34),
            )
            .map_err(|x| e(&x))?;
        let panels = body.split_evenly((1, 2));
        type Side = (&'static str, fn(&SweepPoint) -> f64);
        let sides: [Side; 2] = [
            ("share positive (compound >= t), %", |p| p.positive),
            ("share negative (compound <= -t), %", |p| p.negative),
        ];
        for (panel, (desc, get)) in panels.iter().zip(sides) {
            let mut chart = ChartBuilder::on(panel)
                .margin(20)
                .x_label_area_size(60)
                .y_label_area_size(80)
                .build_cartesian_2d(0.04..0.51, 0.0..100.0)
                .map_err(|x| e(&x))?;
            chart
                .configure_mesh()
                .light_line_style(WHITE)
                .x_desc("threshold t")
                .y_desc(desc)
                .x_label_formatter(&|x| format!("{x:.2}"))
                .y_label_formatter(&|y| format!("{y:.0}%"))
                .label_style((FONT, 18))
                .axis_desc_style((FONT, 20))
                .draw()
                .map_err(|x| e(&x))?;
            for (i, stance) in stances.iter().enumerate() {
                let colour = stance_colour(stance, i);
                let pts: Vec<(f64, f64)> = points
                    .iter()
                    .filter(|p| &p.stance == stance)
                    .map(|p| (p.threshold, get(p) * 100.0))
                    .collect();
                let n = points
                    .iter()
                    .find(|p| &p.stance == stance)
                    .map_or(0, |p| p.posts);
                let label = format!("{} (n = {n})", crate::escape::for_terminal(stance, 24));
                stance_line(&mut chart, pts, colour, label)?;
            }
            legend(&mut chart, 18)?;
        }
        Ok(())
    })
}

/// Render `learning_curve.png`: the classifier's cross-validated macro-F1 against the labelled
/// posts it was trained on (25%, 50%, 75% and all of them), each point labelled with its value.
///
/// # Errors
/// [`Error::Render`] if drawing or encoding fails.
pub fn learning_curve_png(points: &[crate::stance::classifier::LearningPoint]) -> Result<Vec<u8>> {
    render(Chart::LearningCurve.file_name(), |root| {
        let e = |e: &dyn std::fmt::Display| e.to_string();
        #[allow(clippy::cast_precision_loss)] // label counts are far below 2^52
        let most = points.iter().map(|p| p.posts).max().unwrap_or(1) as f64;
        let mut chart = ChartBuilder::on(root)
            .caption(
                "Stance classifier: cross-validated macro-F1 as the labels grow",
                (FONT, 30),
            )
            .margin(24)
            .margin_right(60)
            .x_label_area_size(70)
            .y_label_area_size(90)
            .build_cartesian_2d(0.0..most * 1.05, 0.0..1.0)
            .map_err(|x| e(&x))?;
        chart
            .configure_mesh()
            .light_line_style(WHITE)
            .x_desc("labelled posts (a stratified share of each fold's training posts)")
            .y_desc("macro-F1 of the pooled out-of-fold predictions")
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&|y| format!("{y:.1}"))
            .label_style((FONT, 18))
            .axis_desc_style((FONT, 20))
            .draw()
            .map_err(|x| e(&x))?;
        #[allow(clippy::cast_precision_loss)]
        let pts: Vec<(f64, f64)> = points
            .iter()
            .map(|p| (p.posts as f64, p.macro_f1))
            .collect();
        let colour = RGBColor(31, 119, 180);
        chart
            .draw_series(LineSeries::new(pts.clone(), colour.stroke_width(3)))
            .map_err(|x| e(&x))?;
        chart
            .draw_series(pts.iter().map(|p| Circle::new(*p, 6, colour.filled())))
            .map_err(|x| e(&x))?;
        let style =
            TextStyle::from((FONT, 18).into_font()).pos(Pos::new(HPos::Center, VPos::Bottom));
        for (p, point) in pts.iter().zip(points) {
            chart
                .draw_series(std::iter::once(Text::new(
                    format!("{:.3} ({:.0}%)", point.macro_f1, point.share * 100.0),
                    (p.0, p.1 + 0.03),
                    style.clone(),
                )))
                .map_err(|x| e(&x))?;
        }
        Ok(())
    })
}

/// Text the shipped font can draw: emoji (which DejaVu Sans lacks) become their name in VADER's
/// emoji lexicon in brackets (`[fire]`), or `U+XXXX` when it has none; control characters are
/// escaped, and long terms are cut.
fn drawable(term: &str) -> String {
    let mut out = String::new();
    for c in crate::escape::for_terminal(term, 30).chars() {
        if u32::from(c) >= 0x1F000 || (0x2600..=0x27BF).contains(&u32::from(c)) {
            match crate::sentiment::emoji_name(c) {
                Some(name) => out.push_str(&format!("[{name}]")),
                None => out.push_str(&format!("U+{:X}", u32::from(c))),
            }
        } else if !matches!(u32::from(c), 0xFE00..=0xFE0F | 0x200D) {
            out.push(c);
        }
    }
    out
}

/// Terms per side of each panel of `distinctive_terms.png`.
pub const TERMS_PER_SIDE: usize = 8;

/// Render `distinctive_terms.png`: one panel per stance, its most distinctive terms (z > 0, to
/// the right) against those of all other posts (z < 0, to the left).
///
/// # Errors
/// [`Error::Render`] if drawing or encoding fails.
pub fn terms_png(terms: &[Term], stances: &[String]) -> Result<Vec<u8>> {
    render(Chart::DistinctiveTerms.file_name(), |root| {
        let e = |e: &dyn std::fmt::Display| e.to_string();
        let body = root
            .margin(16, 0, 0, 0)
            .titled(
                "Distinctive terms: z of log-odds with informative Dirichlet prior, stance vs rest",
                (FONT, 26),
            )
            .map_err(|x| e(&x))?;
        let cols = if stances.len() > 1 { 2 } else { 1 };
        let rows = stances.len().div_ceil(cols).max(1);
        let panels = body.split_evenly((rows, cols));
        for (i, (panel, stance)) in panels.iter().zip(stances).enumerate() {
            let mine: Vec<&Term> = terms.iter().filter(|t| &t.stance == stance).collect();
            let mut bars: Vec<&Term> = mine
                .iter()
                .copied()
                .filter(|t| t.z > 0.0)
                .take(TERMS_PER_SIDE)
                .collect();
            bars.extend(
                mine.iter()
                    .copied()
                    .filter(|t| t.z < 0.0)
                    .take(TERMS_PER_SIDE),
            );
            let reach = bars.iter().map(|t| t.z.abs()).fold(1.0_f64, f64::max) * 1.05;
            #[allow(clippy::cast_precision_loss)]
            let n = bars.len().max(1) as f64;
            let mut chart = ChartBuilder::on(panel)
                .caption(
                    format!("{} vs rest", crate::escape::for_terminal(stance, 24)),
                    (FONT, 20),
                )
                .margin(8)
                .x_label_area_size(40)
                .y_label_area_size(0)
                .build_cartesian_2d(-reach..reach, 0.0..n)
                .map_err(|x| e(&x))?;
            chart
                .configure_mesh()
                .disable_y_mesh()
                .light_line_style(WHITE)
                .y_labels(0)
                .x_label_formatter(&|x| format!("{x:.1}"))
                .x_desc("z (right: words of this stance, left: words of all other posts)")
                .axis_desc_style((FONT, 14))
                .label_style((FONT, 14))
                .draw()
                .map_err(|x| e(&x))?;
            let colour = stance_colour(stance, i);
            let label_style = |pos: HPos| {
                TextStyle::from((FONT, 14).into_font()).pos(Pos::new(pos, VPos::Center))
            };
            for (k, t) in bars.iter().enumerate() {
                #[allow(clippy::cast_precision_loss)]
                let y = n - k as f64 - 1.0;
                let fill = if t.z > 0.0 {
                    colour.filled()
                } else {
                    NEUTRAL_GREY.filled()
                };
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(0.0, y + 0.15), (t.z, y + 0.85)],
                        fill,
                    )))
                    .map_err(|x| e(&x))?;
                let (anchor, at) = if t.z > 0.0 {
                    (HPos::Right, -0.03 * reach)
                } else {
                    (HPos::Left, 0.03 * reach)
                };
                let count = if t.z > 0.0 {
                    t.count_stance
                } else {
                    t.count_rest
                };
                let label = format!("{} ({count})", drawable(&t.term));
                chart
                    .draw_series(std::iter::once(Text::new(
                        label,
                        (at, y + 0.5),
                        label_style(anchor),
                    )))
                    .map_err(|x| e(&x))?;
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A timeline of three hourly buckets with these posts per bucket for stances a and b.
    fn two_stance_timeline(a: [u64; 3], b: [u64; 3]) -> Timeline {
        let start = chrono::DateTime::parse_from_rfc3339("2019-02-04T13:00:00Z")
            .unwrap()
            .to_utc();
        let starts: Vec<_> = (0..3).map(|h| start + chrono::Duration::hours(h)).collect();
        let points = starts
            .iter()
            .enumerate()
            .flat_map(|(i, &t)| {
                [("a", a[i]), ("b", b[i])].map(|(stance, posts)| {
                    crate::aggregate::timeline::TimelinePoint {
                        start: t,
                        stance: stance.to_owned(),
                        posts,
                        mean_compound: (posts > 0).then_some(0.1),
                        ci: (posts > 1).then_some((0.0, 0.2)),
                    }
                })
            })
            .collect();
        Timeline {
            bucket: crate::config::BUCKETS[3],
            first_post: start,
            starts,
            stances: vec!["a".into(), "b".into()],
            points,
            undated: 0,
            outlying: 0,
            notes: Vec::new(),
            event: None,
        }
    }

    #[test]
    fn a_stance_dwarfed_by_another_was_flattened_against_zero() {
        // A thread that is 90% neutral by the cue rules: the other stances' counts were drawn
        // as lines along the axis. Under a tenth of the busiest stance's peak: square roots.
        assert!(sqrt_count_scale(&two_stance_timeline(
            [100, 40, 3],
            [5, 9, 2]
        )));
        assert!(!sqrt_count_scale(&two_stance_timeline(
            [100, 40, 3],
            [5, 10, 2]
        )));
        // A stance with no post at all has no line to lift.
        assert!(!sqrt_count_scale(&two_stance_timeline(
            [100, 40, 3],
            [0, 0, 0]
        )));
        assert!(!timeline_png(&two_stance_timeline([100, 40, 3], [5, 9, 2]))
            .unwrap()
            .is_empty());
    }

    #[test]
    fn emoji_are_named_for_the_font() {
        // Names from VADER's emoji lexicon (emoji_utf8_lexicon.txt: "🔥\tfire", "❤\tred heart").
        assert_eq!(drawable("🔥 fire ❤️"), "[fire] fire [red heart]");
        // A code point the lexicon does not name keeps its number.
        assert_eq!(drawable("\u{1FAE8}"), "U+1FAE8");
    }

    #[test]
    fn the_share_legend_covers_no_bar() {
        // Every bar is wholly positive, so a row near the top crosses each bar in one run of
        // the positive colour. A legend drawn over the last bar shortens its run.
        for k in [2, 4, 10] {
            let bars: Vec<ShareBar> = (0..k)
                .map(|i| ShareBar {
                    label: format!("s{i}"),
                    posts: 10,
                    percent: [0.0, 0.0, 100.0],
                })
                .collect();
            let png = stance_sentiment_png(&bars, 0.05).unwrap();
            let mut reader = png::Decoder::new(std::io::Cursor::new(png))
                .read_info()
                .unwrap();
            let mut buf = vec![0; reader.output_buffer_size()];
            let info = reader.next_frame(&mut buf).unwrap();
            assert_eq!(info.color_type, png::ColorType::Rgb);
            // Rows inside the legend's height (the legend sits at the top right).
            for y in [90, 110, 130] {
                let row = &buf[y * info.line_size..(y + 1) * info.line_size];
                let positive =
                    |x: usize| row[3 * x..3 * x + 3] == [POSITIVE.0, POSITIVE.1, POSITIVE.2];
                let mut runs = Vec::new();
                let mut start = None;
                for x in 0..=info.width as usize {
                    match (start, x < info.width as usize && positive(x)) {
                        (None, true) => start = Some(x),
                        (Some(s), false) => {
                            runs.push(x - s);
                            start = None;
                        }
                        _ => {}
                    }
                }
                // One run per bar, all the same width (the legend's 16-pixel swatch of the
                // positive colour is not a bar).
                runs.retain(|&w| w > 16);
                assert_eq!(runs.len(), k, "k = {k}, row {y}: {runs:?}");
                let (min, max) = (runs.iter().min().unwrap(), runs.iter().max().unwrap());
                assert!(max - min <= 2, "k = {k}, row {y}: {runs:?}");
            }
        }
    }

    #[test]
    fn group_panels_put_each_stance_in_the_same_place_and_leave_out_the_pooled_rest() {
        use crate::aggregate::groups::{GroupRow, Groups, OTHERS};
        let row = |group: &str, stance: &str, posts: u64| GroupRow {
            group: group.to_owned(),
            subgroup: String::new(),
            stance: stance.to_owned(),
            posts,
            share: 0.0,
            mean: 0.0,
            ci: None,
            median: 0.0,
            sentiment: [0.5, 0.25, 0.25],
            tested: false,
        };
        let groups = Groups {
            columns: vec!["platform".to_owned()],
            distinct: 60,
            pooled: 10,
            rows: vec![
                row("youtube", "cautionary", 3),
                row("youtube", "all", 3),
                row(OTHERS, "all", 10),
            ],
            comparisons: Vec::new(),
        };
        let stances = vec!["supportive".to_owned(), "cautionary".to_owned()];
        let panels = group_panels(&groups, &stances);
        assert_eq!(panels.len(), 1);
        let (name, bars) = &panels[0];
        assert_eq!(name, "youtube");
        let got: Vec<(&str, u64)> = bars.iter().map(|b| (b.label.as_str(), b.posts)).collect();
        assert_eq!(got, [("supportive", 0), ("cautionary", 3), ("all", 3)]);
        assert_eq!(bars[0].percent, [0.0; 3]);
        // Negative, neutral, positive from the row's positive, neutral, negative shares.
        assert_eq!(bars[1].percent, [25.0, 25.0, 50.0]);
    }

    #[test]
    fn time_ticks_fall_on_round_times_with_the_date_where_the_day_changes() {
        let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().timestamp();
        // 40 hours: 6-hour steps (5 h would not be round), on 00, 06, 12, 18 UTC.
        let ticks = time_ticks(at("2019-02-13T17:00:00Z"), at("2019-02-15T09:00:00Z"));
        let labels: Vec<&str> = ticks.iter().map(|t| t.1.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Feb 13 18:00",
                "Feb 14 00:00",
                "06:00",
                "12:00",
                "18:00",
                "Feb 15 00:00",
                "06:00"
            ]
        );
        assert_eq!(ticks[0].0, at("2019-02-13T18:00:00Z"));
        // Across new year: the year is shown.
        let ticks = time_ticks(at("2018-12-31T20:00:00Z"), at("2019-01-01T04:00:00Z"));
        assert_eq!(ticks[0].1, "Dec 31 2018 20:00");
        assert_eq!(ticks[4].1, "Jan 01 2019 00:00");
        assert_eq!(ticks[5].1, "01:00");
        // Three weeks: weekly on Mondays (4 February 2019 was one), dates only.
        let ticks = time_ticks(at("2019-02-01T05:00:00Z"), at("2019-02-22T05:00:00Z"));
        let labels: Vec<&str> = ticks.iter().map(|t| t.1.as_str()).collect();
        assert_eq!(labels, ["Feb 04", "Feb 11", "Feb 18"]);
        // Three years: four-week multiples, at most eight ticks.
        let ticks = time_ticks(at("2016-01-01T00:00:00Z"), at("2019-01-01T00:00:00Z"));
        assert!(ticks.len() <= 8 && ticks.len() >= 4, "{ticks:?}");
    }

    #[test]
    fn event_ticks_count_hours_then_days_from_the_event() {
        let labels =
            |lo, hi| -> Vec<String> { event_ticks(lo, hi).into_iter().map(|t| t.1).collect() };
        assert_eq!(
            labels(-0.02, 40.0),
            ["event", "+6 h", "+12 h", "+18 h", "+24 h", "+30 h", "+36 h"]
        );
        assert_eq!(
            labels(0.0, 300.0),
            ["event", "+2 d", "+4 d", "+6 d", "+8 d", "+10 d", "+12 d"]
        );
        assert_eq!(labels(-3.5, 3.5)[..3], ["-3 h", "-2 h", "-1 h"]);
    }

    #[test]
    fn jitter_stays_in_range_and_is_deterministic() {
        for i in 0..1000 {
            let j = jitter(i);
            assert!((-0.5..0.5).contains(&j));
            assert_eq!(j, jitter(i));
        }
    }
}
