//! Criterion benches: tokenisation, the encoder at batch 1/16/64 (each backend), the quote
//! extractor, and the whole pipeline on the sample corpus (fp32, and int8 with its fp32
//! recheck). As the binary does, they tune the allocator first. `make bench` runs them.
//! They need the encoder files (scripts/setup.sh).

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use standpoint::encode::{Backend, Encoder, EncoderConfig};
use standpoint::ingest::read_inputs;
use standpoint::pipeline::{find_quotes, Pipeline, PipelineConfig};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn encoder(backend: Backend, batch: usize) -> Encoder {
    standpoint::encode::tune_allocator();
    let mut c = EncoderConfig::new(repo().join("models/all-MiniLM-L6-v2"));
    c.backend = backend;
    c.batch_size = batch;
    Encoder::load(&c).expect("encoder files (run scripts/setup.sh)")
}

/// Quote-like sentences from the sample corpus.
fn sentences(n: usize) -> Vec<String> {
    let corpus = read_inputs(&[repo().join("datasets/sample")]);
    let mut out: Vec<String> = corpus
        .articles
        .iter()
        .flat_map(|a| a.text.split(". ").map(|s| s.trim().to_string()).collect::<Vec<_>>())
        .filter(|s| s.split_whitespace().count() >= 5)
        .collect();
    out.truncate(n);
    out
}

fn tokenisation(c: &mut Criterion) {
    let e = encoder(Backend::FastF32, 32);
    let texts = sentences(256);
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let mut g = c.benchmark_group("tokenise");
    g.throughput(Throughput::Elements(refs.len() as u64));
    g.bench_function("256 sentences", |b| b.iter(|| e.token_counts(&refs).unwrap()));
    g.finish();
}

fn encoding(c: &mut Criterion) {
    let texts = sentences(64);
    let mut g = c.benchmark_group("encode 64 sentences");
    g.sample_size(10);
    g.throughput(Throughput::Elements(texts.len() as u64));
    for backend in [Backend::RustBert, Backend::FastF32, Backend::FastBf16, Backend::FastInt8] {
        for batch in [1, 16, 64] {
            let e = encoder(backend, batch);
            g.bench_with_input(BenchmarkId::new(format!("{backend:?}"), batch), &batch, |b, _| b.iter(|| e.embed(&texts).unwrap()));
        }
    }
    g.finish();
}

fn extraction(c: &mut Criterion) {
    let corpus = read_inputs(&[repo().join("datasets/sample")]);
    let mut g = c.benchmark_group("quotes + speakers");
    g.throughput(Throughput::Elements(corpus.articles.len() as u64));
    g.bench_function("sample corpus", |b| b.iter(|| corpus.articles.iter().map(|a| find_quotes(a.clone()).extraction.quotes.len()).sum::<usize>()));
    g.finish();
}

fn whole_pipeline(c: &mut Criterion) {
    standpoint::encode::tune_allocator();
    let corpus = read_inputs(&[repo().join("datasets/sample")]);
    let models = repo().join("models");
    let pipeline_for = |backend: Backend| {
        let mut encoder = EncoderConfig::new(repo().join("models/all-MiniLM-L6-v2"));
        encoder.backend = backend;
        Pipeline::load(&PipelineConfig::with_default_heads(encoder, &models).unwrap()).unwrap()
    };
    let mut g = c.benchmark_group("pipeline");
    g.sample_size(10);
    g.throughput(Throughput::Elements(corpus.articles.len() as u64));
    for (name, backend) in [("sample corpus, default backend", Backend::FastF32), ("sample corpus, int8 + fp32 recheck", Backend::FastInt8)] {
        let pipeline = pipeline_for(backend);
        g.bench_function(name, |b| b.iter(|| pipeline.analyze(corpus.articles.clone()).unwrap().len()));
    }
    g.finish();
}

criterion_group!(benches, tokenisation, encoding, extraction, whole_pipeline);
criterion_main!(benches);
