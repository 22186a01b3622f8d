//! Streaming readers for the comments and sales CSV files.
//!
//! Both read one record at a time (memory does not grow with the file) and
//! turn every problem into an [`Error`] naming the file, the data row (the
//! header is row 0), the line where the record starts, and the column. A
//! UTF-8 byte-order mark before the header and CRLF line ends are accepted.
//!
//! Column names are matched after trimming and ASCII lower-casing, in any
//! order; unknown columns are ignored.
//!
//! * comments: `product_id` and `text` are required; `comment_id`, `rating`
//!   (a whole number of stars, 0–5), `created_at` and `lang` (`fa`, `en`,
//!   `pt`, or empty/`auto` to detect) are optional. A missing or empty
//!   `comment_id` becomes the 1-based data row number.
//! * sales: `product_id` and `sales` (a whole number ≥ 0; `12.0` is
//!   accepted as exports often write it) are required; `category` and
//!   `period` are optional (empty means none).

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::csv_quotes::{header_hint, QuoteCheck, QuoteError};
use crate::error::{Error, Location, Result};
use crate::lang::Lang;
use crate::stats::product::{Category, CommentId, CommentRecord, Period, ProductId, SalesRecord};

/// The columns of a CSV file, located by name.
#[derive(Debug, Clone)]
struct Columns {
    /// Header names as written (BOM removed), for error messages.
    names: Vec<String>,
}

impl Columns {
    fn new(headers: &csv::StringRecord) -> Self {
        let names = headers
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let h = if i == 0 {
                    h.trim_start_matches('\u{feff}')
                } else {
                    h
                };
                h.to_string()
            })
            .collect();
        Columns { names }
    }

    /// Index of column `name`; an error if it appears twice.
    fn find(&self, name: &str, file: &Path) -> Result<Option<usize>> {
        let mut found = self
            .names
            .iter()
            .enumerate()
            .filter(|(_, h)| h.trim().eq_ignore_ascii_case(name))
            .map(|(i, _)| i);
        let first = found.next();
        if let Some(second) = found.next() {
            return Err(Error::input(
                Location::file(file).with_line(1).with_column(name),
                format!(
                    "column `{name}` appears twice (columns {} and {}); keep one",
                    first.map_or(0, |i| i + 1),
                    second + 1
                ),
            ));
        }
        Ok(first)
    }

    fn require(&self, name: &str, file: &Path) -> Result<usize> {
        self.find(name, file)?.ok_or_else(|| {
            let header = if self.names.iter().all(|n| n.trim().is_empty()) {
                "the file has no header row".to_string()
            } else if let Some(hint) = header_hint(&self.names) {
                format!(
                    "the header is {:?}: {hint}",
                    self.names.join(",").replace('\0', "")
                )
            } else {
                format!("the header has: {}", self.names.join(", "))
            };
            Error::input(
                Location::file(file).with_line(1).with_column(name),
                format!("missing required column `{name}`; {header}"),
            )
        })
    }
}

/// A CSV reader that names its file, row and line in errors.
struct CsvSource<R: Read> {
    reader: csv::Reader<QuoteCheck<R>>,
    file: PathBuf,
    columns: Columns,
    record: csv::StringRecord,
    /// With `lossy`: the raw record, its invalid UTF-8 replaced with U+FFFD
    /// (instead of an error) and the rows where that happened counted.
    lossy: Option<Lossy>,
    /// Ends the message of an invalid UTF-8 error: how to get past it.
    utf8_hint: &'static str,
    /// Set after the first error so iteration stops there.
    failed: bool,
    /// For a chunk of a larger table (a Spark partition): the number of
    /// data rows before it. Rows are then named by their place in the whole
    /// table, and lines (which only exist in the chunk) are not named.
    row_offset: Option<u64>,
}

