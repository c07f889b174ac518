#!/usr/bin/env python3
"""Convert public labelled datasets into {"text", "label", ...} JSON Lines for
training standpoint's stance and sentiment classifier heads.

Usage:
    python3 scripts/prepare_training_data.py --shared /work/shared/datasets \
        --out target/train-data

Writes (into --out only; inside this repository only under target/, which is
git-ignored):
    plover-stance.jsonl                    PLOVER gold-standard records -> stance
    casino-stance.jsonl                    CaSiNo strategy annotations  -> stance
    newsmtsc-sentiment-train.jsonl         NewsMTSC train               -> sentiment
    newsmtsc-sentiment-train-sub.jsonl     the same, at most 300 lines per label
    newsmtsc-sentiment-devtest_mt.jsonl    NewsMTSC devtest_mt (held out)
    newsmtsc-sentiment-devtest_rw.jsonl    NewsMTSC devtest_rw (held out)

Every line: {"text", "label", "source", "orig_label", "id", ...extra fields}.
Output is deterministic: records are sorted by (label, text, id), the CaSiNo cap
uses a fixed seed, and texts are deduplicated per file (a text that occurs with
two different labels is dropped altogether).  Texts under 3 words or over 600
characters are dropped.  Counts go to stderr.

Stdlib only (Python 3.11).  See scripts/README-training-data.md for the
mappings, counts and licences.  The converted text is third-party data
(CC BY-SA 4.0 / MIT / CC BY 4.0) and is never committed to the repository.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import random
import re
import sys
from pathlib import Path

MIN_WORDS = 3
MAX_CHARS = 600
CASINO_CAP = 1500
# A class-balanced subsample of NewsMTSC train, about the size of the other sentiment
# sources, so that it does not swamp the real quotes in the pairs of the fine-tune.
NEWSMTSC_SUB_CAP = 300
SEED = 20240601

# ---------------------------------------------------------------------------
# PLOVER (openeventdata/PLOVER, gold_standard_records/PLOVER_GSR_CAMEO)
# The text is in "text", the PLOVER category in "event".  "mode" exists for
# the material/threat categories (THREATEN: curfew, restrict, violence, ...;
# CONSULT: visit, phone, host, ...) but every mode of a kept category maps to
# the same stance, so the mapping is by category.  "context" is the topic
# (military, economic, ...) and says nothing about stance.
# ---------------------------------------------------------------------------
PLOVER_MAP = {
    # verbal cooperation: agree, offer, promise, accept, willing to meet
    "AGREE": "concessive",
    # yielding to demands: lifting restrictions, accepting demands
    "CONCEDE": "concessive",
    # de-escalation: withdrawal, ceasefire, demobilisation, resignation
    "RETREAT": "concessive",
    # rejecting, refusing, vetoing, declining
    "REJECT": "uncompromising",
    # demands and "must" statements
    "DEMAND": "uncompromising",
    # threats and ultimatums (all modes)
    "THREATEN": "uncompromising",
    # meetings, visits, calls, talks, mediation: procedural reports
    "CONSULT": "neutral",
    # accusations, complaints, denunciations, blame: criticism without a
    # demand is neutral under the project's guidelines
    "DISAPPROVE": "neutral",
    # investigations, inquiries, hearings: factual/procedural reports
    "INVESTIGATE": "neutral",
}
PLOVER_DROPPED_TYPES = {
    "SUPPORT": "ambiguous: mixes third-party praise/welcome (neutral), signed "
               "treaties and forgiveness (concessive) and urging (demand)",
    "AID": "material help by third parties (donations, asylum, evacuations), "
           "not an offer or concession in a dispute",
    "COOPERATE": "material cooperation (exercises, extradition, intelligence "
                 "sharing): no negotiating stance; only 4 records",
    "PROTEST": "physical action (demonstrations, strikes, riots), not a statement",
    "COERCE": "physical action (arrests, bans, curfews imposed), not a statement",
    "FIGHT": "physical action (armed fighting), not a statement",
    "ASSAULT": "physical action (bombings, assassinations), not a statement",
    "SANCTION": "material action (sanctions imposed, ties cut), not a statement",
    "MOBILIZE": "material action (troop/police mobilisation), not a statement",
    "DOCUMENT": "file metadata, no text",
}
# Individual records whose category does not fit the project's label meanings.
PLOVER_DROP_IDS = {
    "PLOVER-GSR01-AGREE-0019": "balanced: committed to opening up 'but will not be rushed'",
    "PLOVER-GSR01-AGREE-0035": "a planned visit (CONSULT-like), no agreement or offer",
    "PLOVER-GSR01-AGREE-0038": "willingness to meet only with a veto: precondition and offer in one",
    "PLOVER-GSR01-AGREE-0040": "third-party mediator's visit",
    "PLOVER-GSR01-AGREE-0041": "third party offering to host a meeting",
    "PLOVER-GSR01-RETREAT-0009": "received an observer mission: a factual meeting, no ground given",
    "PLOVER-GSR01-RETREAT-0010": "third-party peacekeepers arrived: no party gives ground",
    "PLOVER-GSR01-REJECT-0006": "an information blackout imposed: an action, not a rejection",
    "PLOVER-GSR01-REJECT-0017": "'failed to reach agreement': a progress report (neutral)",
    "PLOVER-GSR01-REJECT-0032": "a newspaper violated a ban: no stance",
    "PLOVER-GSR01-DEMAND-0003": "a court order to appear for questioning: legal procedure",
    "PLOVER-GSR01-DEMAND-0013": "'sought refuge': not a demand",
    "PLOVER-GSR01-THREATEN-0019": "announced withdrawal of inspectors: not a threat by the speaker",
    "PLOVER-GSR01-DISAPPROVE-0011": "a call to mobilise against someone: a demand, not plain criticism",
    "PLOVER-GSR01-DISAPPROVE-0012": "a call for sanctions: a demand, not plain criticism",
}

# ---------------------------------------------------------------------------
# NewsMTSC (fhamborg/NewsMTSC): polarity of the sentence towards a target.
# ---------------------------------------------------------------------------
NEWSMTSC_MAP = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
NEWSMTSC_SPLITS = ("train", "devtest_mt", "devtest_rw")

# ---------------------------------------------------------------------------
# CaSiNo (kushalchawla/CaSiNo): per-utterance strategy labels, comma-joined.
# An utterance is mapped only when its whole label set fits one class.
# ---------------------------------------------------------------------------
CASINO_SPLITS = ("train", "valid", "test")
# offers, proposals, counteroffers, "let's work it out" / giving an item up
CASINO_CONCESSIVE_CORE = {"promote-coordination", "no-need"}
# labels that may accompany a concessive core label without changing it
# (vouch-fair may not: with an offer it is often "that's not fair to me, ..."
# - a counteroffer wrapped in a rejection of the partner's offer)
CASINO_CONCESSIVE_COMPAT = {"small-talk", "elicit-pref", "showing-empathy"}
# greetings, chit-chat, asking for the partner's preferences
CASINO_NEUTRAL = {"small-talk", "elicit-pref"}
# never mapped (alone or in a set that is not one of the above):
#   self-need, other-need  - arguments for one's own share; often carry an offer
#   uv-part                - undervaluing the partner's needs; mostly questions
#                            ("do you really need it?"), not refusals
#   vouch-fair             - both "that's fair, I accept" and "that won't work"
#   showing-empathy (alone)- tone, not a position
#   non-strategic          - catch-all: acceptances, offers, summaries


def norm_text(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def length_ok(text: str) -> str | None:
    """Return a drop reason, or None when the text passes the length filters."""
    if len(text.split()) < MIN_WORDS:
        return f"under {MIN_WORDS} words"
    if len(text) > MAX_CHARS:
        return f"over {MAX_CHARS} chars"
    return None


class Stats:
    def __init__(self) -> None:
        self.dropped: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        self.mapping: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        self.labels: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)

    def drop(self, fname: str, reason: str, n: int = 1) -> None:
        self.dropped[fname][reason] += n


def finalize(fname: str, recs: list[dict], stats: Stats, cap: int | None = None) -> list[dict]:
    """Length filter, dedupe (conflicting labels: drop all), optional cap, sort."""
    kept = []
    for r in recs:
        why = length_ok(r["text"])
        if why:
            stats.drop(fname, why)
        else:
            kept.append(r)
    by_text: dict[str, list[dict]] = collections.defaultdict(list)
    for r in kept:
        by_text[r["text"]].append(r)
    out = []
    for text, group in by_text.items():
        group.sort(key=lambda r: r["id"])
        if len({r["label"] for r in group}) > 1:
            stats.drop(fname, "same text with conflicting labels", len(group))
            continue
        if len(group) > 1:
            stats.drop(fname, "duplicate text", len(group) - 1)
        out.append(group[0])
    if cap is not None:
        rng = random.Random(SEED)
        by_label: dict[str, list[dict]] = collections.defaultdict(list)
        for r in sorted(out, key=lambda r: (r["label"], r["text"], r["id"])):
            by_label[r["label"]].append(r)
        out = []
        for label in sorted(by_label):
            group = by_label[label]
            if len(group) > cap:
                stats.drop(fname, f"cap {cap} per label ({label})", len(group) - cap)
                group = rng.sample(group, cap)
            out.extend(group)
    out.sort(key=lambda r: (r["label"], r["text"], r["id"]))
    for r in out:
        stats.labels[fname][r["label"]] += 1
        stats.mapping[fname][(r["orig_label"], r["label"])] += 1
    return out


# ---------------------------------------------------------------------------
def plover_clean(text: str) -> str:
    text = norm_text(text)
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1].strip()
    text = text.replace("``", "\u201c").replace("''", "\u201d").replace("\\$", "$")
    return text


def convert_plover(shared: Path, stats: Stats) -> list[dict]:
    fname = "plover-stance.jsonl"
    records = json.loads((shared / "plover" / "PLOVER_GSR_CAMEO.json").read_text(encoding="utf-8"))
    # A sentence coded more than once is kept only if every coding maps to
    # the same label (a dropped category counts as a different label).
    codings: dict[str, set] = collections.defaultdict(set)
    for r in records:
        if r.get("text"):
            ev = r["event"]
            lab = None if r["id"] in PLOVER_DROP_IDS else PLOVER_MAP.get(ev)
            codings[plover_clean(r["text"])].add(lab or f"dropped:{ev}")
    recs = []
    for r in records:
        ev = r["event"]
        if ev not in PLOVER_MAP:
            stats.drop(fname, f"type {ev}: {PLOVER_DROPPED_TYPES.get(ev, 'unmapped')}")
            continue
        if r["id"] in PLOVER_DROP_IDS:
            stats.drop(fname, f"record {r['id']}: {PLOVER_DROP_IDS[r['id']]}")
            continue
        text = plover_clean(r.get("text", ""))
        if len(codings[text]) > 1:
            stats.drop(fname, f"record {r['id']}: same sentence coded as "
                              + "/".join(sorted(codings[text])))
            continue
        rec = {"text": text, "label": PLOVER_MAP[ev], "source": "plover",
               "orig_label": ev, "id": r["id"]}
        if r.get("mode"):
            rec["mode"] = r["mode"]
        recs.append(rec)
    return finalize(fname, recs, stats)


# ---------------------------------------------------------------------------
def read_newsmtsc(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def convert_newsmtsc(shared: Path, stats: Stats) -> dict[str, list[dict]]:
    rows = {s: read_newsmtsc(shared / "newsmtsc" / f"{s}.jsonl") for s in NEWSMTSC_SPLITS}
    heldout_texts = {norm_text(r["sentence_normalized"])
                     for s in NEWSMTSC_SPLITS if s != "train" for r in rows[s]}
    result = {}
    for split in NEWSMTSC_SPLITS:
        fname = f"newsmtsc-sentiment-{split}.jsonl"
        recs = []
        for r in rows[split]:
            text = norm_text(r["sentence_normalized"])
            pols = {float(t["polarity"]) for t in r["targets"]}
            if len(pols) != 1:
                stats.drop(fname, "targets with different polarities")
                continue
            pol = pols.pop()
            if pol not in NEWSMTSC_MAP:
                stats.drop(fname, f"unknown polarity {pol}")
                continue
            if split == "train" and text in heldout_texts:
                stats.drop(fname, "sentence also in a devtest file")
                continue
            primary = next((t for t in r["targets"] if t["Input.gid"] == r["primary_gid"]),
                           r["targets"][0])
            rec = {"text": text, "label": NEWSMTSC_MAP[pol], "source": "newsmtsc",
                   "orig_label": str(pol), "id": r["primary_gid"],
                   "target": primary["mention"]}
            others = [t["mention"] for t in r["targets"] if t is not primary]
            if others:
                rec["other_targets"] = others
            recs.append(rec)
        result[fname] = finalize(fname, recs, stats)
    sub = "newsmtsc-sentiment-train-sub.jsonl"
    result[sub] = finalize(sub, result["newsmtsc-sentiment-train.jsonl"], stats, cap=NEWSMTSC_SUB_CAP)
    return result


# ---------------------------------------------------------------------------
def casino_label(labels: frozenset) -> tuple[str | None, str]:
    """(label, "") for a mapped label set, else (None, drop reason).

    Drop reasons are checked in this order, so each utterance is counted once.
    """
    if labels & CASINO_CONCESSIVE_CORE and labels <= CASINO_CONCESSIVE_CORE | CASINO_CONCESSIVE_COMPAT:
        return "concessive", ""
    if labels and labels <= CASINO_NEUTRAL:
        return "neutral", ""
    if not labels:
        return None, "no strategy label"
    if "non-strategic" in labels:
        return None, "non-strategic (catch-all)"
    if labels & {"self-need", "other-need"}:
        return None, "contains self-need/other-need (argues for own share)"
    if "uv-part" in labels:
        return None, "contains uv-part (undervalues partner; mostly questions)"
    if "vouch-fair" in labels:
        return None, "contains vouch-fair (accepts or rejects on fairness)"
    return None, "showing-empathy without an offer (tone, not a position)"


def convert_casino(shared: Path, stats: Stats, cap: int) -> list[dict]:
    fname = "casino-stance.jsonl"
    recs = []
    for split in CASINO_SPLITS:
        dialogues = json.loads((shared / "casino" / f"casino_{split}.json").read_text(encoding="utf-8"))
        for d in dialogues:
            for i, (utt, ann) in enumerate(d.get("annotations") or []):
                labels = frozenset(x.strip() for x in ann.split(",") if x.strip())
                orig = ",".join(sorted(labels))
                label, why = casino_label(labels)
                if label is None:
                    stats.drop(fname, f"strategy set not mapped: {why}")
                    stats.mapping[fname + " (dropped)"][(orig, "-")] += 1
                    continue
                recs.append({"text": norm_text(utt), "label": label, "source": "casino",
                             "orig_label": orig, "id": f"casino-{d['dialogue_id']}-{i}",
                             "split": split})
    return finalize(fname, recs, stats, cap=cap)


# ---------------------------------------------------------------------------
def check_out_dir(out: Path) -> None:
    """Refuse to write into the repository anywhere but under target/."""
    repo = Path(__file__).resolve().parent.parent
    out = out.resolve()
    if out == repo or repo in out.parents:
        target = repo / "target"
        if not (out == target or target in out.parents):
            sys.exit(f"refusing to write converted third-party text into the repository "
                     f"outside target/: {out}")


def write_jsonl(path: Path, recs: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def report(files: dict[str, list[dict]], stats: Stats, verbose: bool) -> None:
    err = sys.stderr
    for fname, recs in files.items():
        labs = stats.labels[fname]
        print(f"{fname}: {len(recs)} lines  "
              + "  ".join(f"{k}={labs[k]}" for k in sorted(labs)), file=err)
        for reason, n in sorted(stats.dropped[fname].items()):
            if verbose or not reason.startswith("record "):
                print(f"    dropped {n:5d}  {reason}", file=err)
        n_rec = sum(n for r, n in stats.dropped[fname].items() if r.startswith("record "))
        if n_rec and not verbose:
            print(f"    dropped {n_rec:5d}  individual records (-v lists them)", file=err)
        if verbose:
            for (orig, lab), n in sorted(stats.mapping[fname].items()):
                print(f"    map {orig:40s} -> {lab:15s} {n:5d}", file=err)
            for (orig, lab), n in sorted(stats.mapping.get(fname + " (dropped)", {}).items()):
                print(f"    unmapped {orig:40s} {n:5d}", file=err)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, required=True,
                    help="folder holding plover/, newsmtsc/, casino/")
    ap.add_argument("--out", type=Path, required=True,
                    help="output folder (inside the repo only under target/)")
    ap.add_argument("--casino-cap", type=int, default=CASINO_CAP,
                    help=f"max CaSiNo lines per label (default {CASINO_CAP})")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="also print per-record drops and orig_label -> label counts")
    args = ap.parse_args(argv)

    check_out_dir(args.out)
    stats = Stats()
    files: dict[str, list[dict]] = {}
    files["plover-stance.jsonl"] = convert_plover(args.shared, stats)
    files["casino-stance.jsonl"] = convert_casino(args.shared, stats, args.casino_cap)
    files.update(convert_newsmtsc(args.shared, stats))

    args.out.mkdir(parents=True, exist_ok=True)
    for fname, recs in files.items():
        write_jsonl(args.out / fname, recs)
    report(files, stats, args.verbose)
    print(f"wrote {len(files)} files to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
