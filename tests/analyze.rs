//! `standpoint analyze` end to end: the real binary, the real encoder and libtorch, and
//! the output files read back.

mod common;

use std::collections::BTreeMap;

use common::{chars, read_json, read_jsonl, repo, run_with_stdin, standpoint, stderr, stdout};

/// The seed article's quotes, kinds and speakers, exactly.
const GENEVA: &[(&str, &str, &str)] = &[
        ("indirect", "Russia", "the US and Nato to make concessions or face a worsening security situation in Europe"),
        ("indirect", "Sergei Ryabkov", "Russia would not yield on its demand for Nato to never make Ukraine a member"),
        ("direct", "Sergei Ryabkov", "Now the other side must show flexibility. If they are unable to do this, then they will face a worsening situation in their own security"),
        ("direct", "Sergei Ryabkov", "I have rather pessimistic forecasts in this regard, but we will persistently explain that without solving this key task, a productive dialogue will not work."),
        ("mixed", "Nato’s secretary-general", "the alliance hopes for “co-operation” from Moscow but is prepared for possible conflict"),
        ("direct", "Wendy Sherman", "The US will listen to Russia’s concerns and share our own, but we have been clear we will not discuss European security without our allies and partners"),
        ("indirect", "US officials", "it could be instead open to possible talks on not deploying missile systems in Ukraine"),
        ("indirect", "Sergei Ryabkov", "Moscow would not settle for this as an alternative"),
        ("direct", "Sergei Ryabkov", "I’ll tell you this, in response they will hear: ‘We are ready to discuss only the non-expansion of Nato, the non-accession of Ukraine, Georgia and other countries to the alliance’"),
        ("direct", "Sergei Ryabkov", "We will not make any concessions. This is completely ruled out."),
        ("indirect", "Sergei Ryabkov", "those talks also did not look promising for potential progress"),
        ("direct", "Sergei Ryabkov", "They want to . . . [discuss] on their own terms, with an agenda that suits them, with an emphasis on the so-called de-escalation, the so-called ‘Russian aggression’ in Ukraine"),
        ("direct", "Sergei Ryabkov", "This is unacceptable to us."),
];

fn analyze(args: &[&str]) -> (tempfile::TempDir, std::process::Output) {
    let out = tempfile::tempdir().unwrap();
    let mut all: Vec<&str> = vec!["analyze"];
    all.extend_from_slice(args);
    let dir = out.path().to_str().unwrap().to_string();
    all.extend_from_slice(&["--out", &dir]);
    let o = standpoint(&all);
    (out, o)
}