impl<R: Read> CsvSource<R> {
    fn new(reader: R, file: PathBuf) -> Result<Self> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            // A wrong number of fields is an error, reported with its row.
            .flexible(false)
            .from_reader(QuoteCheck::new(reader));
        // Read lossily: a column is found by its name, and a name with a
        // bad byte (`coment\xe1rio`) is not one nazar reads; the data rows
        // are checked.
        let headers: csv::StringRecord = reader
            .byte_headers()
            .map_err(|e| csv_error::<R>(&file, &Columns { names: vec![] }, None, None, "", e))?
            .iter()
            .map(String::from_utf8_lossy)
            .collect();
        let columns = Columns::new(&headers);
        Ok(CsvSource {
            reader,
            file,
            columns,
            record: csv::StringRecord::new(),
            lossy: None,
            utf8_hint: "",
            failed: false,
            row_offset: None,
        })
    }

    /// Reads the next record into `self.record`; `Ok(false)` at the end.
    fn read_into_record(&mut self) -> csv::Result<bool> {
        let Some(lossy) = &mut self.lossy else {
            return self.reader.read_record(&mut self.record);
        };
        if !self.reader.read_byte_record(&mut lossy.bytes)? {
            return Ok(false);
        }
        // Into the record the strict path reads into: its buffers are reused.
        self.record.clear();
        lossy.replaced_fields.clear();
        for (i, field) in lossy.bytes.iter().enumerate() {
            let text = String::from_utf8_lossy(field);
            if matches!(text, std::borrow::Cow::Owned(_)) {
                lossy.replaced_fields.push(i);
            }
            self.record.push_field(&text);
        }
        self.record.set_position(lossy.bytes.position().cloned());
        lossy.replaced_rows += u64::from(!lossy.replaced_fields.is_empty());
        Ok(true)
    }

    /// Reads the next record; `Ok(None)` at the end.
    fn next_record(&mut self) -> Result<Option<RowRef<'_>>> {
        if self.failed {
            return Ok(None);
        }
        match self.read_into_record() {
            Ok(true) => {
                let pos = self.record.position();
                let offset = self.row_offset;
                Ok(Some(RowRef {
                    record: &self.record,
                    replaced: self.lossy.as_ref().map_or(&[], |l| &l.replaced_fields),
                    file: &self.file,
                    columns: &self.columns,
                    row: pos.map_or(0, |p| p.record()) + offset.unwrap_or(0),
                    line: pos
                        .and_then(|p| self.reader.get_ref().line(p))
                        .filter(|_| offset.is_none()),
                }))
            }
            Ok(false) => Ok(None),
            Err(e) => {
                self.failed = true;
                let check = Some(self.reader.get_ref());
                Err(csv_error(
                    &self.file,
                    &self.columns,
                    self.row_offset,
                    check,
                    self.utf8_hint,
                    e,
                ))
            }
        }
    }
}

/// The state of a lossy read (see `CsvSource::lossy`).
#[derive(Default)]
struct Lossy {
    bytes: csv::ByteRecord,
    /// The fields of the current record whose bytes were replaced.
    replaced_fields: Vec<usize>,
    replaced_rows: u64,
}

/// One record with what is needed to name its fields in errors.
struct RowRef<'a> {
    record: &'a csv::StringRecord,
    /// The fields a lossy read replaced bytes in.
    replaced: &'a [usize],
    file: &'a Path,
    columns: &'a Columns,
    row: u64,
    line: Option<u64>,
}

impl RowRef<'_> {
    fn location(&self, column: usize) -> Location {
        let name = self
            .columns
            .names
            .get(column)
            .map_or_else(|| (column + 1).to_string(), |n| n.trim().to_string());
        let loc = Location::file(self.file);
        let loc = match self.line {
            Some(line) => loc.with_line(line),
            None => loc,
        };
        loc.with_row(self.row).with_column(name)
    }

    fn field(&self, column: usize) -> &str {
        self.record.get(column).unwrap_or("").trim()
    }

    fn optional(&self, column: Option<usize>) -> Option<&str> {
        column.map(|c| self.field(c)).filter(|s| !s.is_empty())
    }

    /// An id must be read as written: ids that differ only in invalid bytes
    /// would read alike once replaced, and run together.
    fn check_id_bytes(&self, column: usize) -> Result<()> {
        if self.replaced.contains(&column) {
            return Err(Error::input(
                self.location(column),
                "invalid UTF-8 in an id: `--lossy` replaces invalid bytes in text only, since \
                 ids differing in them would read alike (`p\\xff1` and `p\\xfe1` both as \
                 `p\u{FFFD}1`); convert the file to UTF-8",
            ));
        }
        Ok(())
    }

    fn product_id(&self, column: usize) -> Result<ProductId> {
        self.check_id_bytes(column)?;
        let id = self.field(column);
        if id.is_empty() {
            return Err(Error::input(
                self.location(column),
                "empty product id: every row needs one",
            ));
        }
        Ok(ProductId::from(id))
    }
}

