//! Tagging throughput (normalize + match + negation + spans) with the
//! default lexicons on the real comments of each language, one core.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use nazar::{Lang, Lexicon, Tagger};
use nazar_benches::{bytes, corpus};

fn tag(c: &mut Criterion) {
    let mut group = c.benchmark_group("tag");
    let tagger = Tagger::default();
    for lang in Lang::ALL {
        let texts = corpus(lang.code());
        let size = bytes(&texts);
        group.throughput(Throughput::Bytes(size));
        let id = BenchmarkId::new(lang.code(), format!("{}KB", size / 1024));
        group.bench_with_input(id, &texts, |b, texts| {
            b.iter(|| {
                texts
                    .iter()
                    .map(|t| tagger.tag_as(t, Some(lang)).matches.len())
                    .sum::<usize>()
            })
        });
    }
    group.finish();
}

fn build_lexicon(c: &mut Criterion) {
    c.bench_function("lexicon/compile-defaults", |b| {
        b.iter(|| Lexicon::builder().build().map(|l| l.term_count()))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = tag, build_lexicon
}
criterion_main!(benches);
