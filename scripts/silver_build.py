#!/usr/bin/env python3
"""The project's stance and sentiment labels on NewsMTSC sentences (datasets/silver/).

The labels were written for this project (see datasets/silver/README.md); the sentences
are NewsMTSC's (MIT) and stay in ../shared. The committed file holds no text: each line
names a sentence by its NewsMTSC file and `primary_gid` and the quote by character
offsets. Two steps:

  commit (annotators' files, which carry the quote words, to the text-free label file):
    python3 scripts/silver_build.py freeze --pool target/silver --annotations target/silver/labels-*.jsonl \
        --out datasets/silver/newsmtsc-quotes.labels.jsonl
  build (labels + ../shared sentences to spec-format articles under target/, for `train`):
    python3 scripts/silver_build.py build --labels datasets/silver/newsmtsc-quotes.labels.jsonl \
        --newsmtsc ../shared/datasets/newsmtsc --out target/train-data/newsmtsc-quotes.jsonl

Stdlib only. Every problem names the file and line; bad lines are reported and skipped.
"""
import argparse
import glob
import json
import os
import sys

STANCE = {"concessive", "uncompromising", "neutral"}
SENTIMENT = {"positive", "negative", "neutral"}
KIND = {"direct", "indirect", "mixed"}


NEWSMTSC_FILES = ["train.jsonl", "devtest_mt.jsonl", "devtest_rw.jsonl"]


def read_newsmtsc(newsmtsc):
    """Every NewsMTSC line as (file name, primary_gid, sentence), in file order."""
    for name in NEWSMTSC_FILES:
        with open(os.path.join(newsmtsc, name), encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                yield name, d["primary_gid"], d["sentence_normalized"]


def sentences(newsmtsc):
    out = {}
    for name, gid, text in read_newsmtsc(newsmtsc):
        out.setdefault((name, gid), text)
    return out


def freeze(args):
    pool = {}
    for path in sorted(glob.glob(os.path.join(args.pool, "pool-*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                pool[(r["file"], r["gid"])] = r["text"]
    rows, bad, skipped, covered = [], 0, 0, set()
    for path in sorted(p for a in args.annotations for p in glob.glob(a)):
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    r = json.loads(line)
                    k = (r["file"], r["gid"])
                    text = pool[k]
                    covered.add(k)
                    if "skip" in r:
                        skipped += 1
                        continue
                    q = r["quote"]
                    start = text.find(q)
                    if start < 0:
                        raise ValueError("quote is not in the sentence")
                    if r["stance"] not in STANCE or r["sentiment"] not in SENTIMENT or r["kind"] not in KIND:
                        raise ValueError("label outside the label sets")
                    row = {"file": r["file"], "gid": r["gid"], "start": start, "end": start + len(q), "kind": r["kind"],
                           "stance": r["stance"], "sentiment": r["sentiment"]}
                    if r.get("mixed"):
                        row["mixed"] = True
                    rows.append(row)
                except (KeyError, ValueError, json.JSONDecodeError) as e:
                    bad += 1
                    print(f"{path}:{n}: {e!r}", file=sys.stderr)
    rows.sort(key=lambda r: (r["file"], r["gid"], r["start"]))
    with open(args.out, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    print(f"{len(rows)} labelled quotes from {len(covered)} of {len(pool)} pool sentences ({skipped} skipped, {bad} bad lines) -> {args.out}", file=sys.stderr)
    return 1 if bad else 0


def build(args):
    text_of = sentences(args.newsmtsc)
    articles, bad = {}, 0
    with open(args.labels, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                r = json.loads(line)
                text = text_of[(r["file"], r["gid"])]
                quote = text[r["start"]:r["end"]]
                if not quote or r["end"] > len(text):
                    raise ValueError("offsets outside the sentence")
                q = {"quote": quote, "start": r["start"], "end": r["end"], "kind": r["kind"], "stance": r["stance"],
                     "sentiment": r["sentiment"], "mixed": bool(r.get("mixed", False))}
                a = articles.setdefault((r["file"], r["gid"]), {"id": f"newsmtsc:{r['file']}:{r['gid']}", "text": text, "quotes": []})
                a["quotes"].append(q)
            except (KeyError, ValueError, json.JSONDecodeError) as e:
                bad += 1
                print(f"{args.labels}:{n}: {e!r}", file=sys.stderr)
    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        for k in sorted(articles):
            f.write(json.dumps(articles[k], ensure_ascii=False) + "\n")
    n_quotes = sum(len(a["quotes"]) for a in articles.values())
    print(f"{n_quotes} quotes in {len(articles)} sentences ({bad} bad lines) -> {args.out}", file=sys.stderr)
    return 1 if bad else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("freeze")
    f.add_argument("--pool", required=True)
    f.add_argument("--annotations", nargs="+", required=True)
    f.add_argument("--out", required=True)
    b = sub.add_parser("build")
    b.add_argument("--labels", required=True)
    b.add_argument("--newsmtsc", required=True)
    b.add_argument("--out", required=True)
    args = ap.parse_args()
    return freeze(args) if args.cmd == "freeze" else build(args)


if __name__ == "__main__":
    sys.exit(main())