/// Turns a csv crate error into a located nazar error.
/// `check` knows the lines (see `QuoteCheck::line`); without it, the `csv`
/// crate's count, right for the header.
fn csv_error<R>(
    file: &Path,
    columns: &Columns,
    row_offset: Option<u64>,
    check: Option<&QuoteCheck<R>>,
    utf8_hint: &str,
    e: csv::Error,
) -> Error {
    let located = |pos: Option<&csv::Position>| {
        let loc = Location::file(file);
        match (pos, row_offset) {
            (Some(p), None) => match check.map_or(Some(p.line()), |c| c.line(p)) {
                Some(line) => loc.with_line(line).with_row(p.record()),
                None => loc.with_row(p.record()),
            },
            (Some(p), Some(offset)) => loc.with_row(p.record() + offset),
            (None, _) => loc,
        }
    };
    // A chunk's lines are not the table's (see `row_offset`).
    if let Some(err) = QuoteError::error_in(&e, file, row_offset.is_none()) {
        return err;
    }
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::io(Location::file(file), io),
        csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => {
            // The first field that is missing, or the first one too many.
            let (len, expected) = (len as usize, expected_len as usize);
            let column = if len < expected {
                columns
                    .names
                    .get(len)
                    .map_or_else(|| (len + 1).to_string(), |n| n.trim().to_string())
            } else {
                (expected + 1).to_string()
            };
            Error::input(
                located(pos.as_ref()).with_column(column),
                format!(
                    "malformed row: {len} fields where the header has {expected} \
                     (a stray comma or an unclosed quote?)"
                ),
            )
        }
        csv::ErrorKind::Utf8 { pos, err } => {
            let column = columns
                .names
                .get(err.field())
                .map_or_else(|| (err.field() + 1).to_string(), |n| n.trim().to_string());
            Error::input(
                located(pos.as_ref()).with_column(column),
                format!(
                    "invalid UTF-8 at byte {} of the field{utf8_hint}",
                    err.valid_up_to() + 1
                ),
            )
        }
        other => Error::input(located(None), format!("unreadable CSV: {other:?}")),
    }
}

fn open(path: &Path) -> Result<BufReader<File>> {
    let file = File::open(path).map_err(|e| Error::io(Location::file(path), e))?;
    Ok(BufReader::with_capacity(1 << 16, file))
}

/// A whole, non-negative number, accepting `12.0` but not `12.5`.
fn parse_count(s: &str) -> std::result::Result<u64, String> {
    // 2^53: beyond it f64 no longer holds every whole number, and no count
    // of sales or comments comes near it.
    const MAX: u64 = 1 << 53;
    let whole = match s.parse::<u64>() {
        Ok(n) => n,
        Err(_) => match s.parse::<f64>() {
            Ok(x) if x.is_nan() || x.is_infinite() => return Err(format!("`{s}` is not a number")),
            Ok(x) if x < 0.0 => return Err(format!("`{s}` is negative")),
            Ok(x) if x.fract() != 0.0 => return Err(format!("`{s}` is not a whole number")),
            // Saturating: anything past u64 is past MAX too.
            Ok(x) => x as u64,
            Err(_) => return Err(format!("`{s}` is not a number")),
        },
    };
    if whole <= MAX {
        Ok(whole)
    } else {
        Err(format!("`{s}` is too large (at most 2^53)"))
    }
}

