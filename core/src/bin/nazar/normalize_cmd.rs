//! `nazar normalize`: one normalized line out per line in, in order.

use rayon::prelude::*;

use nazar::{Normalizer, Result};

use crate::input::Input;
use crate::output::Output;
use crate::{NormalizeArgs, NormalizeFormat};

/// Lines normalized together in parallel; large enough to keep every core
/// busy, small enough to keep memory flat on any input size.
const BATCH: usize = 8192;

pub fn run(args: NormalizeArgs) -> Result<()> {
    let normalizer = Normalizer::builder()
        .lang(args.lang.lang())
        .digits(args.digits.into())
        .html(!args.keep_html)
        .build();
    let input = Input::open(args.file.as_deref())?;
    let mut out = Output::create(args.output.as_deref())?;
    let mut lines = input.lines(args.lossy);
    let mut batch: Vec<String> = Vec::with_capacity(BATCH);
    let mut buf = String::new();
    loop {
        batch.clear();
        for line in lines.by_ref().take(BATCH) {
            batch.push(line?);
        }
        if batch.is_empty() {
            break;
        }
        let normalized: Vec<String> = batch
            .par_iter()
            .map(|line| render(&normalizer, line, args.format))
            .collect();
        buf.clear();
        for line in &normalized {
            buf.push_str(line);
        }
        out.write_all(buf.as_bytes())?;
    }
    out.finish()?;
    if lines.replaced() > 0 {
        eprintln!(
            "nazar: {} of {} lines had invalid UTF-8, replaced with U+FFFD",
            lines.replaced(),
            lines.line()
        );
    }
    Ok(())
}

/// One output record for `line`, newline included.
fn render(normalizer: &Normalizer, line: &str, format: NormalizeFormat) -> String {
    let n = normalizer.normalize(line);
    match format {
        NormalizeFormat::Text => format!("{}\n", n.display()),
        NormalizeFormat::Key => format!("{}\n", n.key()),
        NormalizeFormat::Tsv => {
            // Tabs cannot occur in either form: whitespace is collapsed to spaces.
            format!("{}\t{}\t{}\n", n.lang(), n.display(), n.key())
        }
        NormalizeFormat::Jsonl => {
            let record = serde_json::json!({
                "lang": n.lang().code(),
                "display": n.display(),
                "key": n.key(),
            });
            format!("{record}\n")
        }
        NormalizeFormat::Compare => {
            format!(
                "[{}] {}\n  → {}\n  ⚷ {}\n",
                n.lang(),
                line,
                n.display(),
                n.key()
            )
        }
    }
}
