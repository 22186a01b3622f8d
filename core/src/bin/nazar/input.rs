//! Reading text inputs line by line, with UTF-8 errors named by line.

use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};

use nazar::{Error, Location, Result};

/// An input file or stdin, with the name used in error messages.
pub struct Input {
    reader: Box<dyn BufRead + Send>,
    name: PathBuf,
}

impl Input {
    /// Opens `path`, or stdin for `None` and `-`.
    pub fn open(path: Option<&Path>) -> Result<Self> {
        match path {
            None => Ok(Input::stdin()),
            Some(p) if p == Path::new("-") => Ok(Input::stdin()),
            Some(p) => {
                let file = File::open(p).map_err(|e| Error::io(Location::file(p), e))?;
                Ok(Input {
                    reader: Box::new(BufReader::with_capacity(1 << 16, file)),
                    name: p.into(),
                })
            }
        }
    }

    fn stdin() -> Self {
        Input {
            reader: Box::new(BufReader::new(io::stdin())),
            name: PathBuf::from("<stdin>"),
        }
    }

    /// The name used in error messages.
    pub fn name(&self) -> &Path {
        &self.name
    }

    /// Consumes the input as a reader (for CSV).
    pub fn into_reader(self) -> Box<dyn std::io::Read + Send> {
        Box::new(self.reader)
    }

    /// Reads lines, `\n` or `\r\n` terminated, as UTF-8.
    pub fn lines(self, lossy: bool) -> Lines {
        Lines {
            input: self,
            lossy,
            line: 0,
            replaced: 0,
            buf: Vec::new(),
        }
    }
}

/// Iterator over the lines of an [`Input`].
pub struct Lines {
    input: Input,
    lossy: bool,
    line: u64,
    replaced: u64,
    buf: Vec<u8>,
}

impl Lines {
    /// Lines in which invalid UTF-8 was replaced (lossy mode).
    pub fn replaced(&self) -> u64 {
        self.replaced
    }

    /// Lines read so far.
    pub fn line(&self) -> u64 {
        self.line
    }
}

impl Iterator for Lines {
    type Item = Result<String>;

    fn next(&mut self) -> Option<Self::Item> {
        self.buf.clear();
        match self.input.reader.read_until(b'\n', &mut self.buf) {
            Ok(0) => return None,
            Ok(_) => {}
            Err(e) => {
                let loc = Location::file(&self.input.name).with_line(self.line + 1);
                return Some(Err(Error::io(loc, e)));
            }
        }
        self.line += 1;
        // A byte-order mark opening the input says how it is encoded, and
        // is no part of the first line (offsets count from after it, as
        // Python's `utf-8-sig` and pandas read the file).
        if self.line == 1 && self.buf.starts_with(b"\xEF\xBB\xBF") {
            self.buf.drain(..3);
        }
        if self.buf.last() == Some(&b'\n') {
            self.buf.pop();
            if self.buf.last() == Some(&b'\r') {
                self.buf.pop();
            }
        }
        let bytes = std::mem::take(&mut self.buf);
        match String::from_utf8(bytes) {
            Ok(s) => Some(Ok(s)),
            Err(e) if self.lossy => {
                self.replaced += 1;
                Some(Ok(String::from_utf8_lossy(e.as_bytes()).into_owned()))
            }
            Err(e) => {
                let col = e.utf8_error().valid_up_to() + 1;
                let loc = Location::file(&self.input.name)
                    .with_line(self.line)
                    .with_column(format!("byte {col}"));
                // A UTF-16 byte order mark: replacing would not help.
                let utf16 = self.line == 1
                    && (e.as_bytes().starts_with(b"\xFF\xFE")
                        || e.as_bytes().starts_with(b"\xFE\xFF"));
                let message = if utf16 {
                    "invalid UTF-8: the file is UTF-16 (it opens with a UTF-16 byte order mark), \
                     and nazar reads UTF-8: convert it (iconv -f UTF-16 -t UTF-8)"
                } else {
                    "invalid UTF-8 (use --lossy to replace it)"
                };
                Some(Err(Error::input(loc, message)))
            }
        }
    }
}
