#!/usr/bin/env python3
"""`make bench-compare`: standpoint's encoder against Python on the same sentences.

    python3 benches/compare/compare.py --venv VENV --sentences FILE --batch 32 --rounds 3

Rounds alternate between the two processes (Python: every config once; Rust: every
backend once), so that machine drift hits both alike. Each side warms up before its timed
pass. Prints sentences/s per configuration (best over rounds), the ratio of standpoint's
fastest configuration whose labels agree with fp32 on at least 99% of sentences (by
default "standpoint int8 + fp32 recheck", `--backend int8`; see bench_encoder.rs) to the
best Python configuration, and that configuration's stance/sentiment label agreement
with standpoint's fp32 forward. The last line is exactly
`speedup=<standpoint / best Python, batch B> agreement=<fraction of labels equal to fp32>`.
Stdlib only; the Python side runs in VENV.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

DEFAULT_BACKEND = "standpoint int8 + fp32 recheck"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--venv", required=True)
    ap.add_argument("--sentences", required=True)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--rust-bin", default="target/release/examples/bench_encoder")
    ap.add_argument("--backend", default=DEFAULT_BACKEND, help="standpoint configuration the speedup is for")
    args = ap.parse_args()

    py_rates, rs_rates, agreement, cosine = {}, {}, {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            out = os.path.join(tmp, f"py{r}.json")
            subprocess.run([os.path.join(args.venv, "bin", "python"), "benches/compare/bench_python.py",
                            "--sentences", args.sentences, "--batch", str(args.batch), "--rounds", "1",
                            "--threads", str(args.threads), "--json", out], check=True, stdout=subprocess.DEVNULL)
            with open(out) as f:
                py = json.load(f)
            for name in ("fp32", "bf16_autocast", "bf16_model", "sentence_transformers"):
                if name in py:
                    py_rates.setdefault(name, []).extend(py[name]["rounds"])
            rs = subprocess.run([args.rust_bin, args.sentences, str(args.batch), "1", str(args.threads)],
                                check=True, capture_output=True, text=True)
            rust = json.loads(rs.stdout)
            for name, v in rust["configs"].items():
                rs_rates.setdefault(name, []).extend(v["rounds"])
                agreement[name] = v["label_agreement_vs_fp32"]
                cosine[name] = v["cosine_min_vs_fp32"]
            print(f"round {r + 1}/{args.rounds} done", file=sys.stderr)

    print(f"sentences/s, batch {args.batch}, {args.threads} threads, best of {args.rounds} alternating rounds")
    print(f"{'configuration':<30} {'best':>8} {'all rounds':<30} labels equal to fp32's / min cosine")
    for name, r in py_rates.items():
        print(f"python {name:<23} {max(r):8.1f} {', '.join(f'{x:.1f}' for x in r):<30}")
    for name, r in rs_rates.items():
        cos = "-" if cosine[name] is None else f"{cosine[name]:.5f}"
        print(f"{name:<30} {max(r):8.1f} {', '.join(f'{x:.1f}' for x in r):<30} {agreement[name]:.4f} / {cos}")
    best_py_name = max(py_rates, key=lambda n: max(py_rates[n]))
    best_py = max(py_rates[best_py_name])
    ours = max(rs_rates[args.backend])
    print("labels: the stance head's for the encoder rows; both heads' for the int8 + recheck row,")
    print("which runs the whole judging step (two overlay branches, both heads, fp32 rechecks)")
    print(f"best Python: {best_py_name} ({best_py:.1f}/s); standpoint ({args.backend}): {ours:.1f}/s")
    print(f"speedup={ours / best_py:.2f} agreement={agreement[args.backend]:.4f}")


if __name__ == "__main__":
    main()
