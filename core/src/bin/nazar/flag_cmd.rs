//! `nazar flag`: read comments (and sales), tag, aggregate, score, and write
//! one row per flagged product, the optional HTML report, and a summary on
//! stderr.

use std::io;
use std::path::Path;

use nazar::anomaly::table::{csv_record, json_object, COLUMNS};
use nazar::anomaly::{
    aggregate_comments, read_sales, score_table, AggregateCounts, AggregateOptions, CommentReader,
    CommentTagger, FlagConfig, FlagReport, PeriodIndex, SalesData, SalesReader,
};
use nazar::report::{render_html, ReportOptions};
use nazar::stats::product::{EvidenceText, StatsTable};
use nazar::{Error, Location, Result};

use crate::lang_check::LangCheck;
use crate::output::Output;
use crate::{FlagArgs, FlagFormat};

/// Rows formatted before each write to the output.
const ROWS_PER_WRITE: usize = 4096;

/// Aggregates the comments of `reader` (`lossy`: replacing invalid UTF-8),
/// with the number of rows where it was replaced.
fn aggregate<R: io::Read>(
    reader: CommentReader<R>,
    lossy: bool,
    tagger: &dyn CommentTagger,
    periods: &PeriodIndex,
    options: &AggregateOptions,
    table: &mut StatsTable,
    check: &mut Option<LangCheck>,
) -> Result<(AggregateCounts, u64)> {
    let mut reader = if lossy { reader.lossy() } else { reader };
    let comments = reader.by_ref().inspect(|row| {
        if let (Some(check), Ok(comment)) = (check.as_mut(), row) {
            check.see(&comment.text);
        }
    });
    let counts = aggregate_comments(comments, tagger, periods, options, table)?;
    Ok((counts, reader.replaced_rows()))
}

/// Runs `nazar flag` with `tagger` tagging the comments.
pub fn run(args: FlagArgs) -> Result<()> {
    let tagger = args.lexicons.tagger()?;
    let tagger: &dyn CommentTagger = &tagger;
    let config = FlagConfig {
        fdr: args.fdr,
        ..FlagConfig::default()
    };
    config.validate()?;
    // Both outputs are opened before any work, so that a path that cannot
    // be written fails at once, before a long run and before anything
    // reaches stdout.
    let rows_out = Output::create(args.output.as_deref())?;
    let report_out = args
        .report
        .as_deref()
        .map(|path| Output::create(Some(path)))
        .transpose()?;
    if let (Some(report), Some(out)) = (&args.report, &report_out) {
        if out.same_destination(&rows_out) {
            let rows = args.output.as_deref().unwrap_or(Path::new("-"));
            return Err(Error::input(
                Location::file(report),
                format!(
                    "--report and the rows (--output {}) would be written to the same place; \
                     give the report a file of its own",
                    rows.display()
                ),
            ));
        }
    }
    let options = AggregateOptions {
        lang: args.lang.lang(),
        // Evidence text only feeds the report; without one, not keeping it
        // saves most of the per-product memory.
        evidence_text: if args.report.is_some() {
            EvidenceText::Keep
        } else {
            EvidenceText::Drop
        },
        ..AggregateOptions::default()
    };
    let sales = match &args.sales {
        Some(path) => read_sales(SalesReader::open(path)?)?,
        None => SalesData::default(),
    };
    let SalesData {
        mut table, periods, ..
    } = sales;
    let mut check = LangCheck::new(options.lang);
    let (counts, replaced) = if args.comments == Path::new("-") {
        let reader = CommentReader::new(io::stdin().lock(), "<stdin>")?;
        aggregate(
            reader, args.lossy, tagger, &periods, &options, &mut table, &mut check,
        )?
    } else {
        let reader = CommentReader::open(&args.comments)?;
        aggregate(
            reader, args.lossy, tagger, &periods, &options, &mut table, &mut check,
        )?
    };
    let mut report = score_table(table, &config)?;
    report.summary.comments_period_guessed = counts.period_guessed;
    report.summary.rows_utf8_replaced = replaced;

    write_rows(&report, &args, rows_out)?;
    if let Some(mut out) = report_out {
        out.write_all(render_html(&report, &ReportOptions::default()).as_bytes())?;
        out.finish()?;
    }
    print_summary(&report, args.sales.is_some());
    if let Some(warning) = check.and_then(|c| c.warning()) {
        eprintln!("nazar: warning: {warning}");
    }
    if replaced > 0 {
        eprintln!("nazar: {replaced} comment rows had invalid UTF-8, replaced with U+FFFD");
    }
    Ok(())
}