#[test]
fn seed_article_quotes_and_speakers_are_exact() {
    let (out, o) = analyze(&["datasets/sample/geneva-talks.txt"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let quotes = read_jsonl(&out.path().join("quotes.jsonl"));
    let got: Vec<(String, String, String)> = quotes
        .iter()
        .map(|q| (q["kind"].as_str().unwrap().into(), q["speaker"].as_str().unwrap_or("").into(), q["text"].as_str().unwrap().into()))
        .collect();
    let want: Vec<(String, String, String)> = GENEVA.iter().map(|(k, s, t)| (k.to_string(), s.to_string(), t.to_string())).collect();
    assert_eq!(got, want);
}

#[test]
fn seed_article_report_separates_the_speakers_and_agrees_with_the_quotes() {
    let (out, o) = analyze(&["datasets/sample/geneva-talks.txt"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let quotes = read_jsonl(&out.path().join("quotes.jsonl"));
    let actors = read_json(&out.path().join("actors.json"));
    let article = &actors["articles"][0];
    assert_eq!(article["id"], "geneva-talks");
    let names: Vec<&str> = article["actors"].as_array().unwrap().iter().map(|a| a["actor"].as_str().unwrap()).collect();
    for who in ["Sergei Ryabkov", "Wendy Sherman", "US officials"] {
        assert!(names.contains(&who), "{who} missing from {names:?}");
    }
    // Each actor's numbers are what its quotes say (no stance is asserted: it is the model's).
    for actor in article["actors"].as_array().unwrap() {
        let name = actor["actor"].as_str().unwrap();
        let own: Vec<&serde_json::Value> = quotes.iter().filter(|q| q["speaker"] == name).collect();
        assert_eq!(actor["n_quotes"].as_u64().unwrap() as usize, own.len(), "{name}");
        let mut counts: BTreeMap<String, u64> = BTreeMap::new();
        for q in &own {
            *counts.entry(q["stance"]["label"].as_str().unwrap().to_string()).or_default() += 1;
        }
        let reported: BTreeMap<String, u64> = actor["stance_counts"].as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.as_u64().unwrap())).collect();
        assert_eq!(reported, counts, "{name}");
        let has = |l: &str| counts.contains_key(l);
        let overall = match (has("concessive"), has("uncompromising")) {
            (true, true) => "mixed",
            (true, false) => "concessive",
            (false, true) => "uncompromising",
            _ => "neutral",
        };
        assert_eq!(actor["overall_stance"], overall, "{name}");
        let n_evidence = actor["evidence"].as_array().unwrap().len();
        assert_eq!(n_evidence, own.len().min(3), "{name}");
    }
    let report = std::fs::read_to_string(out.path().join("report.md")).unwrap();
    for who in ["### Sergei Ryabkov", "### Wendy Sherman", "### US officials"] {
        assert!(report.contains(who), "report.md lacks {who}");
    }
    assert!(stdout(&o).contains("Sergei Ryabkov"));
}

#[test]
fn every_output_span_indexes_the_article_text_and_probabilities_sum_to_one() {
    let (out, o) = analyze(&["datasets/sample"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let corpus = standpoint::ingest::read_inputs(&[repo().join("datasets/sample")]);
    assert!(corpus.errors.is_empty());
    let texts: BTreeMap<String, String> = corpus.articles.into_iter().map(|a| (a.id, a.text)).collect();
    assert_eq!(texts.len(), 7);
    let quotes = read_jsonl(&out.path().join("quotes.jsonl"));
    assert!(quotes.len() >= 7 * 5, "only {} quotes", quotes.len());
    for q in &quotes {
        let text = &texts[q["article_id"].as_str().unwrap()];
        let (s, e) = (q["start"].as_u64().unwrap() as usize, q["end"].as_u64().unwrap() as usize);
        assert_eq!(chars(text, s, e), q["text"].as_str().unwrap());
        for task in ["stance", "sentiment"] {
            let probs = q[task]["probs"].as_object().unwrap();
            assert_eq!(probs.len(), 3);
            let sum: f64 = probs.values().map(|v| v.as_f64().unwrap()).sum();
            assert!((sum - 1.0).abs() < 1e-4, "{task} probs sum to {sum}");
            let label = q[task]["label"].as_str().unwrap();
            let best = probs.iter().max_by(|a, b| a.1.as_f64().unwrap().total_cmp(&b.1.as_f64().unwrap())).unwrap().0;
            assert_eq!(label, best);
        }
    }
    // The corpus view merges each named speaker across articles and counts every quote once.
    let actors = read_json(&out.path().join("actors.json"));
    let total: u64 = actors["corpus"].as_array().unwrap().iter().map(|a| a["n_quotes"].as_u64().unwrap()).sum();
    let attributed = quotes.iter().filter(|q| q["speaker"].is_string()).count() as u64;
    assert_eq!(total, attributed);
}

/// A golden file of every quote span, kind and speaker on the sample corpus. Run with
/// UPDATE_GOLDEN=1 to accept a deliberate change (and review the diff).
#[test]
fn sample_corpus_quotes_match_the_golden_file() {
    let (out, o) = analyze(&["datasets/sample"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let quotes = read_jsonl(&out.path().join("quotes.jsonl"));
    let mut got = String::new();
    for q in &quotes {
        got += &format!(
            "{}\t{}\t{}\t{}\t{}\t{}\n",
            q["article_id"].as_str().unwrap(),
            q["start"],
            q["end"],
            q["kind"].as_str().unwrap(),
            q["cue"].as_str().unwrap_or("-"),
            q["speaker"].as_str().unwrap_or("-")
        );
    }
    let golden = repo().join("tests/golden/sample-quotes.tsv");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &got).unwrap();
    }
    let want = std::fs::read_to_string(&golden).expect("tests/golden/sample-quotes.tsv (UPDATE_GOLDEN=1 creates it)");
    assert_eq!(got, want, "quotes differ from {}", golden.display());
}

#[test]
fn bad_files_are_named_and_the_rest_of_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("good.txt"), "Strike ends\n\n“We accept the offer,” said union leader Ana Ruiz.").unwrap();
    std::fs::write(p.join("latin1.txt"), b"Caf\xe9 talks \xff\xfe failed.").unwrap();
    std::fs::write(p.join("empty.txt"), "  \n").unwrap();
    std::fs::write(p.join("binary.md"), b"PK\x03\x04\x00\x00binary").unwrap();
    std::fs::write(
        p.join("batch.jsonl"),
        "{\"id\": \"j1\", \"text\": \"“No deal,” said Tom Berg.\"}\n{\"id\": \"j2\", \"text\": oops}\n{\"id\": \"j3\"}\n",
    )
    .unwrap();
    let (out, o) = analyze(&[p.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("latin1.txt: not valid UTF-8"), "{err}");
    assert!(err.contains("empty.txt: empty article"), "{err}");
    assert!(err.contains("binary.md: looks like a binary file"), "{err}");
    assert!(err.contains("batch.jsonl:2: malformed JSON"), "{err}");
    assert!(err.contains("batch.jsonl:3: missing field `text`"), "{err}");
    let quotes = read_jsonl(&out.path().join("quotes.jsonl"));
    let ids: Vec<&str> = quotes.iter().map(|q| q["article_id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec!["j1", "good"]);
    assert_eq!(quotes[1]["speaker"], "Ana Ruiz");
}

#[test]
fn stdin_is_an_input() {
    let out = tempfile::tempdir().unwrap();
    let o = run_with_stdin(
        &["analyze", "-", "--out", out.path().to_str().unwrap()],
        Some("“We will not make any concessions,” Ryabkov said."),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let quotes = read_jsonl(&out.path().join("quotes.jsonl"));
    assert_eq!(quotes.len(), 1);
    assert_eq!(quotes[0]["speaker"], "Ryabkov");
    assert_eq!(quotes[0]["text"], "We will not make any concessions");
}

#[test]
fn help_shows_real_examples() {
    for args in [vec!["--help"], vec!["analyze", "--help"], vec!["evaluate", "--help"]] {
        let o = standpoint(&args);
        assert!(o.status.success());
        let text = stdout(&o);
        assert!(text.contains("Examples:") && text.contains("standpoint "), "{args:?}: {text}");
    }
}

/// Two `--threads 1` runs, and a `--threads 3` run, write the same bytes: each encoder
/// batch runs on one libtorch thread whichever worker takes it.
#[test]
fn one_thread_runs_are_byte_identical() {
    let (a, oa) = analyze(&["datasets/sample", "--threads", "1"]);
    let (b, ob) = analyze(&["datasets/sample", "--threads", "1"]);
    let (c, oc) = analyze(&["datasets/sample", "--threads", "3"]);
    assert!(oa.status.success() && ob.status.success() && oc.status.success(), "{}", stderr(&oa));
    for f in ["quotes.jsonl", "actors.json", "report.md"] {
        let x = std::fs::read(a.path().join(f)).unwrap();
        let y = std::fs::read(b.path().join(f)).unwrap();
        let z = std::fs::read(c.path().join(f)).unwrap();
        assert!(x == y, "{f} differs between two --threads 1 runs");
        assert!(x == z, "{f} differs between --threads 1 and --threads 3");
    }
}

/// A corpus analysed two articles at a time gives the same quotes, labels, speakers and
/// corpus summaries as one pass (probabilities may differ in the last digits, since
/// batches are padded differently).
#[test]
fn chunked_runs_give_the_same_results() {
    let (a, oa) = analyze(&["datasets/sample"]);
    let (b, ob) = analyze(&["datasets/sample", "--chunk", "2"]);
    assert!(oa.status.success() && ob.status.success(), "{}", stderr(&ob));
    let key = |q: &serde_json::Value| {
        (q["article_id"].clone(), q["start"].clone(), q["end"].clone(), q["speaker"].clone(), q["stance"]["label"].clone(), q["sentiment"]["label"].clone())
    };
    let qa: Vec<_> = read_jsonl(&a.path().join("quotes.jsonl")).iter().map(key).collect();
    let qb: Vec<_> = read_jsonl(&b.path().join("quotes.jsonl")).iter().map(key).collect();
    assert!(qa.len() > 100);
    assert_eq!(qa, qb);
    let summary = |s: &serde_json::Value| {
        let evidence: Vec<_> = s["evidence"].as_array().unwrap().iter().map(|e| (e["article_id"].clone(), e["quote_idx"].clone())).collect();
        (s["actor"].clone(), s["n_quotes"].clone(), s["stance_counts"].clone(), s["overall_stance"].clone(), evidence)
    };
    let ca: Vec<_> = read_json(&a.path().join("actors.json"))["corpus"].as_array().unwrap().iter().map(summary).collect();
    let cb: Vec<_> = read_json(&b.path().join("actors.json"))["corpus"].as_array().unwrap().iter().map(summary).collect();
    assert_eq!(ca, cb);
    let articles = |d: &tempfile::TempDir| read_json(&d.path().join("actors.json"))["articles"].as_array().unwrap().len();
    assert_eq!(articles(&a), 7);
    assert_eq!(articles(&b), 7);
}

#[test]
fn a_custom_label_set_replaces_the_stance_labels() {
    let (out, o) = analyze(&["datasets/sample/geneva-talks.txt", "--labels", "models/labels/plover.toml"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let quotes = read_jsonl(&out.path().join("quotes.jsonl"));
    let labels = ["agree", "concede", "demand", "reject", "threaten", "other"];
    for q in &quotes {
        let probs = q["stance"]["probs"].as_object().unwrap();
        assert_eq!(probs.len(), labels.len());
        assert!(labels.contains(&q["stance"]["label"].as_str().unwrap()));
    }
    // No overall stance: that rule is defined for concessive/uncompromising only.
    let actors = read_json(&out.path().join("actors.json"));
    assert!(actors["corpus"][0].get("overall_stance").is_none());
}

#[test]
fn an_alias_file_renames_and_merges_speakers() {
    let dir = tempfile::tempdir().unwrap();
    let aliases = dir.path().join("aliases.toml");
    std::fs::write(&aliases, "[aliases]\n\"Sergei A. Ryabkov\" = [\"Sergei Ryabkov\"]\n").unwrap();
    let (out, o) = analyze(&["datasets/sample/geneva-talks.txt", "--aliases", aliases.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let quotes = read_jsonl(&out.path().join("quotes.jsonl"));
    assert!(quotes.iter().any(|q| q["speaker"] == "Sergei A. Ryabkov"));
    assert!(!quotes.iter().any(|q| q["speaker"] == "Sergei Ryabkov"));
}

/// `--backend int8` (int8 vectors, doubtful quotes rechecked in fp32) finds the same quotes
/// and speakers as fp32, writes every quote's labels with probabilities that sum to 1,
/// and writes the same bytes with one thread as with three.
#[test]
fn int8_runs_find_the_same_quotes_and_do_not_depend_on_threads() {
    let (f, of) = analyze(&["datasets/sample"]);
    let (a, oa) = analyze(&["datasets/sample", "--backend", "int8", "--threads", "1"]);
    let (b, ob) = analyze(&["datasets/sample", "--backend", "int8", "--threads", "3"]);
    assert!(of.status.success() && oa.status.success() && ob.status.success(), "{}", stderr(&oa));
    for name in ["quotes.jsonl", "actors.json", "report.md"] {
        let x = std::fs::read(a.path().join(name)).unwrap();
        let y = std::fs::read(b.path().join(name)).unwrap();
        assert!(x == y, "{name} differs between int8 runs with 1 and 3 threads");
    }
    let key = |q: &serde_json::Value| (q["article_id"].clone(), q["start"].clone(), q["end"].clone(), q["kind"].clone(), q["speaker"].clone());
    let fp32 = read_jsonl(&f.path().join("quotes.jsonl"));
    let int8 = read_jsonl(&a.path().join("quotes.jsonl"));
    assert!(int8.len() > 100);
    assert_eq!(fp32.iter().map(key).collect::<Vec<_>>(), int8.iter().map(key).collect::<Vec<_>>());
    for q in &int8 {
        for task in ["stance", "sentiment"] {
            let probs = q[task]["probs"].as_object().unwrap();
            let sum: f64 = probs.values().map(|p| p.as_f64().unwrap()).sum();
            assert!((sum - 1.0).abs() < 1e-3, "{task} probabilities sum to {sum}");
            assert!(probs.contains_key(q[task]["label"].as_str().unwrap()));
        }
    }
}
