//! The `nazar` command-line program: a thin shell over the library.
//!
//! Exit status: 0 on success, 2 on bad input (the message names the file,
//! line, row or column), 1 on an internal or I/O error.

mod flag_cmd;
mod input;
mod lang_check;
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
    /// Flag products with an unusual comment rate or contradiction rate.
    Flag(FlagArgs),
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
    /// Leave HTML tags and entities as written (by default `<br />` breaks
    /// the line, a space in the display form, inline tags go and `&amp;`
    /// is decoded).
    #[arg(long)]
    keep_html: bool,
    /// Replace invalid UTF-8 with U+FFFD (and count it) instead of failing.
    #[arg(long)]
    lossy: bool,
    /// Write here instead of stdout (written to a temporary file, then renamed).
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Input file; stdin when absent or `-`.
    file: Option<PathBuf>,
}

/// Output format of `nazar flag`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FlagFormat {
    Csv,
    Jsonl,
}

/// A false-discovery rate strictly between 0 and 1.
fn parse_fdr(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if x > 0.0 && x < 1.0 => Ok(x),
        _ => Err(format!("`{s}` is not a rate strictly between 0 and 1")),
    }
}

#[derive(clap::Args)]
struct FlagArgs {
    /// Comments CSV: `product_id`, `text`; optional `comment_id`, `rating`,
    /// `created_at`, `lang`. `-` reads stdin.
    #[arg(long)]
    comments: PathBuf,
    /// Sales CSV: `product_id`, `sales`; optional `category`, `period`.
    /// Without it only the contradiction rate is tested.
    #[arg(long)]
    sales: Option<PathBuf>,
    /// False-discovery rate: products with a q-value below it are flagged.
    #[arg(long, default_value_t = 0.05, value_parser = parse_fdr)]
    fdr: f64,
    /// Output format.
    #[arg(long, value_enum, default_value = "csv")]
    format: FlagFormat,
    /// Also write a self-contained HTML report here.
    #[arg(long)]
    report: Option<PathBuf>,
    /// Write every product, not only the flagged ones.
    #[arg(long)]
    all: bool,
    /// Replace invalid UTF-8 in the comments with U+FFFD (and count it)
    /// instead of failing; ids must still be valid.
    #[arg(long)]
    lossy: bool,
    /// Write here instead of stdout (written to a temporary file, then renamed).
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Language of the comments; `auto` uses the file's `lang` column or
    /// detects it per comment.
    #[arg(long, value_enum, default_value = "auto")]
    lang: LangArg,
    #[command(flatten)]
    lexicons: LexiconArgs,
}

/// The lexicons of `tag` and `flag`.
#[derive(clap::Args)]
struct LexiconArgs {
    /// Extra lexicon file(s) added to the defaults (repeatable).
    #[arg(long = "lexicon", value_name = "FILE")]
    lexicons: Vec<PathBuf>,
    /// Use only the given lexicons, not the embedded defaults (needs at
    /// least one --lexicon).
    #[arg(long, requires = "lexicons")]
    no_default_lexicon: bool,
}

impl LexiconArgs {
    /// The tagger over the chosen lexicons.
    fn tagger(&self) -> nazar::Result<nazar::Tagger> {
        let mut builder = nazar::Lexicon::builder().defaults(!self.no_default_lexicon);
        for path in &self.lexicons {
            builder = builder.add_file(path)?;
        }
        let lexicon = builder.build()?;
        if lexicon.categories().is_empty() {
            // Only with --no-default-lexicon: files without one category
            // (only [negation], say) would tag nothing, and say nothing.
            let others: Vec<String> = self.lexicons[1..]
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            let also = if others.is_empty() {
                String::new()
            } else {
                format!(" (nor in {})", others.join(", "))
            };
            return Err(nazar::Error::lexicon(
                nazar::Location::file(&self.lexicons[0]),
                format!("no category{also}: with --no-default-lexicon nothing would be tagged"),
            ));
        }
        Ok(nazar::Tagger::new(lexicon))
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Normalize(args) => normalize_cmd::run(args),
        Command::Tag(args) => tag_cmd::run(args),
        Command::Flag(args) => flag_cmd::run(args),
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
