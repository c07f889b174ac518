//! `standpoint evaluate` end to end on the project's own labelled fixtures.

mod common;

use common::{read_jsonl, standpoint, stderr, stdout};

#[test]
fn json_report_has_every_documented_key_in_range() {
    let o = standpoint(&["evaluate", "--gold", "tests/fixtures/gold-small.jsonl", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["n_articles"], 3);
    assert_eq!(v["n_gold_quotes"], 24);
    for path in [
        "quotes.precision",
        "quotes.recall",
        "quotes.f1",
        "quotes.exact_f1",
        "speakers.accuracy",
        "stance.gold_spans.macro_f1",
        "stance.gold_spans.accuracy",
        "stance.end_to_end.macro_f1",
        "sentiment.gold_spans.macro_f1",
        "actors.accuracy",
    ] {
        let x = path.split('.').fold(&v, |v, k| &v[k]).as_f64().unwrap_or_else(|| panic!("{path} missing"));
        assert!((0.0..=1.0).contains(&x), "{path} = {x}");
    }
    // The extractor finds most of this small set; a collapse shows up here.
    assert!(v["quotes"]["f1"].as_f64().unwrap() > 0.5);
    let n_gold: u64 = v["stance"]["gold_spans"]["confusion"]["matrix"].as_array().unwrap().iter().flat_map(|r| r.as_array().unwrap()).map(|x| x.as_u64().unwrap()).sum();
    assert_eq!(n_gold, 24);
}

#[test]
fn bad_gold_lines_are_named_and_the_rest_is_scored() {
    let errors = tempfile::tempdir().unwrap();
    let o = standpoint(&["evaluate", "--gold", "tests/fixtures/bad-gold.jsonl", "--json", "--errors", errors.path().to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("bad-gold.jsonl:2:") && err.contains("field `quote`: not a substring"), "{err}");
    assert!(err.contains("bad-gold.jsonl:4:") && err.contains("field `stance`: unknown label \"furious\""), "{err}");
    assert!(err.contains("bad-gold.jsonl:5:") && err.contains("missing field `text`"), "{err}");
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["n_articles"], 2);
    assert_eq!(v["n_bad_lines"], 3);
    for f in ["missed_quotes", "false_alarms", "wrong_speakers", "wrong_stance", "wrong_sentiment", "wrong_actor_stance"] {
        let rows = read_jsonl(&errors.path().join(format!("{f}.jsonl")));
        for r in rows {
            assert!(r["article_id"].is_string() && r["context"].is_string(), "{f}: {r}");
        }
    }
}

#[test]
fn text_report_prints_tables_and_the_baseline() {
    let o = standpoint(&["evaluate", "--gold", "tests/fixtures/gold-small.jsonl"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    for needle in ["quotes   overlap", "speakers accuracy", "stance (gold spans)", "stance (end to end)", "sentiment (gold spans)", "[majority `", "confusion"] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
}

#[test]
fn quotes_only_scores_quotes_and_speakers_as_the_full_run_does() {
    let errors = tempfile::tempdir().unwrap();
    let full = standpoint(&["evaluate", "--gold", "tests/fixtures/gold-small.jsonl", "--json"]);
    let quick = standpoint(&["evaluate", "--gold", "tests/fixtures/gold-small.jsonl", "--json", "--quotes-only", "--errors", errors.path().to_str().unwrap()]);
    assert!(full.status.success() && quick.status.success(), "{}", stderr(&quick));
    let full: serde_json::Value = serde_json::from_str(&stdout(&full)).unwrap();
    let quick: serde_json::Value = serde_json::from_str(&stdout(&quick)).unwrap();
    assert_eq!(quick["quotes"], full["quotes"]);
    assert_eq!(quick["speakers"], full["speakers"]);
    assert_eq!(quick["n_predicted_quotes"], full["n_predicted_quotes"]);
    assert!(quick["stance"].is_null() && quick["sentiment"].is_null() && quick["actors"].is_null(), "{quick}");
    // Every inexact match is written with both spans, and they differ.
    let inexact = read_jsonl(&errors.path().join("inexact_quotes.jsonl"));
    let exact_f1 = quick["quotes"]["exact_f1"].as_f64().unwrap();
    assert_eq!(inexact.is_empty(), exact_f1 == quick["quotes"]["f1"].as_f64().unwrap(), "{inexact:?}");
    for r in &inexact {
        assert!(r["predicted"].is_string() && r["predicted"] != r["text"], "{r}");
    }
    assert!(read_jsonl(&errors.path().join("wrong_stance.jsonl")).is_empty());
}
