#!/usr/bin/env python3
"""Build statements.jsonl from the hand-written batch files in src/ (stdlib only)."""
import json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
STANCE = {"C": "concessive", "U": "uncompromising", "N": "neutral"}
SENT = {"+": "positive", "-": "negative", "0": "neutral"}
HARD = {
    "co": "conditional_offer",
    "pr": "polite_refusal",
    "th": "threat_without_refusal_verb",
    "cd": "concession_phrased_as_demand",
    "dm": "demand_phrased_as_call",
    "cr": "criticism_without_demand",
    "tp": "third_party_praise",
    "pg": "progress_report",
    "ga": "general_appeal",
    "rr": "relayed_refusal",
    "mx": "balanced_mixed",
    "ag": "admitting_need_to_give_ground",
    "rl": "red_line_or_insisting",
    "pc": "precondition",
    "da": "defending_own_agreement",
    "nr": "negated_refusal_is_willingness",
    "dp": "dismissing_other_side_offer",
}
DOMAINS = ["diplomacy", "labour", "trade", "corporate", "legislative", "legal"]

def parse(domain):
    rows = []
    path = os.path.join(HERE, "src", domain + ".txt")
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        head, text = line.split("|", 1)
        parts = head.split()
        code = parts[0]
        st, se = STANCE[code[0]], SENT[code[1]]
        row = {"text": text.strip(), "stance": st, "sentiment": se, "domain": domain}
        if len(parts) > 1:
            hc = HARD[parts[1]]
            row["hard_case"] = hc
            if hc == "balanced_mixed":
                assert st == "neutral", (path, n)
                row["mixed"] = True
        rows.append(row)
    return rows

def main():
    out = os.path.join(HERE, "statements.jsonl")
    rows = [r for d in DOMAINS for r in parse(d)]
    with open(out, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} rows to {out}")

if __name__ == "__main__":
    main()
