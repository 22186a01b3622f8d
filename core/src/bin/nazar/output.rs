//! Output that never looks complete when it is not: a file is written under
//! a temporary name beside its target and renamed into place only once
//! everything was written and flushed. Anything that is not a regular file
//! (`/dev/null`, `/dev/stdout`, a named pipe) is written in place: renaming
//! over it would replace the device with a file.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use nazar::{Error, Location, Result};

/// Standard output or a file being written atomically.
pub struct Output {
    sink: Sink,
    location: Location,
}

enum Sink {
    Stdout(BufWriter<io::Stdout>),
    /// A device or a pipe, written as it is.
    InPlace(BufWriter<File>),
    File {
        writer: BufWriter<File>,
        guard: TempFile,
        target: PathBuf,
    },
}

/// Removes the temporary file unless it was renamed into place, so that a
/// run that fails part-way leaves nothing that looks like output.
struct TempFile(Option<PathBuf>);

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            let _ = fs::remove_file(path);
        }
    }
}

/// `/dev/stdout` and its other names: the process's own standard output,
/// wherever it was redirected.
fn is_stdout(p: &Path) -> bool {
    ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"]
        .iter()
        .any(|name| p == Path::new(name))
}

/// A path that names an open file descriptor (`/dev/stderr`, `/dev/fd/3`,
/// `/proc/<pid>/fd/3`): it resolves to whatever the descriptor is, often
/// a file that must not be replaced.
fn is_descriptor(p: &Path) -> bool {
    p == Path::new("/dev/stderr")
        || p.starts_with("/dev/fd")
        || (p.starts_with("/proc") && p.components().any(|c| c.as_os_str() == "fd"))
}

/// Where a symbolic link that points to nothing yet points (relative to
/// its directory): the file to create, so that the link stays one.
fn dangling_target(p: &Path) -> Option<PathBuf> {
    let meta = fs::symlink_metadata(p).ok()?;
    if !meta.file_type().is_symlink() {
        return None;
    }
    let target = fs::read_link(p).ok()?;
    Some(match p.parent() {
        Some(dir) if target.is_relative() => dir.join(target),
        _ => target,
    })
}

/// `target` with its directory resolved (the file itself may not exist
/// yet), so that two spellings of one path compare equal.
fn resolved(target: &Path) -> PathBuf {
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    match (fs::canonicalize(dir), target.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => target.to_path_buf(),
    }
}

impl Output {
    /// Whether `self` and `other` would write to the same place: both to
    /// stdout, or both to one file (whose second writer would replace what
    /// the first wrote). Devices and pipes written in place are not
    /// compared: writing two outputs to `/dev/null` is fine.
    pub fn same_destination(&self, other: &Output) -> bool {
        match (&self.sink, &other.sink) {
            (Sink::Stdout(_), Sink::Stdout(_)) => true,
            (Sink::File { target: a, .. }, Sink::File { target: b, .. }) => {
                resolved(a) == resolved(b)
            }
            _ => false,
        }
    }

    /// Opens `path`, or stdout for `None`, `-` and `/dev/stdout`.
    pub fn create(path: Option<&Path>) -> Result<Self> {
        let stdout = || Output {
            sink: Sink::Stdout(BufWriter::with_capacity(1 << 16, io::stdout())),
            location: Location::file("<stdout>"),
        };
        match path {
            None => Ok(stdout()),
            Some(p) if p == Path::new("-") || is_stdout(p) => Ok(stdout()),
            Some(p) => {
                let location = Location::file(p);
                let fail = |e| Error::io(location.clone(), e);
                // Appended to, not replaced: another descriptor (`/dev/fd/3`)
                // may be a file the caller has written to already.
                let in_place = || {
                    let file = OpenOptions::new().append(true).open(p).map_err(fail)?;
                    Ok(Output {
                        sink: Sink::InPlace(BufWriter::with_capacity(1 << 16, file)),
                        location: location.clone(),
                    })
                };
                if is_descriptor(p) {
                    return in_place();
                }
                let (target, permissions) = match fs::metadata(p) {
                    Ok(meta) if !meta.is_file() => return in_place(),
                    // A symbolic link stays one: its target is replaced.
                    Ok(meta) => (fs::canonicalize(p).map_err(fail)?, Some(meta.permissions())),
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {
                        (dangling_target(p).unwrap_or_else(|| p.to_path_buf()), None)
                    }
                    Err(e) => return Err(fail(e)),
                };
                let name = target
                    .file_name()
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default();
                let tmp = target.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
                // The temporary file is nazar's business: an error names
                // the file asked for (a missing directory, no permission).
                let file = File::create(&tmp).map_err(fail)?;
                let guard = TempFile(Some(tmp));
                // The file replaced keeps its mode: a private report stays
                // private when written again.
                if let Some(permissions) = permissions {
                    file.set_permissions(permissions).map_err(fail)?;
                }
                Ok(Output {
                    sink: Sink::File {
                        writer: BufWriter::with_capacity(1 << 16, file),
                        guard,
                        target,
                    },
                    location,
                })
            }
        }
    }

    /// Writes `bytes`, naming the output on failure.
    pub fn write_all(&mut self, bytes: &[u8]) -> Result<()> {
        let r = match &mut self.sink {
            Sink::Stdout(w) => w.write_all(bytes),
            Sink::InPlace(w) => w.write_all(bytes),
            Sink::File { writer, .. } => writer.write_all(bytes),
        };
        r.map_err(|e| Error::io(self.location.clone(), e))
    }

    /// Flushes and, for a file, renames it into place.
    pub fn finish(self) -> Result<()> {
        let loc = self.location;
        match self.sink {
            Sink::Stdout(mut w) => w.flush().map_err(|e| Error::io(loc, e)),
            Sink::InPlace(mut w) => w.flush().map_err(|e| Error::io(loc, e)),
            Sink::File {
                writer,
                mut guard,
                target,
            } => {
                let file = writer
                    .into_inner()
                    .map_err(|e| Error::io(loc.clone(), e.into_error()))?;
                file.sync_all().map_err(|e| Error::io(loc.clone(), e))?;
                drop(file);
                if let Some(tmp) = guard.0.take() {
                    if let Err(e) = fs::rename(&tmp, &target) {
                        guard.0 = Some(tmp);
                        return Err(Error::io(loc, e));
                    }
                }
                Ok(())
            }
        }
    }
}
