#!/usr/bin/env python3
"""Draw the pool of NewsMTSC sentences that the project labels for stance and sentiment.

The sentences stay in ../shared; the pool is written under target/ (never committed) and
the project's labels (datasets/silver/newsmtsc-quotes.labels.jsonl) refer to them by file
and `primary_gid` with character offsets. Deterministic: same input, same pool.

    python3 scripts/silver_pool.py --newsmtsc ../shared/datasets/newsmtsc --out target/silver --n 640 --batches 4
"""
import argparse
import hashlib
import json
import os
import re

from silver_build import read_newsmtsc

SPEECH = re.compile(
    r"\b(said|says|say|told|tells|added|warned|warns|insisted|insists|demanded|demands|refused|refuses|rejected|rejects|"
    r"vowed|vows|threatened|threatens|offered|offers|agreed|agrees|urged|urges|called on|argued|argues|stressed|"
    r"declared|announced|proposed|proposes|promised|promises|pledged|ruled out|dismissed|denied|accused|wrote|tweeted)\b"
)
DISPUTE = re.compile(
    r"(negotiat|talks|deal|compromise|agree|offer|propos|reject|refus|demand|won['’]t|will not|never|threat|sanction|"
    r"shutdown|tariff|strike|ceasefire|must|veto|concession|red line|ultimatum|willing|ready to|open to|bargain|"
    r"impeach|subpoena|wall|border|walk away|no deal|accept)", re.I)


def key(s):
    return hashlib.sha256(s.encode()).hexdigest()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--newsmtsc", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--n", type=int, default=640)
    ap.add_argument("--batches", type=int, default=4)
    args = ap.parse_args()
    seen, dispute, other = set(), [], []
    for name, gid, s in read_newsmtsc(args.newsmtsc):
        if s in seen or not SPEECH.search(s) or len(s) > 400:
            continue
        seen.add(s)
        row = {"file": name, "gid": gid, "text": s}
        (dispute if DISPUTE.search(s) else other).append(row)
    # Three in four from sentences with dispute words, ordered by a hash (a fixed shuffle).
    dispute.sort(key=lambda r: key(r["gid"]))
    other.sort(key=lambda r: key(r["gid"]))
    n_d = min(len(dispute), args.n * 3 // 4)
    pool = dispute[:n_d] + other[: args.n - n_d]
    pool.sort(key=lambda r: key("pool" + r["gid"]))
    os.makedirs(args.out, exist_ok=True)
    for b in range(args.batches):
        with open(os.path.join(args.out, f"pool-{b + 1}.jsonl"), "w", encoding="utf-8") as f:
            for r in pool[b :: args.batches]:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(dispute)} dispute and {len(other)} other speech sentences; pool {len(pool)} in {args.batches} batches")


if __name__ == "__main__":
    main()