/// The located columns of a comments file.
#[derive(Debug, Clone, Copy)]
struct CommentColumns {
    product_id: usize,
    text: usize,
    comment_id: Option<usize>,
    rating: Option<usize>,
    created_at: Option<usize>,
    lang: Option<usize>,
}

/// Streams [`CommentRecord`]s from a comments CSV.
pub struct CommentReader<R: Read> {
    source: CsvSource<R>,
    columns: CommentColumns,
}

impl CommentReader<BufReader<File>> {
    /// Opens the comments file at `path`.
    pub fn open(path: &Path) -> Result<Self> {
        CommentReader::new(open(path)?, path)
    }
}

impl<R: Read> CommentReader<R> {
    /// Reads comments from `reader`, naming it `name` in errors. Fails if
    /// the header lacks a required column.
    pub fn new(reader: R, name: impl Into<PathBuf>) -> Result<Self> {
        let mut source = CsvSource::new(reader, name.into())?;
        source.utf8_hint =
            " (reading with lossy replacement, `--lossy` in `nazar flag` or `CommentReader::lossy`, replaces it with U+FFFD)";
        let (c, f) = (&source.columns, source.file.as_path());
        let columns = CommentColumns {
            product_id: c.require("product_id", f)?,
            text: c.require("text", f)?,
            comment_id: c.find("comment_id", f)?,
            rating: c.find("rating", f)?,
            created_at: c.find("created_at", f)?,
            lang: c.find("lang", f)?,
        };
        Ok(CommentReader { source, columns })
    }

    /// Reads a chunk of a larger table that has `rows_before` data rows
    /// before it (a Spark partition): rows are numbered, and comments
    /// without an id named, by their place in the whole table, so the
    /// chunks of a table fold into the same stats as the table read at
    /// once. Errors name the row but no line.
    pub fn with_row_offset(mut self, rows_before: u64) -> Self {
        self.source.row_offset = Some(rows_before);
        self
    }

    /// Replaces invalid UTF-8 with U+FFFD instead of failing on it, except
    /// in `product_id` and `comment_id` (ids differing only in invalid bytes
    /// would read alike); see [`CommentReader::replaced_rows`].
    pub fn lossy(mut self) -> Self {
        self.source.lossy = Some(Lossy::default());
        self
    }

    /// Rows read so far in which invalid UTF-8 was replaced (lossy mode).
    pub fn replaced_rows(&self) -> u64 {
        self.source.lossy.as_ref().map_or(0, |l| l.replaced_rows)
    }

    fn read(&mut self) -> Result<Option<CommentRecord>> {
        let cols = self.columns;
        let Some(row) = self.source.next_record()? else {
            return Ok(None);
        };
        let product_id = row.product_id(cols.product_id)?;
        if let Some(c) = cols.comment_id {
            row.check_id_bytes(c)?;
        }
        let comment_id = match row.optional(cols.comment_id) {
            Some(id) => CommentId::from(id),
            None => CommentId::from(row.row.to_string()),
        };
        let rating = match (cols.rating, row.optional(cols.rating)) {
            (Some(c), Some(s)) => match parse_count(s) {
                Ok(r) if r <= 5 => Some(r as u8),
                Ok(_) => {
                    return Err(Error::input(
                        row.location(c),
                        format!(
                    "rating `{s}` is out of range: expected a whole number of stars from 0 to 5"
                ),
                    ))
                }
                Err(why) => {
                    return Err(Error::input(
                        row.location(c),
                        format!("rating {why}: expected a whole number of stars from 0 to 5"),
                    ))
                }
            },
            _ => None,
        };
        let lang = match (cols.lang, row.optional(cols.lang)) {
            (Some(_), Some(s)) if s.eq_ignore_ascii_case("auto") => None,
            (Some(c), Some(s)) => match Lang::from_str(s) {
                Ok(l) => Some(l),
                Err(e) => return Err(Error::input(row.location(c), e.to_string())),
            },
            _ => None,
        };
        Ok(Some(CommentRecord {
            comment_id,
            product_id,
            // The text is kept as written (untrimmed): match offsets refer
            // to it.
            text: row.record.get(cols.text).unwrap_or("").to_string(),
            rating,
            created_at: row.optional(cols.created_at).map(str::to_string),
            lang,
        }))
    }
}

