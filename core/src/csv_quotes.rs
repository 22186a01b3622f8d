//! Strict quoting for the CSV readers.
//!
//! The `csv` crate reads leniently: text after a closing quote is glued to
//! the field (`"bad" thing`), and a quote that is never closed runs the
//! field on to the end of the file. Either way a stray quote silently
//! merges the rows after it into one comment, and the counts come out
//! wrong. [`QuoteCheck`] reads the bytes on their way to the CSV reader and
//! fails, naming the line, where RFC 4180 quoting breaks: a closing quote
//! followed by anything but a comma, another quote or the end of the line,
//! or a quoted field still open at the end of the input. A quote inside an
//! unquoted field (`12" pizza`) stays text, as the `csv` crate reads it.

use std::fmt;
use std::io::{self, Read};
use std::path::Path;

use crate::error::{Error, Location};

/// Where the quoting of a CSV input breaks, as the error inside the
/// `io::Error` that [`QuoteCheck`] returns (kind `InvalidData`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QuoteError {
    /// The 1-based line of the input where the break was found.
    pub line: u64,
    /// What is wrong, without the place.
    pub message: String,
}

impl fmt::Display for QuoteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for QuoteError {}

impl QuoteError {
    /// The input error for a CSV error that is a quote error (from the
    /// reader of `file`), naming its line when `lines` (a chunk of a larger
    /// table has none of the table's); `None` for any other CSV error.
    pub fn error_in(e: &csv::Error, file: &Path, lines: bool) -> Option<Error> {
        let csv::ErrorKind::Io(io) = e.kind() else {
            return None;
        };
        let q = io.get_ref()?.downcast_ref::<QuoteError>()?;
        let loc = Location::file(file);
        let loc = if lines { loc.with_line(q.line) } else { loc };
        Some(Error::input(loc, format!("malformed CSV: {}", q.message)))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// At the start of a field.
    Start,
    /// Inside a field that did not start with a quote.
    Unquoted,
    /// Inside a quoted field.
    Quoted,
    /// Just after a quote inside a quoted field: the closing quote, or the
    /// first of two that stand for one.
    AfterQuote,
}

/// How the lines of a CSV input end, as the first line break outside a
/// quoted field shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    Lf,
    CrLf,
    Cr,
}

/// A reader that passes a CSV input (comma-separated, `"`-quoted) through
/// unchanged and fails at broken quoting; see the module docs. It also
/// tells the lines the `csv` crate gets wrong (see [`QuoteCheck::line`]).
pub(crate) struct QuoteCheck<R> {
    inner: R,
    state: State,
    ending: Option<Ending>,
    /// The byte just read was a `\r` ending a line (outside quotes).
    after_cr: bool,
    /// The line being read, 1-based.
    line: u64,
    /// The line on which the open quoted field started.
    opened: u64,
    /// The error found, returned from every read from then on (the bytes
    /// before it were handed over first, so the rows before it are read).
    error: Option<QuoteError>,
}

impl<R: Read> QuoteCheck<R> {
    pub fn new(inner: R) -> Self {
        QuoteCheck {
            inner,
            state: State::Start,
            ending: None,
            after_cr: false,
            line: 1,
            opened: 0,
            error: None,
        }
    }

    /// Moves the state over `bytes`; the offset and byte of the first
    /// quoting error, if any.
    fn scan(&mut self, bytes: &[u8]) -> Option<(usize, u8)> {
        for (i, &b) in bytes.iter().enumerate() {
            if self.ending.is_none() && self.state != State::Quoted {
                match (self.after_cr, b) {
                    (true, b'\n') => self.ending = Some(Ending::CrLf),
                    (true, _) => {
                        // The `\r` just read ended the first line.
                        self.ending = Some(Ending::Cr);
                        self.line += 1;
                    }
                    (false, b'\n') => self.ending = Some(Ending::Lf),
                    _ => {}
                }
                self.after_cr = b == b'\r';
            } else if b == b'\r' && self.ending == Some(Ending::Cr) {
                self.line += 1;
            }
            self.state = match (self.state, b) {
                (State::Quoted, b'"') => State::AfterQuote,
                (State::Quoted, b'\n') => {
                    self.line += 1;
                    State::Quoted
                }
                (State::Quoted, _) => State::Quoted,
                (State::AfterQuote, b'"') => State::Quoted,
                (_, b'\n') => {
                    self.line += 1;
                    State::Start
                }
                (_, b',' | b'\r') => State::Start,
                (State::Start, b'"') => {
                    self.opened = self.line;
                    State::Quoted
                }
                (State::Start | State::Unquoted, _) => State::Unquoted,
                (State::AfterQuote, _) => return Some((i, b)),
            };
        }
        None
    }

    fn error(&self) -> Option<io::Error> {
        let e = self.error.clone()?;
        Some(io::Error::new(io::ErrorKind::InvalidData, e))
    }
}

impl<R> QuoteCheck<R> {
    /// The 1-based line on which the record at `pos` starts. The `csv`
    /// crate counts a line when it reads its `\n`, and reads the `\n` of a
    /// `\r\n` only with the next record, so it numbers every data record of
    /// a CRLF file one line short; it counts no line of a file whose lines
    /// end in `\r` alone, which gets `None`.
    pub fn line(&self, pos: &csv::Position) -> Option<u64> {
        match self.ending {
            Some(Ending::Cr) => None,
            Some(Ending::CrLf) if pos.record() > 0 => Some(pos.line() + 1),
            _ => Some(pos.line()),
        }
    }
}

