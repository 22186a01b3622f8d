//! Encodes every fixture comment (`fixtures/corpus/` and `fixtures/golden/`,
//! some 7.5k) in one batch padded to the longest, and prints how long that
//! took. Run under `/usr/bin/time -v` for the peak memory:
//!
//! ```sh
//! cargo build --release -p nazar --features hf --example encode_padding
//! /usr/bin/time -v target/release/examples/encode_padding tokenizer.json [PAD]
//! ```
//!
//! Any local tokenizer.json will do, e.g. the WordPiece the `hf` tests train
//! (`target/tmp/nazar-hf/wordpiece.json`); the second argument names its pad
//! token (default `[PAD]`).

use std::time::Instant;

use nazar::hf::tokenizers::PaddingParams;
use nazar::hf::Encoder;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .first()
        .ok_or("usage: encode_padding <tokenizer.json> [pad token]")?;
    let pad_token = args.get(1).map_or("[PAD]", String::as_str);
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures");
    let mut texts = Vec::new();
    for lang in ["fa", "en", "pt"] {
        for dir in ["corpus", "golden"] {
            let file = std::fs::read_to_string(format!("{fixtures}/{dir}/{lang}.txt"))?;
            texts.extend(file.lines().map(String::from));
        }
    }
    let pad_id = Encoder::from_file(path)?
        .tokenizer()
        .token_to_id(pad_token)
        .ok_or_else(|| format!("{pad_token} is not in the vocabulary"))?;
    let encoder = Encoder::builder()
        .padding(Some(PaddingParams {
            pad_id,
            pad_token: pad_token.into(),
            ..PaddingParams::default()
        }))
        .load(path)?;
    let start = Instant::now();
    let batch = encoder.encode_batch(&texts)?;
    let elapsed = start.elapsed();
    let width = batch.ids.first().map_or(0, Vec::len);
    println!(
        "{} comments padded to {width} tokens in {:.2} s",
        batch.len(),
        elapsed.as_secs_f64()
    );
    Ok(())
}
