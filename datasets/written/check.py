#!/usr/bin/env python3
"""Sanity checks for statements.jsonl (stdlib only)."""
import json, re, sys, os
from collections import Counter, defaultdict
from difflib import SequenceMatcher

path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "statements.jsonl")
rows = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
ok = True
def bad(msg):
    global ok; ok = False; print("PROBLEM:", msg)

print("total", len(rows))
for key in ["stance", "sentiment", "domain"]:
    print(key, dict(sorted(Counter(r[key] for r in rows).items())))
print("stance x domain")
for d, c in sorted(Counter((r["domain"], r["stance"]) for r in rows).items()):
    print("  ", d, c)
print("stance x sentiment")
for d, c in sorted(Counter((r["stance"], r["sentiment"]) for r in rows).items()):
    print("  ", d, c)
hc = Counter(r.get("hard_case") for r in rows if r.get("hard_case"))
print("hard cases", sum(hc.values()))
for k, v in hc.most_common():
    print("  ", k, v)
print("mixed", sum(1 for r in rows if r.get("mixed")))

for i, r in enumerate(rows, 1):
    for k in ["text", "stance", "sentiment", "domain"]:
        if k not in r: bad(f"line {i} missing {k}")
    if r["stance"] not in {"concessive", "uncompromising", "neutral"}: bad(f"line {i} stance")
    if r["sentiment"] not in {"positive", "negative", "neutral"}: bad(f"line {i} sentiment")
    n = len(r["text"].split())
    if not 8 <= n <= 40: bad(f"line {i} has {n} words: {r['text']}")
    if r.get("mixed") and r["stance"] != "neutral": bad(f"line {i} mixed but not neutral")

norm = lambda t: re.sub(r"[^a-z0-9 ]", "", t.lower())
texts = [norm(r["text"]) for r in rows]
dups = [t for t, c in Counter(texts).items() if c > 1]
print("exact duplicate texts", len(dups))
for t in dups: bad("duplicate: " + t)

openings = Counter(" ".join(t.split()[:5]) for t in texts)
over = {k: v for k, v in openings.items() if v > 3}
print("5-word openings used >3 times", len(over))
for k, v in over.items(): bad(f"opening x{v}: {k}")
print("most common 5-word openings", openings.most_common(5))
print("most common 3-word openings", Counter(" ".join(t.split()[:3]) for t in texts).most_common(8))

near = 0
for i in range(len(texts)):
    for j in range(i + 1, len(texts)):
        a, b = texts[i], texts[j]
        if abs(len(a) - len(b)) > 40: continue
        if SequenceMatcher(None, a, b).ratio() > 0.8:
            near += 1; print("  near-duplicate:", rows[i]["text"], "||", rows[j]["text"])
print("near-duplicate pairs (ratio>0.8)", near)
lens = [len(r["text"].split()) for r in rows]
print("words min/mean/max", min(lens), round(sum(lens)/len(lens), 1), max(lens))
print("OK" if ok else "FAILED")
