//! Normalization throughput (display form + match keys + offset maps) on
//! the real comments of each language, one core, reported in bytes/s.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use nazar::{Lang, Normalizer};
use nazar_benches::{bytes, corpus};

fn normalize(c: &mut Criterion) {
    let mut group = c.benchmark_group("normalize");
    let n = Normalizer::default();
    for lang in Lang::ALL {
        let texts = corpus(lang.code());
        let size = bytes(&texts);
        group.throughput(Throughput::Bytes(size));
        let id = BenchmarkId::new(format!("{lang}-detect"), format!("{}KB", size / 1024));
        group.bench_with_input(id, &texts, |b, texts| {
            b.iter(|| {
                let mut total = 0usize;
                for t in texts {
                    let out = n.normalize(t);
                    total += out.display().len() + out.key().len();
                }
                total
            })
        });
        let id = BenchmarkId::new(format!("{lang}-display-only"), format!("{}KB", size / 1024));
        group.bench_with_input(id, &texts, |b, texts| {
            b.iter(|| {
                texts
                    .iter()
                    .map(|t| n.normalize_as(t, lang).display().len())
                    .sum::<usize>()
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = normalize
}
criterion_main!(benches);
