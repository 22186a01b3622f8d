//! The crate-wide error type.
//!
//! Every error names where it happened (file, row, column, line) and what was
//! expected, because the people reading it are editing a CSV export or a
//! lexicon by hand and need to find the spot.

use std::fmt;
use std::path::PathBuf;

/// Where in an input an error was found. Every field is optional because
/// not every input has rows or columns (a text given on the command line has
/// neither).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    /// The file, when the input came from one.
    pub file: Option<PathBuf>,
    /// 1-based line number in the file.
    pub line: Option<u64>,
    /// 1-based data row for CSV inputs (the first row after the header is
    /// row 1; a problem with the header itself names line 1 instead).
    pub row: Option<u64>,
    /// Column name or 1-based column number.
    pub column: Option<String>,
}

impl Location {
    /// A location in `file`.
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Location {
            file: Some(file.into()),
            ..Location::default()
        }
    }

    /// Sets the 1-based line.
    pub fn with_line(mut self, line: u64) -> Self {
        self.line = Some(line);
        self
    }

    /// Sets the 1-based data row.
    pub fn with_row(mut self, row: u64) -> Self {
        self.row = Some(row);
        self
    }

    /// Sets the column (a name or a number).
    pub fn with_column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(column.into());
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(file) = &self.file {
            parts.push(file.display().to_string());
        }
        if let Some(line) = self.line {
            parts.push(format!("line {line}"));
        }
        if let Some(row) = self.row {
            parts.push(format!("row {row}"));
        }
        if let Some(column) = &self.column {
            parts.push(format!("column {column}"));
        }
        if parts.is_empty() {
            f.write_str("<input>")
        } else {
            f.write_str(&parts.join(", "))
        }
    }
}

/// The kinds of error nazar reports.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Input data that does not have the expected shape or content.
    #[error("{location}: {message}")]
    Input {
        /// Where the bad input is.
        location: Location,
        /// What was wrong and what was expected.
        message: String,
    },
    /// A lexicon file or table that cannot be used.
    #[error("{location}: {message}")]
    Lexicon {
        /// Where the problem is in the lexicon.
        location: Location,
        /// What was wrong and what was expected.
        message: String,
    },
    /// An I/O failure, with the path it concerned when known.
    #[error("{location}: {source}")]
    Io {
        /// The file being read or written.
        location: Location,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// A bad-input error at `location`.
    pub fn input(location: Location, message: impl Into<String>) -> Self {
        Error::Input {
            location,
            message: message.into(),
        }
    }

    /// A lexicon error at `location`.
    pub fn lexicon(location: Location, message: impl Into<String>) -> Self {
        Error::Lexicon {
            location,
            message: message.into(),
        }
    }

    /// An I/O error about `location`.
    pub fn io(location: Location, source: std::io::Error) -> Self {
        Error::Io { location, source }
    }

    /// Where the error happened.
    pub fn location(&self) -> &Location {
        match self {
            Error::Input { location, .. }
            | Error::Lexicon { location, .. }
            | Error::Io { location, .. } => location,
        }
    }

    /// True for errors caused by the caller's data or arguments (exit
    /// status 2 on the command line) rather than by the environment: bad
    /// rows and lexicons, and a path that does not exist (a file named
    /// wrongly, an output in a directory that is not there) or names a
    /// directory where a file was expected (or the other way round).
    pub fn is_bad_input(&self) -> bool {
        use std::io::ErrorKind;
        match self {
            Error::Input { .. } | Error::Lexicon { .. } => true,
            Error::Io { source, .. } => matches!(
                source.kind(),
                ErrorKind::NotFound | ErrorKind::IsADirectory | ErrorKind::NotADirectory
            ),
        }
    }
}

/// `Result` with nazar's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_names_every_part_given() {
        let loc = Location::file("sales.csv").with_row(3).with_column("sales");
        assert_eq!(loc.to_string(), "sales.csv, row 3, column sales");
        assert_eq!(Location::default().to_string(), "<input>");
    }

    #[test]
    fn bad_input_is_distinguished_from_io() {
        let e = Error::input(Location::default().with_line(2), "invalid UTF-8");
        assert!(e.is_bad_input());
        assert_eq!(e.to_string(), "line 2: invalid UTF-8");
        let io = Error::io(Location::file("x"), std::io::Error::other("boom"));
        assert!(!io.is_bad_input());
        let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert!(Error::io(Location::file("x"), missing).is_bad_input());
    }
}