impl<R: Read> Read for QuoteCheck<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(e) = self.error() {
            return Err(e);
        }
        let n = self.inner.read(buf)?;
        if n == 0 {
            if self.state == State::Quoted && !buf.is_empty() {
                self.error = Some(QuoteError {
                    line: self.opened,
                    message: "a quoted field starts here and is never closed (an unclosed \
                              quote?): every row after it would be read into this one field"
                        .to_string(),
                });
                return Err(self.error().expect("just set"));
            }
            return Ok(0);
        }
        let Some((at, b)) = self.scan(&buf[..n]) else {
            return Ok(n);
        };
        let shown = char::from(b).escape_default().to_string();
        let message = if self.opened == self.line {
            format!(
                "text ({shown:?}) after the closing quote of a quoted field: a quote inside a \
                 quoted field is written twice (\"\"), and a field that holds a quote is quoted \
                 as a whole"
            )
        } else {
            format!(
                "text ({shown:?}) after a quote that closes a field opened on line {}: probably \
                 an unclosed quote there, which took the rows in between into one field",
                self.opened
            )
        };
        self.error = Some(QuoteError {
            line: self.line,
            message,
        });
        if at > 0 {
            return Ok(at);
        }
        Err(self.error().expect("just set"))
    }
}

/// The separator a one-column header seems split by instead of commas (`;`
/// from a spreadsheet in many locales, a tab, a bar), for the error about
/// a column it lacks.
pub(crate) fn other_separator(headers: &[String]) -> Option<char> {
    match headers {
        [only] => [';', '\t', '|'].into_iter().find(|&c| only.contains(c)),
        _ => None,
    }
}

/// How [`other_separator`]'s finding is told to the user.
pub(crate) fn separator_hint(separator: char) -> String {
    format!("the file seems separated by {separator:?}, and nazar reads comma-separated CSV")
}

/// Why a header (read lossily) may lack the columns asked for, when its
/// look says: UTF-16 text (NUL bytes between the letters, as Excel's
/// "Unicode text" writes), or another separator than the comma.
pub(crate) fn header_hint(headers: &[String]) -> Option<String> {
    if headers.iter().any(|h| h.contains('\0')) {
        return Some(
            "the file seems to be UTF-16 (NUL bytes between the letters of the header, as \
             Excel's \"Unicode text\" writes), and nazar reads UTF-8: save it as \
             \"CSV UTF-8\""
                .to_string(),
        );
    }
    other_separator(headers).map(separator_hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `input` through the check in reads of `chunk` bytes.
    fn check(input: &str, chunk: usize) -> Result<String, QuoteError> {
        let mut reader = QuoteCheck::new(input.as_bytes());
        let mut out = Vec::new();
        let mut buf = vec![0; chunk];
        loop {
            match reader.read(&mut buf) {
                Ok(0) => return Ok(String::from_utf8(out).expect("utf-8")),
                Ok(n) => out.extend_from_slice(&buf[..n]),
                Err(e) => {
                    let inner = e.into_inner().expect("a quote error");
                    return Err(*inner.downcast::<QuoteError>().expect("a quote error"));
                }
            }
        }
    }

    #[test]
    fn valid_quoting_passes_through_unchanged() {
        for input in [
            "id,text\r\n1,\"say \"\"hi\"\"\"\r\n2,plain\r\n",
            "id,text\n1,\"two\nlines, and a comma\"\n2,\"\"\n",
            "a,b\n1,12\" pizza\n",
            "a,b\n\"x\",\"y\"",
            "",
        ] {
            for chunk in [1, 3, 64] {
                assert_eq!(check(input, chunk).as_deref(), Ok(input), "{input:?}");
            }
        }
    }

    #[test]
    fn text_after_a_closing_quote_names_its_line() {
        let err = check("id,text\n1,\"bad\" thing\n", 64).expect_err("stray quote");
        assert_eq!(err.line, 2);
        assert!(
            err.message.contains("after the closing quote"),
            "{}",
            err.message
        );
        // The same error whatever the reads' size.
        assert_eq!(check("id,text\n1,\"bad\" thing\n", 1), Err(err));
    }

    #[test]
    fn record_lines_are_right_for_every_line_ending() {
        for (ending, want) in [("\n", Some(4)), ("\r\n", Some(4)), ("\r", None)] {
            let input = ["id,text", "1,\"two", "lines\"", "2,b,extra", ""].join(ending);
            let mut reader = csv::ReaderBuilder::new()
                .flexible(true)
                .from_reader(QuoteCheck::new(input.as_bytes()));
            let mut record = csv::ByteRecord::new();
            let mut lines = Vec::new();
            while reader.read_byte_record(&mut record).expect("valid") {
                let pos = record.position().expect("position");
                lines.push(reader.get_ref().line(pos));
            }
            assert_eq!(lines.last().copied().flatten(), want, "{ending:?}");
            let first = if want.is_some() { Some(2) } else { None };
            assert_eq!(lines[0], first, "{ending:?}");
        }
    }

    #[test]
    fn an_unclosed_quote_that_swallows_rows_is_found() {
        // The quote opened on line 2 closes on line 4, before `bad`.
        let input = "product_id,text\np1,\"fake\np2,good\np3,\"bad\" thing\np4,ok\n";
        let err = check(input, 64).expect_err("unclosed");
        assert_eq!(err.line, 4);
        assert!(err.message.contains("opened on line 2"), "{}", err.message);
        // A quote never closed at all.
        let err = check("id,text\n1,\"good\n2,bad\n", 5).expect_err("unclosed");
        assert_eq!(err.line, 2);
        assert!(err.message.contains("never closed"), "{}", err.message);
    }
}
