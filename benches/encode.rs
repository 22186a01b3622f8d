//! Encode throughput of a WordPiece tokenizer on the real comments of each
//! language, with and without nazar's normalizer in front, one core,
//! reported in bytes/s of comments as written. Needs feature `hf`:
//! `cargo bench -p nazar-benches --features hf --bench encode`.
//!
//! The tokenizer (BERT-style: uncased `BertNormalizer`, `BertPreTokenizer`,
//! WordPiece, 8,000 tokens, `[CLS] ... [SEP]`) is trained in the setup on the
//! corpus it then encodes; nothing is downloaded. Three ways to encode:
//! - `plain`: the tokenizer alone, on the comments as written;
//! - `encoder`: `nazar::hf::Encoder` (nazar's match key, then the whole
//!   tokenizer, offsets mapped back through nazar's map);
//! - `adapter`: the tokenizer with `NazarNormalizer` attached in front of its
//!   own normalizer (`NazarNormalizer::attach`).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use nazar::hf::tokenizers::models::wordpiece::{WordPiece, WordPieceTrainer};
use nazar::hf::tokenizers::models::TrainerWrapper;
use nazar::hf::tokenizers::normalizers::BertNormalizer;
use nazar::hf::tokenizers::pre_tokenizers::bert::BertPreTokenizer;
use nazar::hf::tokenizers::processors::bert::BertProcessing;
use nazar::hf::tokenizers::utils::parallelism;
use nazar::hf::tokenizers::{
    AddedToken, DecoderWrapper, ModelWrapper, NormalizerWrapper, PostProcessorWrapper,
    PreTokenizerWrapper, Tokenizer, TokenizerBuilder,
};
use nazar::hf::{Encoder, NazarNormalizer};
use nazar::Lang;
use nazar_benches::{bytes, corpus};

/// A BERT-style WordPiece tokenizer trained on `texts`.
fn train(texts: &[String]) -> Tokenizer {
    let mut tokenizer: Tokenizer = TokenizerBuilder::<
        ModelWrapper,
        NormalizerWrapper,
        PreTokenizerWrapper,
        PostProcessorWrapper,
        DecoderWrapper,
    >::new()
    .with_model(WordPiece::default().into())
    .with_normalizer(Some(
        BertNormalizer::new(true, false, Some(false), true).into(),
    ))
    .with_pre_tokenizer(Some(BertPreTokenizer.into()))
    .build()
    .expect("a complete tokenizer")
    .into();
    let special = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];
    let mut trainer: TrainerWrapper = WordPieceTrainer::builder()
        .vocab_size(8000)
        .show_progress(false)
        .special_tokens(special.iter().map(|t| AddedToken::from(*t, true)).collect())
        .build()
        .into();
    tokenizer
        .train(&mut trainer, texts.iter())
        .expect("training on the corpus");
    let id = |t: &str| tokenizer.token_to_id(t).expect("a special token");
    let processor =
        BertProcessing::new(("[SEP]".into(), id("[SEP]")), ("[CLS]".into(), id("[CLS]")));
    tokenizer.with_post_processor(Some(processor));
    tokenizer
}

fn encode(c: &mut Criterion) {
    // One core, like the other benchmarks: the cost of nazar per byte, not
    // the machine's parallelism.
    parallelism::set_parallelism(false);
    let mut group = c.benchmark_group("encode");
    for lang in Lang::ALL {
        let texts = corpus(lang.code());
        let size = bytes(&texts);
        let tokenizer = train(&texts);
        let encoder = Encoder::builder()
            .build(tokenizer.clone())
            .expect("an encoder");
        let adapter = NazarNormalizer::default()
            .attach(tokenizer.clone())
            .expect("nazar attached");
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        group.throughput(Throughput::Bytes(size));
        let kb = format!("{}KB", size / 1024);
        group.bench_with_input(
            BenchmarkId::new(format!("{lang}-plain"), &kb),
            &texts,
            |b, t| {
                b.iter(|| {
                    tokenizer
                        .encode_batch(t.clone(), true)
                        .expect("encoded")
                        .len()
                })
            },
        );
        group.bench_with_input(
            BenchmarkId::new(format!("{lang}-encoder"), &kb),
            &texts,
            |b, t| b.iter(|| encoder.encode_batch(t).expect("encoded").len()),
        );
        group.bench_with_input(
            BenchmarkId::new(format!("{lang}-adapter"), &kb),
            &texts,
            |b, t| {
                b.iter(|| {
                    adapter
                        .encode_batch(t.clone(), true)
                        .expect("encoded")
                        .len()
                })
            },
        );
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = encode
}
criterion_main!(benches);
