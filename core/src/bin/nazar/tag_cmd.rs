//! `nazar tag`: one JSON object per input row, in order.

use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

use nazar::{CommentTags, Error, Lang, Location, Result};

use crate::input::Input;
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
    /// Name of the id column (row numbers, from 1, when absent).
    #[arg(long, default_value = "id")]
    id_col: String,
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

/// One output line, as DESIGN.md specifies it.
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

/// A row to tag: its id, text and language if the input gives one.
struct Row {
    id: String,
    text: String,
    lang: Option<Lang>,
}

pub fn run(args: TagArgs) -> Result<()> {
    let tagger = args.lexicons.tagger()?;
    let input = Input::open(args.file.as_deref())?;
    let mut out = Output::create(args.output.as_deref())?;
    let fixed = args.lang.lang();
    let mut counts = Counts::default();
    let write_batch = |rows: &mut Vec<Row>, out: &mut Output, counts: &mut Counts| {
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
    let mut rows: Vec<Row> = Vec::with_capacity(BATCH);
    if args.lines {
        let mut lines = input.lines(args.lossy);
        for (i, line) in lines.by_ref().enumerate() {
            rows.push(Row {
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
        let mut csv = CsvRows::new(input, &args.text_col, &args.id_col, args.lossy)?;
        while let Some(row) = csv.next_row()? {
            rows.push(row);
            if rows.len() == BATCH {
                write_batch(&mut rows, &mut out, &mut counts)?;
            }
        }
        counts.replaced = csv.replaced;
    }
    write_batch(&mut rows, &mut out, &mut counts)?;
    out.finish()?;
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
    Ok(())
}

#[derive(Default)]
struct Counts {
    tagged: u64,
    empty: u64,
    replaced: u64,
}

/// Streams rows of a CSV file with a header, naming the row of any error.
struct CsvRows {
    reader: csv::Reader<Box<dyn std::io::Read + Send>>,
    name: PathBuf,
    text: usize,
    id: Option<usize>,
    lang: Option<usize>,
    row: u64,
    lossy: bool,
    replaced: u64,
    record: csv::ByteRecord,
}

impl CsvRows {
    fn new(input: Input, text_col: &str, id_col: &str, lossy: bool) -> Result<Self> {
        let name = input.name().to_path_buf();
        let mut reader = csv::ReaderBuilder::new()
            .flexible(false)
            .from_reader(input.into_reader());
        let headers = reader
            .headers()
            .map_err(|e| csv_error(&name, e))?
            .iter()
            .map(|h| h.trim_start_matches('\u{FEFF}').trim().to_string())
            .collect::<Vec<_>>();
        let find = |col: &str| headers.iter().position(|h| h == col);
        let text = find(text_col).ok_or_else(|| {
            Error::input(
                Location::file(&name).with_line(1).with_column(text_col),
                format!(
                    "no {text_col:?} column in the header (found: {}); use --text-col, or --lines for plain text",
                    headers.iter().map(|h| format!("{h:?}")).collect::<Vec<_>>().join(", ")
                ),
            )
        })?;
        Ok(CsvRows {
            reader,
            name,
            text,
            id: find(id_col),
            lang: find("lang"),
            row: 0,
            lossy,
            replaced: 0,
            record: csv::ByteRecord::new(),
        })
    }

    fn next_row(&mut self) -> Result<Option<Row>> {
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => return Ok(None),
            Ok(true) => {}
            Err(e) => return Err(csv_error(&self.name, e)),
        }
        self.row += 1;
        let line = self.record.position().map_or(0, |p| p.line());
        let loc = |col: &str| {
            Location::file(&self.name)
                .with_row(self.row)
                .with_line(line)
                .with_column(col)
        };
        let mut replaced = false;
        let mut field = |i: usize, col: &str| -> Result<String> {
            let bytes = self.record.get(i).unwrap_or_default();
            match std::str::from_utf8(bytes) {
                Ok(s) => Ok(s.to_string()),
                Err(_) if self.lossy => {
                    replaced = true;
                    Ok(String::from_utf8_lossy(bytes).into_owned())
                }
                Err(e) => Err(Error::input(
                    loc(col),
                    format!(
                        "invalid UTF-8 at byte {} of the field (use --lossy to replace it)",
                        e.valid_up_to() + 1
                    ),
                )),
            }
        };
        let text = field(self.text, "text")?;
        let id = match self.id {
            Some(i) => field(i, "id")?,
            None => self.row.to_string(),
        };
        let lang = match self.lang {
            Some(i) => {
                let code = field(i, "lang")?;
                if code.trim().is_empty() {
                    None
                } else {
                    Some(
                        code.parse::<Lang>()
                            .map_err(|e| Error::input(loc("lang"), e.to_string()))?,
                    )
                }
            }
            None => None,
        };
        if replaced {
            self.replaced += 1;
        }
        Ok(Some(Row { id, text, lang }))
    }
}

/// A CSV error with the file, row and line it happened at.
fn csv_error(name: &std::path::Path, e: csv::Error) -> Error {
    let mut loc = Location::file(name);
    if let Some(p) = e.position() {
        loc = loc.with_line(p.line()).with_row(p.record());
    }
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("malformed row: {len} fields where the header has {expected_len}")
        }
        csv::ErrorKind::Io(err) => {
            return Error::io(loc, std::io::Error::new(err.kind(), err.to_string()))
        }
        _ => format!("malformed CSV: {e}"),
    };
    Error::input(loc, message)
}
