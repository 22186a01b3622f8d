//! Streaming reader for the CSV input of `nazar tag`.
//!
//! One record at a time (memory does not grow with the file); every problem
//! is an [`Error`] naming the file, the data row (the header is row 0), the
//! line where the record starts and the column. A UTF-8 byte-order mark
//! before the header, CRLF line ends and quoted fields with newlines are
//! accepted. Columns are found by exact name after trimming; a column named
//! twice is an error, unknown columns are ignored.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::csv_quotes::{header_hint, QuoteCheck, QuoteError};
use crate::error::{Error, Location, Result};
use crate::lang::Lang;

/// A row to tag: its id, its text as written, and its language when the
/// file has a non-empty `lang` column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagRow {
    /// The id column, or the 1-based data row number without one.
    pub id: String,
    /// The text column, untrimmed (match offsets refer to it).
    pub text: String,
    /// The `lang` column (`fa`, `en`, `pt`), `None` when absent or empty.
    pub lang: Option<Lang>,
}

/// Streams [`TagRow`]s from a CSV file with a header row.
///
/// ```
/// use nazar::tag::input::TagCsvReader;
///
/// let csv = "\u{feff}id,text\r\n7,\"veio quebrado,\nnão recomendo\"\r\n";
/// let mut rows = TagCsvReader::new(csv.as_bytes(), "in.csv", "text", "id", false)?;
/// let row = rows.next_row()?.expect("one row");
/// assert_eq!((row.id.as_str(), row.text.as_str()), ("7", "veio quebrado,\nnão recomendo"));
/// assert!(rows.next_row()?.is_none());
/// # Ok::<(), nazar::Error>(())
/// ```
pub struct TagCsvReader<R: Read> {
    reader: csv::Reader<QuoteCheck<R>>,
    name: PathBuf,
    text: usize,
    id: Option<usize>,
    lang: Option<usize>,
    row: u64,
    lossy: bool,
    replaced: u64,
    record: csv::ByteRecord,
    headers: Vec<String>,
    id_col: String,
}

impl<R: Read> TagCsvReader<R> {
    /// Reads the header of `reader` (named `name` in errors) and finds the
    /// `text_col`, `id_col` and `lang` columns; fails when `text_col` is
    /// missing or a column is named twice. With `lossy`, invalid UTF-8 in a
    /// field is replaced with U+FFFD (and counted) instead of failing.
    pub fn new(
        reader: R,
        name: impl Into<PathBuf>,
        text_col: &str,
        id_col: &str,
        lossy: bool,
    ) -> Result<Self> {
        let name = name.into();
        let mut reader = csv::ReaderBuilder::new()
            .flexible(false)
            .from_reader(QuoteCheck::new(reader));
        let headers = reader
            .byte_headers()
            .map_err(|e| csv_error::<R>(&name, e, None))?
            .iter()
            .map(|h| {
                String::from_utf8_lossy(h)
                    .trim_start_matches('\u{FEFF}')
                    .trim()
                    .to_string()
            })
            .collect::<Vec<_>>();
        // As written, or else in any case (`Text` for `text`, as `nazar
        // flag` reads its columns); twice either way is an error.
        let find = |col: &str| -> Result<Option<usize>> {
            let exact = headers.iter().any(|h| h == col);
            let mut found = headers.iter().enumerate().filter(|(_, h)| {
                if exact {
                    *h == col
                } else {
                    h.eq_ignore_ascii_case(col)
                }
            });
            let first = found.next().map(|(i, _)| i);
            if let Some((second, _)) = found.next() {
                return Err(Error::input(
                    Location::file(&name).with_line(1).with_column(col),
                    format!(
                        "column {col:?} appears twice in the header (columns {} and {}); keep one",
                        first.map_or(0, |i| i + 1),
                        second + 1
                    ),
                ));
            }
            Ok(first)
        };
        let text = find(text_col)?.ok_or_else(|| {
            missing_column(
                &name,
                &headers,
                text_col,
                "use --text-col, or --lines for plain text",
            )
        })?;
        let id = find(id_col)?;
        let lang = find("lang")?;
        Ok(TagCsvReader {
            reader,
            name,
            text,
            id,
            lang,
            row: 0,
            lossy,
            replaced: 0,
            record: csv::ByteRecord::new(),
            headers,
            id_col: id_col.to_string(),
        })
    }

    /// Fails unless the header has the id column: for an id column the
    /// caller named, where numbering the rows instead would give every
    /// row a wrong id.
    pub fn require_id(&self) -> Result<()> {
        match self.id {
            Some(_) => Ok(()),
            None => Err(missing_column(
                &self.name,
                &self.headers,
                &self.id_col,
                "check --id-col",
            )),
        }
    }

    /// Data rows read so far.
    pub fn rows(&self) -> u64 {
        self.row
    }

    /// Rows in which invalid UTF-8 was replaced (lossy mode).
    pub fn replaced(&self) -> u64 {
        self.replaced
    }

    /// Reads the next row; `Ok(None)` at the end of the file.
    pub fn next_row(&mut self) -> Result<Option<TagRow>> {
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => return Ok(None),
            Ok(true) => {}
            Err(e) => return Err(csv_error(&self.name, e, Some(self.reader.get_ref()))),
        }
        self.row += 1;
        let check = self.reader.get_ref();
        let line = self.record.position().and_then(|p| check.line(p));
        let loc = |col: &str| {
            let loc = Location::file(&self.name).with_row(self.row);
            match line {
                Some(line) => loc.with_line(line),
                None => loc,
            }
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
                        code.trim()
                            .parse::<Lang>()
                            .map_err(|e| Error::input(loc("lang"), e.to_string()))?,
                    )
                }
            }
            None => None,
        };
        if replaced {
            self.replaced += 1;
        }
        Ok(Some(TagRow { id, text, lang }))
    }
}