fn write_rows(report: &FlagReport, args: &FlagArgs, mut out: Output) -> Result<()> {
    let rows: Box<dyn Iterator<Item = _>> = if args.all {
        Box::new(report.verdicts.iter())
    } else {
        Box::new(report.flagged())
    };
    let mut buf: Vec<u8> = Vec::with_capacity(1 << 16);
    let csv_err = |e: csv::Error| {
        Error::io(
            Location::file(args.output.as_deref().unwrap_or(Path::new("<stdout>"))),
            io::Error::other(e),
        )
    };
    match args.format {
        FlagFormat::Csv => {
            buf.extend_from_slice(&csv_line(COLUMNS).map_err(csv_err)?);
            for (n, v) in rows.enumerate() {
                buf.extend_from_slice(&csv_line(csv_record(v)).map_err(csv_err)?);
                if (n + 1) % ROWS_PER_WRITE == 0 {
                    out.write_all(&buf)?;
                    buf.clear();
                }
            }
            out.write_all(&buf)?;
        }
        FlagFormat::Jsonl => {
            for (n, v) in rows.enumerate() {
                let line = serde_json::Value::Object(json_object(v));
                buf.extend_from_slice(line.to_string().as_bytes());
                buf.push(b'\n');
                if (n + 1) % ROWS_PER_WRITE == 0 {
                    out.write_all(&buf)?;
                    buf.clear();
                }
            }
            out.write_all(&buf)?;
        }
    }
    out.finish()
}

/// One CSV record, quoted as needed, with its line end.
fn csv_line<I>(fields: I) -> std::result::Result<Vec<u8>, csv::Error>
where
    I: IntoIterator,
    I::Item: AsRef<[u8]>,
{
    let mut w = csv::Writer::from_writer(Vec::with_capacity(256));
    w.write_record(fields)?;
    w.into_inner().map_err(|e| e.into_error().into())
}

fn print_summary(report: &FlagReport, with_sales: bool) {
    let s = &report.summary;
    let sales_part = if with_sales {
        format!(
            "{} with sales, {} comments without a sales row",
            s.with_sales, s.comments_without_sales_row
        )
    } else {
        "no sales file (comment rate not tested)".to_string()
    };
    // With sales periods the counts after "products" are of
    // product-periods, which the reader needs to be told.
    let products = if s.keys == s.products {
        format!("{} products", s.products)
    } else {
        format!("{} products ({} {})", s.products, s.keys, s.keys_noun(2))
    };
    eprintln!(
        "nazar: {} comments read, {products}, {sales_part}, {} flagged \
         ({} high_comment_rate, {} contradiction)",
        s.comments, s.flagged, s.flagged_high_comment_rate, s.flagged_contradiction
    );
    let mut notes = Vec::new();
    if with_sales {
        if s.keys_without_comments > 0 {
            notes.push(format!(
                "{} {} with sales but no comment",
                s.keys_without_comments,
                s.keys_noun(2)
            ));
        }
        if s.keys_with_zero_sales > 0 {
            notes.push(format!(
                "{} products with zero sales ({} comments; comment rate not tested)",
                s.keys_with_zero_sales, s.comments_on_zero_sales
            ));
        }
    }
    if s.comments_period_guessed > 0 {
        notes.push(format!(
            "{} comments placed in their product's earliest period for lack of a usable \
             created_at",
            s.comments_period_guessed
        ));
    }
    if !notes.is_empty() {
        eprintln!("nazar: also {}", notes.join("; "));
    }
    for warning in report.warnings() {
        eprintln!("nazar: warning: {warning}");
    }
}