impl<R: Read> Iterator for CommentReader<R> {
    type Item = Result<CommentRecord>;

    fn next(&mut self) -> Option<Self::Item> {
        self.read().transpose()
    }
}

/// The located columns of a sales file.
#[derive(Debug, Clone, Copy)]
struct SalesColumns {
    product_id: usize,
    sales: usize,
    category: Option<usize>,
    period: Option<usize>,
}

/// Streams [`SalesRecord`]s from a sales CSV.
pub struct SalesReader<R: Read> {
    source: CsvSource<R>,
    columns: SalesColumns,
}

impl SalesReader<BufReader<File>> {
    /// Opens the sales file at `path`.
    pub fn open(path: &Path) -> Result<Self> {
        SalesReader::new(open(path)?, path)
    }
}

impl<R: Read> SalesReader<R> {
    /// Reads sales rows from `reader`, naming it `name` in errors. Fails if
    /// the header lacks a required column.
    pub fn new(reader: R, name: impl Into<PathBuf>) -> Result<Self> {
        let source = CsvSource::new(reader, name.into())?;
        let (c, f) = (&source.columns, source.file.as_path());
        let columns = SalesColumns {
            product_id: c.require("product_id", f)?,
            sales: c.require("sales", f)?,
            category: c.find("category", f)?,
            period: c.find("period", f)?,
        };
        Ok(SalesReader { source, columns })
    }

    /// Reads a chunk of a larger table that has `rows_before` data rows
    /// before it (or a table written out as CSV by the caller, with 0):
    /// errors name the row in the whole table but no line.
    pub fn with_row_offset(mut self, rows_before: u64) -> Self {
        self.source.row_offset = Some(rows_before);
        self
    }

    /// True when the file has a `period` column.
    pub fn has_period(&self) -> bool {
        self.columns.period.is_some()
    }

    /// True when the file has a `category` column.
    pub fn has_category(&self) -> bool {
        self.columns.category.is_some()
    }

    /// The file's name, as used in errors.
    pub fn file(&self) -> &Path {
        &self.source.file
    }

    /// Reads the next row with its 1-based data row number.
    pub fn next_row(&mut self) -> Result<Option<(u64, SalesRecord)>> {
        let cols = self.columns;
        let Some(row) = self.source.next_record()? else {
            return Ok(None);
        };
        let product_id = row.product_id(cols.product_id)?;
        let raw = row.field(cols.sales);
        let sales = match parse_count(raw) {
            Ok(n) => n,
            Err(_) if raw.is_empty() => {
                return Err(Error::input(
                    row.location(cols.sales),
                    "empty sales: expected a whole number of units sold, 0 or more",
                ))
            }
            Err(why) => {
                return Err(Error::input(
                    row.location(cols.sales),
                    format!("sales {why}: expected a whole number of units sold, 0 or more"),
                ))
            }
        };
        Ok(Some((
            row.row,
            SalesRecord {
                product_id,
                sales,
                category: row.optional(cols.category).map(Category::from),
                period: row.optional(cols.period).map(Period::from),
            },
        )))
    }

    /// The location of `column` in data row `row`, for errors found after
    /// reading (a category that contradicts an earlier row).
    pub fn location(&self, row: u64, column: &str) -> Location {
        Location::file(&self.source.file)
            .with_row(row)
            .with_column(column)
    }
}

impl<R: Read> Iterator for SalesReader<R> {
    type Item = Result<SalesRecord>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_row().map(|r| r.map(|(_, s)| s)).transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comments(csv: &str) -> Result<Vec<CommentRecord>> {
        CommentReader::new(csv.as_bytes(), "c.csv")?.collect()
    }

