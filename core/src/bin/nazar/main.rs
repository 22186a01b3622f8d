//! The `nazar` command-line program: a thin shell over the library.
//!
//! Exit status: 0 on success, 2 on bad input (the message names the file,
//! line, row or column), 1 on an internal or I/O error.

mod input;
mod normalize_cmd;
mod output;
mod tag_cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use nazar::{Digits, Lang};

#[derive(Parser)]
#[command(
    name = "nazar",
    version,
    about = "Normalize, tag and flag product comments (fa, en, pt)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Normalize text: one display-form line out per line in, in order.
    Normalize(NormalizeArgs),
    /// Tag comments with keyword categories: JSON Lines, one object per row.
    Tag(tag_cmd::TagArgs),
}

/// Language choice on the command line: `auto` detects per line.
#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    Auto,
    Fa,
    En,
    Pt,
}

impl LangArg {
    fn lang(self) -> Option<Lang> {
        match self {
            LangArg::Auto => None,
            LangArg::Fa => Some(Lang::Fa),
            LangArg::En => Some(Lang::En),
            LangArg::Pt => Some(Lang::Pt),
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum DigitsArg {
    Ascii,
    Persian,
    Keep,
}

impl From<DigitsArg> for Digits {
    fn from(d: DigitsArg) -> Self {
        match d {
            DigitsArg::Ascii => Digits::Ascii,
            DigitsArg::Persian => Digits::Persian,
            DigitsArg::Keep => Digits::Keep,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum NormalizeFormat {
    Text,
    Key,
    Tsv,
    Jsonl,
    Compare,
}

#[derive(clap::Args)]
struct NormalizeArgs {
    /// Language of the text; `auto` detects it line by line.
    #[arg(long, value_enum, default_value = "auto")]
    lang: LangArg,
    /// Digits of the output.
    #[arg(long, value_enum, default_value = "ascii")]
    digits: DigitsArg,
    /// What to print per line: the display form (`text`), the match key
    /// (`key`), `lang<TAB>display<TAB>key` (`tsv`), one JSON object
    /// (`jsonl`), or the original above its display form (`compare`).
    #[arg(long, value_enum, default_value = "text")]
    format: NormalizeFormat,
    /// Replace invalid UTF-8 with U+FFFD (and count it) instead of failing.
    #[arg(long)]
    lossy: bool,
    /// Write here instead of stdout (written to a temporary file, then renamed).
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Input file; stdin when absent or `-`.
    file: Option<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Normalize(args) => normalize_cmd::run(args),
        Command::Tag(args) => tag_cmd::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`nazar tag file | head`) is the reader's choice, not
        // an error.
        Err(nazar::Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("nazar: error: {e}");
            if e.is_bad_input() {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}
