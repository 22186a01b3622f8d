//! `nazar tag`: one JSON object per input row, in order.

use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

use nazar::tag::input::{TagCsvReader, TagRow};
use nazar::{CommentTags, Lang, Result};

use crate::input::Input;
use crate::lang_check::LangCheck;
use crate::output::Output;
use crate::{LangArg, LexiconArgs};

/// Rows tagged together in parallel.
const BATCH: usize = 4096;

#[derive(clap::Args)]
pub struct TagArgs {
    #[command(flatten)]
    lexicons: LexiconArgs,
    /// Language of every comment; `auto` detects per comment (a `lang`
    /// column, when the CSV has one, wins over detection).
    #[arg(long, value_enum, default_value = "auto")]
    lang: LangArg,
    /// Name of the text column of the CSV input.
    #[arg(long, default_value = "text")]
    text_col: String,
    /// Name of the id column [default: id, and row numbers, from 1, when
    /// the CSV has no `id` column; a column named here must be there].
    #[arg(long)]
    id_col: Option<String>,
    /// Read plain lines (one comment per line) instead of CSV.
    #[arg(long)]
    lines: bool,
    /// Replace invalid UTF-8 with U+FFFD (and count it) instead of failing.
    #[arg(long)]
    lossy: bool,
    /// Write here instead of stdout (written to a temporary file, then renamed).
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Input file; stdin when absent or `-`.
    file: Option<PathBuf>,
}

/// One output line, as the command-line contract (README) specifies it.
#[derive(Serialize)]
struct Record<'a> {
    id: &'a str,
    lang: Lang,
    label: &'static str,
    score: f64,
    matches: Vec<MatchRecord<'a>>,
}

#[derive(Serialize)]
struct MatchRecord<'a> {
    category: &'a str,
    aspect: &'a str,
    polarity: &'static str,
    contradiction: bool,
    negated: bool,
    term: &'a str,
    start: usize,
    end: usize,
}

fn record<'a>(id: &'a str, tags: &'a CommentTags) -> Record<'a> {
    Record {
        id,
        lang: tags.lang,
        label: tags.label.as_str(),
        score: (tags.score * 1e4).round() / 1e4,
        matches: tags
            .matches
            .iter()
            .map(|m| MatchRecord {
                category: &m.category,
                aspect: &m.aspect,
                polarity: m.polarity.as_str(),
                contradiction: m.contradiction,
                negated: m.negated,
                term: &m.term,
                start: m.start,
                end: m.end,
            })
            .collect(),
    }
}

pub fn run(args: TagArgs) -> Result<()> {
    let tagger = args.lexicons.tagger()?;
    let input = Input::open(args.file.as_deref())?;
    let mut out = Output::create(args.output.as_deref())?;
    let fixed = args.lang.lang();
    let mut check = LangCheck::new(fixed);
    let mut counts = Counts::default();
    let mut write_batch = |rows: &mut Vec<TagRow>, out: &mut Output, counts: &mut Counts| {
        if let Some(check) = &mut check {
            rows.iter().for_each(|r| check.see(&r.text));
        }
        let tagged: Vec<String> = rows
            .par_iter()
            .map(|row| {
                let tags = tagger.tag_as(&row.text, fixed.or(row.lang));
                let mut line = serde_json::to_string(&record(&row.id, &tags)).unwrap_or_else(|e| {
                    format!("{{\"id\":{:?},\"error\":{:?}}}", row.id, e.to_string())
                });
                line.push('\n');
                line
            })
            .collect();
        counts.tagged += rows.len() as u64;
        counts.empty += rows.iter().filter(|r| r.text.trim().is_empty()).count() as u64;
        rows.clear();
        out.write_all(tagged.concat().as_bytes())
    };
    let mut rows: Vec<TagRow> = Vec::with_capacity(BATCH);
    if args.lines {
        let mut lines = input.lines(args.lossy);
        for (i, line) in lines.by_ref().enumerate() {
            rows.push(TagRow {
                id: (i + 1).to_string(),
                text: line?,
                lang: None,
            });
            if rows.len() == BATCH {
                write_batch(&mut rows, &mut out, &mut counts)?;
            }
        }
        counts.replaced = lines.replaced();
    } else {
        let name = input.name().to_path_buf();
        let mut csv = TagCsvReader::new(
            input.into_reader(),
            name,
            &args.text_col,
            args.id_col.as_deref().unwrap_or("id"),
            args.lossy,
        )?;
        if args.id_col.is_some() {
            csv.require_id()?;
        }
        while let Some(row) = csv.next_row()? {
            rows.push(row);
            if rows.len() == BATCH {
                write_batch(&mut rows, &mut out, &mut counts)?;
            }
        }
        counts.replaced = csv.replaced();
    }
    write_batch(&mut rows, &mut out, &mut counts)?;
    out.finish()?;
    let warning = check.and_then(|c| c.warning());
    eprintln!(
        "nazar: {} rows read, {} tagged ({} with empty text), 0 skipped{}",
        counts.tagged,
        counts.tagged,
        counts.empty,
        if counts.replaced > 0 {
            format!(
                "; {} rows had invalid UTF-8 replaced with U+FFFD",
                counts.replaced
            )
        } else {
            String::new()
        }
    );
    if let Some(w) = warning {
        eprintln!("nazar: warning: {w}");
    }
    Ok(())
}

#[derive(Default)]
struct Counts {
    tagged: u64,
    empty: u64,
    replaced: u64,
}