    fn sales(csv: &str) -> Result<Vec<SalesRecord>> {
        SalesReader::new(csv.as_bytes(), "s.csv")?.collect()
    }

    #[test]
    fn comments_with_every_column() {
        let csv = "\u{feff}comment_id,product_id,text,rating,created_at,lang\r\n\
                   a,p1,\" Não chegou\r\nnada \",1,2018-08-15 00:00:00,pt\r\n\
                   ,p2,ok,,,\r\n";
        let got = comments(csv).expect("valid");
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].comment_id.as_str(), "a");
        assert_eq!(got[0].text, " Não chegou\r\nnada ");
        assert_eq!(got[0].rating, Some(1));
        assert_eq!(got[0].lang, Some(Lang::Pt));
        assert_eq!(got[0].created_at.as_deref(), Some("2018-08-15 00:00:00"));
        // An empty id becomes the data row number.
        assert_eq!(got[1].comment_id.as_str(), "2");
        assert_eq!((got[1].rating, got[1].lang), (None, None));
    }

    #[test]
    fn a_chunk_names_rows_by_their_place_in_the_whole_table() {
        let csv = "product_id,text,rating\np,a,1\np,b,9\n";
        let mut chunk = CommentReader::new(csv.as_bytes(), "comments")
            .expect("header")
            .with_row_offset(1000);
        let first = chunk.next().expect("row").expect("valid");
        assert_eq!(
            first.comment_id.as_str(),
            "1001",
            "ids count from the offset"
        );
        let msg = chunk
            .next()
            .expect("row")
            .expect_err("bad rating")
            .to_string();
        assert!(
            msg.contains("row 1002") && msg.contains("column rating"),
            "{msg}"
        );
        assert!(!msg.contains("line"), "a chunk's lines mean nothing: {msg}");

        let torn = "product_id,text\np,a\np\n";
        let msg = CommentReader::new(torn.as_bytes(), "comments")
            .expect("header")
            .with_row_offset(10)
            .nth(1)
            .expect("row")
            .expect_err("torn")
            .to_string();
        assert!(msg.contains("row 12") && !msg.contains("line"), "{msg}");
    }

    #[test]
    fn comments_with_only_required_columns_in_any_order() {
        let got = comments("Text, Product_ID \nhello,p\nbye,q\n").expect("valid");
        let ids: Vec<(&str, &str)> = got
            .iter()
            .map(|c| (c.comment_id.as_str(), c.product_id.as_str()))
            .collect();
        assert_eq!(ids, [("1", "p"), ("2", "q")]);
    }

    #[test]
    fn sales_rows() {
        let got =
            sales("product_id,sales,category,period\np,12,toys,2018-11\nq,3.0,,\n").expect("valid");
        assert_eq!(got[0].sales, 12);
        assert_eq!(got[0].category, Some(Category::from("toys")));
        assert_eq!(got[0].period, Some(Period::from("2018-11")));
        assert_eq!((got[1].sales, got[1].category.is_none()), (3, true));
    }

    #[test]
    fn bad_input_names_file_row_and_column() {
        // (which file, content, expected pieces of the message)
        let table: &[(&str, &str, &[&str])] = &[
            (
                "sales",
                "product_id,category\np,x\n",
                &[
                    "s.csv",
                    "line 1",
                    "column sales",
                    "missing required column `sales`",
                    "the header has: product_id, category",
                ],
            ),
            (
                "sales",
                "product_id,sales\np,1\nq,-3\n",
                &["s.csv", "row 2", "column sales", "negative"],
            ),
            (
                "sales",
                "product_id,sales\np,many\n",
                &["row 1", "column sales", "not a number"],
            ),
            (
                "sales",
                "product_id,sales\np,1.5\n",
                &["row 1", "not a whole number"],
            ),
            (
                "sales",
                "product_id,sales\np,99999999999999999999\n",
                &["row 1", "too large"],
            ),
            (
                "sales",
                "product_id,sales\np,1\np,18446744073709551615\n",
                &["row 2", "too large"],
            ),
            (
                "sales",
                "product_id;sales\np;1\n",
                &["line 1", "seems separated by ';'", "comma-separated"],
            ),
            (
                "sales",
                "product_id,sales\np,\n",
                &["row 1", "column sales", "empty sales"],
            ),
            (
                "sales",
                "product_id,sales\n p ,1\n  ,2\n",
                &["row 2", "column product_id", "empty product id"],
            ),
            (
                "sales",
                "product_id,sales\np,1\nq,2,extra\n",
                &[
                    "s.csv",
                    "row 2",
                    "line 3",
                    "3 fields where the header has 2",
                ],
            ),
            (
                "sales",
                "",
                &[
                    "line 1",
                    "missing required column `product_id`",
                    "no header",
                ],
            ),
            (
                "sales",
                "product_id,sales,Sales\np,1,2\n",
                &["column sales", "appears twice"],
            ),
            (
                "comments",
                "product_id,comment\np,hi\n",
                &[
                    "c.csv",
                    "line 1",
                    "column text",
                    "the header has: product_id, comment",
                ],
            ),
            (
                "comments",
                "product_id,text,rating\np,hi,5\np,ho,five\n",
                &["c.csv", "row 2", "column rating", "not a number"],
            ),
            (
                "comments",
                "product_id,text,rating\np,hi,7\n",
                &["row 1", "out of range"],
            ),
            (
                "comments",
                "product_id,text,lang\np,hi,de\n",
                &["row 1", "column lang", "unknown language"],
            ),
            (
                "comments",
                "product_id,text\n\"multi\nline\",x\n,hi\n",
                &["row 2", "line 4", "column product_id", "empty product id"],
            ),
        ];
        for (which, csv, pieces) in table {
            let err = match *which {
                "sales" => sales(csv).expect_err(csv),
                _ => comments(csv).expect_err(csv),
            };
            assert!(err.is_bad_input(), "{csv}: {err}");
            let msg = err.to_string();
            for piece in *pieces {
                assert!(msg.contains(piece), "{csv:?}: {msg:?} lacks {piece:?}");
            }
        }
    }

    #[test]
    fn invalid_utf8_names_the_column() {
        let bytes: &[u8] = b"product_id,text\np,ok\nq,bad \xff\n";
        let err = CommentReader::new(bytes, "c.csv")
            .expect("header")
            .collect::<Result<Vec<_>>>()
            .expect_err("bad utf-8");
        let msg = err.to_string();
        assert!(
            msg.contains("row 2") && msg.contains("column text"),
            "{msg}"
        );
    }

    #[test]
    fn a_utf16_file_is_named_for_what_it_is() {
        // Excel's "Unicode text": UTF-16 with a byte order mark, tabs.
        let mut bytes = vec![0xFF, 0xFE];
        for b in "product_id\tsales\np\t1\n".bytes() {
            bytes.extend([b, 0]);
        }
        let err = SalesReader::new(bytes.as_slice(), "s.csv")
            .err()
            .expect("no sales column");
        let msg = err.to_string();
        assert!(err.is_bad_input(), "{msg}");
        assert!(
            msg.contains("line 1") && msg.contains("seems to be UTF-16"),
            "{msg}"
        );
        assert!(!msg.contains('\0'), "{msg:?}");
    }

    #[test]
    fn iteration_stops_after_an_error() {
        let mut r =
            SalesReader::new("product_id,sales\np,x\nq,1\n".as_bytes(), "s.csv").expect("header");
        assert!(r.next().is_some_and(|r| r.is_err()));
        // The reader moved past the bad row; the caller decides to stop,
        // and the next good row is still readable.
        assert!(r.next().is_some_and(|r| r.is_ok()));
        let mut r =
            SalesReader::new("product_id,sales\np,1,2\nq,1\n".as_bytes(), "s.csv").expect("header");
        assert!(r.next().is_some_and(|r| r.is_err()));
        assert!(r.next().is_none(), "a malformed CSV stops the reader");
    }
}