impl<R: Read> Iterator for TagCsvReader<R> {
    type Item = Result<TagRow>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_row().transpose()
    }
}

/// The error for a column the header lacks, listing what it has (or
/// saying the input is empty).
fn missing_column(name: &Path, headers: &[String], col: &str, hint: &str) -> Error {
    let loc = Location::file(name).with_line(1).with_column(col);
    if headers.iter().all(|h| h.is_empty()) {
        return Error::input(
            loc,
            format!("the input is empty: a header with a {col:?} column was expected"),
        );
    }
    let found = headers
        .iter()
        .map(|h| format!("{:?}", h.replace('\0', "")))
        .collect::<Vec<_>>()
        .join(", ");
    let hint = header_hint(headers).unwrap_or_else(|| hint.to_string());
    Error::input(
        loc,
        format!("no {col:?} column in the header (found: {found}); {hint}"),
    )
}

/// A CSV error with the file, row and line it happened at (`check` knows
/// the lines; without it, the `csv` crate's count, right for the header).
fn csv_error<R>(name: &Path, e: csv::Error, check: Option<&QuoteCheck<R>>) -> Error {
    if let Some(err) = QuoteError::error_in(&e, name, true) {
        return err;
    }
    let mut loc = Location::file(name);
    if let Some(p) = e.position() {
        let line = check.map_or(Some(p.line()), |c| c.line(p));
        if let Some(line) = line {
            loc = loc.with_line(line);
        }
        loc = loc.with_row(p.record());
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

#[cfg(test)]
mod tests {
    use super::*;

    fn read(csv: &[u8], lossy: bool) -> Result<(Vec<TagRow>, u64)> {
        let mut r = TagCsvReader::new(csv, "t.csv", "text", "id", lossy)?;
        let rows = r.by_ref().collect::<Result<Vec<_>>>()?;
        Ok((rows, r.replaced()))
    }

    #[test]
    fn bom_crlf_quotes_and_embedded_newlines() {
        let (rows, _) = read(
            "\u{feff}id,text,lang\r\na,\"say \"\"hi\"\",\r\nthen go\",en\r\nb,plain, \r\n"
                .as_bytes(),
            false,
        )
        .expect("valid");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].text, "say \"hi\",\r\nthen go");
        assert_eq!(rows[0].lang, Some(Lang::En));
        assert_eq!((rows[1].id.as_str(), rows[1].lang), ("b", None));
    }

    #[test]
    fn missing_and_extra_columns_name_the_row_and_line() {
        for csv in ["id,text\n1,a\n2\n", "id,text\n1,a\n2,b,c\n"] {
            let msg = read(csv.as_bytes(), false).expect_err(csv).to_string();
            assert!(
                msg.contains("row 2") && msg.contains("line 3"),
                "{csv:?}: {msg}"
            );
            assert!(msg.contains("fields where the header has 2"), "{msg}");
        }
    }

    #[test]
    fn a_column_named_twice_is_an_error() {
        let msg = read(b"text,id,text\na,1,b\n", false)
            .expect_err("duplicate")
            .to_string();
        assert!(
            msg.contains("\"text\" appears twice") && msg.contains("columns 1 and 3"),
            "{msg}"
        );
        // A duplicated column nazar does not read is ignored.
        let (rows, _) = read(b"x,text,x\n1,a,2\n", false).expect("unused duplicate");
        assert_eq!(rows[0].text, "a");
    }

    #[test]
    fn a_utf16_file_is_named_for_what_it_is() {
        let mut bytes = vec![0xFF, 0xFE];
        for b in "text\nhello\n".bytes() {
            bytes.extend([b, 0]);
        }
        let msg = read(&bytes, false).expect_err("utf-16").to_string();
        assert!(
            msg.contains("seems to be UTF-16") && !msg.contains('\0'),
            "{msg:?}"
        );
    }

    #[test]
    fn columns_are_found_as_written_or_else_in_any_case() {
        // The Amazon reviews' header: `Id`, ..., `Text`.
        let (rows, _) = read(b"Id,Summary,Text\n7,Yum,good stuff\n", false).expect("any case");
        assert_eq!(
            (rows[0].id.as_str(), rows[0].text.as_str()),
            ("7", "good stuff")
        );
        // The name as written wins over another case of it.
        let (rows, _) = read(b"Text,text\nA,b\n", false).expect("exact wins");
        assert_eq!(rows[0].text, "b");
        // Two other cases of it, and none as written, are ambiguous.
        let msg = read(b"TEXT,Text\na,b\n", false)
            .expect_err("twice")
            .to_string();
        assert!(msg.contains("\"text\" appears twice"), "{msg}");
    }

    #[test]
    fn invalid_utf8_fails_or_is_replaced_and_counted() {
        let csv = b"id,text\n1,ok\n2,bad \xff byte\n";
        let msg = read(csv, false).expect_err("strict").to_string();
        assert!(
            msg.contains("row 2") && msg.contains("column text") && msg.contains("byte 5"),
            "{msg}"
        );
        let (rows, replaced) = read(csv, true).expect("lossy");
        assert_eq!(rows[1].text, "bad \u{FFFD} byte");
        assert_eq!(replaced, 1);
    }

    #[test]
    fn an_invalid_utf8_header_does_not_panic() {
        let (rows, _) = read(b"\xff,text\n1,a\n", false).expect("header is lossy");
        assert_eq!(rows[0].text, "a");
    }
}
