#!/usr/bin/env python3
"""Python reference for standpoint's encoder speed: all-MiniLM-L6-v2 sentence embeddings
with torch 2.4.1 + transformers 4.46.3 (and sentence-transformers 3.2.1), on CPU.

    VENV/bin/python benches/compare/bench_python.py \\
        --sentences target/bench-sentences.txt --model-dir models/all-MiniLM-L6-v2 \\
        --batch 32 --rounds 3 --threads 2 \\
        --configs fp32,bf16_autocast,bf16_model,sentence_transformers \\
        --json target/bench-python.json --save-embeddings target/bench-python-fp32.f32

What one timed pass is (per config and round): every sentence of the file, from text to
one L2-normalised 384-dim vector per sentence, back in input order. The clock covers
tokenisation, batching, padding, the forward pass, pooling and the copy to numpy, like
standpoint's `Encoder::embed` (Rust), which is the thing being compared.

Configs
  fp32                   transformers AutoModel, fp32 weights and activations.
  bf16_autocast          the same fp32 model under torch.autocast("cpu", dtype=bfloat16):
                         matmuls in bf16 (oneDNN / AMX on Sapphire Rapids), the rest fp32.
  bf16_model             a copy of the model cast with .to(torch.bfloat16): everything
                         bf16; the last hidden state is cast to fp32 before pooling.
  sentence_transformers  SentenceTransformer(model_dir).encode(..., batch_size=B,
                         normalize_embeddings=True), fp32. It uses its own batching: it
                         always sorts by character length (longest first), whatever
                         --sort-by-length says.

For the first three: texts are tokenised in one call (fast tokenizer, no padding,
truncated to --max-tokens, default 256 as on the Rust side); with --sort-by-length (the
default, as on the Rust side) they are ordered by token count (stable sort, shortest
first) before being cut into batches of --batch; with --no-sort-by-length batches follow
input order. Each batch is padded to its own longest member. Pooling: mean over the
tokens under the attention mask, then L2 normalisation: what sentence-transformers does
for this model (1_Pooling/config.json: mean tokens).

Duplicate lines are embedded once (as in the Rust encoder) and copied back.

Method: threads set with torch.set_num_threads(--threads) (and OMP/MKL env defaults);
one warm-up batch per config (the longest batch); then --rounds rounds, each running every
config once in the order given, so that machine drift affects all configs alike. Reported:
sentences per second, best and median over rounds.

Outputs: a table on stdout; --json: {config: {best, median, rounds: [...]}, n_sentences,
batch, threads, versions, agreement_vs_fp32, ...}; --save-embeddings: the fp32 embeddings
of the last round, one row per input line, in input order:
  * PATH ending in .npy: numpy .npy (little-endian float32, C order, shape [n, 384]);
  * any other PATH: raw little-endian float32, row-major, plus PATH.json with
    {"rows", "dim", "dtype": "<f4", "order": "input lines", "sentences": FILE, ...}.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time

# Offline before anything from Hugging Face is imported: never reach for the hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

ALL_CONFIGS = ("fp32", "bf16_autocast", "bf16_model", "sentence_transformers")


def parse_args(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(os.path.dirname(here))
    ap = argparse.ArgumentParser(
        description="Python/torch reference timings for all-MiniLM-L6-v2 sentence embeddings.")
    ap.add_argument("--sentences", required=True, help="text file, one sentence per line")
    ap.add_argument("--model-dir", default=os.path.join(repo, "models", "all-MiniLM-L6-v2"),
                    help="folder with config.json, model.safetensors, tokenizer.json "
                         "(default: the repo's models/all-MiniLM-L6-v2)")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--configs", default=",".join(ALL_CONFIGS),
                    help="comma-separated, from: " + ", ".join(ALL_CONFIGS))
    ap.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (default 2)")
    ap.add_argument("--max-tokens", type=int, default=256,
                    help="truncation length in word pieces, [CLS]/[SEP] included (default 256)")
    ap.add_argument("--sort-by-length", dest="sort_by_length", action="store_true", default=True,
                    help="batch in order of token count, like the Rust encoder (default)")
    ap.add_argument("--no-sort-by-length", dest="sort_by_length", action="store_false",
                    help="batch in input order")
    ap.add_argument("--attn", default="sdpa", choices=("sdpa", "eager"),
                    help="transformers attention implementation (default sdpa, transformers' "
                         "own default for BERT in 4.46)")
    ap.add_argument("--limit", type=int, default=0, help="use only the first N lines")
    ap.add_argument("--json", dest="json_out", help="write results here")
    ap.add_argument("--save-embeddings", help="write the fp32 embeddings here (.npy or raw f32)")
    args = ap.parse_args(argv)
    args.configs = [c.strip() for c in args.configs.split(",") if c.strip()]
    bad = [c for c in args.configs if c not in ALL_CONFIGS]
    if bad or not args.configs:
        ap.error("unknown config(s) {}; choose from {}".format(bad, ", ".join(ALL_CONFIGS)))
    if args.batch < 1 or args.rounds < 1 or args.threads < 1:
        ap.error("--batch, --rounds and --threads must be >= 1")
    return args


def main(argv=None):
    args = parse_args(argv)
    # Thread pools read these at start-up; set them before torch loads.
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, str(args.threads))

    import numpy as np
    import torch
    import transformers
    import tokenizers
    from transformers import AutoModel, AutoTokenizer

    torch.set_num_threads(args.threads)
    transformers.logging.set_verbosity_error()

    with open(args.sentences, encoding="utf-8") as f:
        lines = [line.rstrip("\n") for line in f]
    lines = [l for l in lines if l.strip()]
    if args.limit:
        lines = lines[:args.limit]
    if not lines:
        sys.exit("bench_python: no sentences in {}".format(args.sentences))
    # Duplicates are embedded once, as on the Rust side.
    unique, slot_of = [], {}
    slots = []
    for t in lines:
        if t not in slot_of:
            slot_of[t] = len(unique)
            unique.append(t)
        slots.append(slot_of[t])
    slots = np.asarray(slots, dtype=np.int64)

    model_dir = args.model_dir
    tokenizer = AutoTokenizer.from_pretrained(model_dir, local_files_only=True, use_fast=True)
    model = AutoModel.from_pretrained(model_dir, local_files_only=True,
                                      attn_implementation=args.attn,
                                      torch_dtype=torch.float32)
    model.eval()
    pad_id = tokenizer.pad_token_id or 0

    # ---- the hand-written pipeline (fp32, bf16_autocast, bf16_model) -----------------
    def tokenize(texts):
        enc = tokenizer(texts, padding=False, truncation=True, max_length=args.max_tokens,
                        return_attention_mask=False, return_token_type_ids=False)
        return enc["input_ids"]

    def batches_of(ids):
        order = list(range(len(ids)))
        if args.sort_by_length:
            order.sort(key=lambda i: len(ids[i]))  # stable, shortest first
        return [order[i:i + args.batch] for i in range(0, len(order), args.batch)]

    def pad(ids, batch):
        width = max(len(ids[i]) for i in batch)
        input_ids = torch.full((len(batch), width), pad_id, dtype=torch.long)
        mask = torch.zeros((len(batch), width), dtype=torch.long)
        for row, i in enumerate(batch):
            n = len(ids[i])
            input_ids[row, :n] = torch.tensor(ids[i], dtype=torch.long)
            mask[row, :n] = 1
        return input_ids, mask

    def pool(hidden, mask):
        hidden = hidden.float()
        m = mask.unsqueeze(-1).to(hidden.dtype)
        summed = (hidden * m).sum(dim=1)
        counts = m.sum(dim=1).clamp(min=1e-9)
        return torch.nn.functional.normalize(summed / counts, p=2, dim=1)

    bf16_model = None

    def forward(config, input_ids, mask):
        token_type = torch.zeros_like(input_ids)
        if config == "fp32":
            out = model(input_ids=input_ids, attention_mask=mask, token_type_ids=token_type)
        elif config == "bf16_autocast":
            with torch.autocast("cpu", dtype=torch.bfloat16):
                out = model(input_ids=input_ids, attention_mask=mask, token_type_ids=token_type)
        elif config == "bf16_model":
            out = bf16_model(input_ids=input_ids, attention_mask=mask, token_type_ids=token_type)
        else:
            raise ValueError(config)
        return pool(out.last_hidden_state, mask)

    def run_manual(config, texts):
        with torch.inference_mode():
            ids = tokenize(texts)
            result = np.empty((len(texts), model.config.hidden_size), dtype=np.float32)
            for batch in batches_of(ids):
                input_ids, mask = pad(ids, batch)
                result[batch] = forward(config, input_ids, mask).numpy()
        return result

    # ---- sentence-transformers ----------------------------------------------------------
    st_model = None

    def run_st(texts):
        return st_model.encode(texts, batch_size=args.batch, show_progress_bar=False,
                               convert_to_numpy=True, normalize_embeddings=True,
                               device="cpu").astype(np.float32, copy=False)

    versions = {
        "python": platform.python_version(),
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "tokenizers": tokenizers.__version__,
        "numpy": np.__version__,
        "torch_cpu_capability": torch.backends.cpu.get_cpu_capability(),
        "mkldnn": torch.backends.mkldnn.is_available(),
        "attn_implementation": getattr(model.config, "_attn_implementation", args.attn),
        "cpu": cpu_name(),
    }
    if "bf16_model" in args.configs:
        import copy
        bf16_model = copy.deepcopy(model).to(torch.bfloat16).eval()
    if "sentence_transformers" in args.configs:
        import logging
        import sentence_transformers
        from sentence_transformers import SentenceTransformer
        # The folder has no modules.json: sentence-transformers builds Transformer + mean
        # pooling itself and logs a warning saying so. That is the intended pipeline here.
        logging.getLogger("sentence_transformers").setLevel(logging.ERROR)
        st_model = SentenceTransformer(model_dir, device="cpu", local_files_only=True)
        st_model.max_seq_length = args.max_tokens
        st_model.eval()
        versions["sentence_transformers"] = sentence_transformers.__version__

    def run(config, texts):
        if config == "sentence_transformers":
            return run_st(texts)
        return run_manual(config, texts)

    # ---- warm-up: one batch per config (the longest one) ----------------------------------
    ids_all = tokenize(unique)
    by_len = sorted(range(len(unique)), key=lambda i: len(ids_all[i]))
    warm = [unique[i] for i in by_len[-args.batch:]]
    t0 = time.perf_counter()
    for config in args.configs:
        run(config, warm)
    warm_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    tokenize(unique)
    tok_s = time.perf_counter() - t0

    n = len(lines)
    print("bench_python: {} sentences ({} unique; tokens per sentence min {}, median {}, max {}), "
          "batch {}, threads {}, {}, attn {}".format(
              n, len(unique), len(ids_all[by_len[0]]), len(ids_all[by_len[len(by_len) // 2]]),
              len(ids_all[by_len[-1]]), args.batch, torch.get_num_threads(),
              "sorted by length" if args.sort_by_length else "input order",
              versions["attn_implementation"]), file=sys.stderr)
    print("bench_python: warm-up {:.2f} s; tokenising all sentences alone takes {:.3f} s".format(
        warm_s, tok_s), file=sys.stderr)

    # ---- timed rounds, configs interleaved ---------------------------------------------
    load_start = os.getloadavg()
    if load_start[0] > 0.5:
        print("bench_python: warning: load average is {:.2f} before the timed rounds; other "
              "processes share the CPU and the numbers will be low and noisy".format(
                  load_start[0]), file=sys.stderr)
    rates = {c: [] for c in args.configs}
    seconds = {c: [] for c in args.configs}
    last = {}
    for r in range(args.rounds):
        for config in args.configs:
            t0 = time.perf_counter()
            emb = run(config, unique)
            dt = time.perf_counter() - t0
            rates[config].append(n / dt)
            seconds[config].append(dt)
            last[config] = emb
            print("bench_python: round {}/{} {:<22} {:7.2f} s  {:8.1f} sentences/s".format(
                r + 1, args.rounds, config, dt, n / dt), file=sys.stderr)

    load_end = os.getloadavg()

    # ---- agreement with fp32 (cosine of unit vectors = dot product) ---------------------
    agreement = {}
    ref = last.get("fp32")
    if ref is None and args.save_embeddings:
        ref = run_manual("fp32", unique)
    if ref is not None:
        for config, emb in last.items():
            if config == "fp32":
                continue
            cos = np.sum(ref * emb, axis=1)
            agreement[config] = {"mean_cos": float(cos.mean()), "min_cos": float(cos.min()),
                                 "p01_cos": float(np.quantile(cos, 0.01))}

    results = {}
    for config in args.configs:
        rs = rates[config]
        results[config] = {
            "best": round(max(rs), 2),
            "median": round(statistics.median(rs), 2),
            "rounds": [round(x, 2) for x in rs],
            "seconds": [round(x, 4) for x in seconds[config]],
        }

    # ---- table ----------------------------------------------------------------------
    print()
    print("all-MiniLM-L6-v2, {} sentences, batch {}, {} thread(s), {} round(s), {}".format(
        n, args.batch, args.threads, args.rounds,
        "length-sorted batches" if args.sort_by_length else "input-order batches"))
    print("{:<22} {:>12} {:>12} {:>10} {:>10}".format(
        "config", "best sent/s", "median", "vs fp32", "min cos"))
    base = results.get("fp32", {}).get("median")
    for config in args.configs:
        res = results[config]
        rel = "{:.2f}x".format(res["median"] / base) if base else "-"
        mc = "{:.5f}".format(agreement[config]["min_cos"]) if config in agreement else "-"
        print("{:<22} {:>12.1f} {:>12.1f} {:>10} {:>10}".format(
            config, res["best"], res["median"], rel, mc))

    if args.save_embeddings:
        full = ref[slots]
        save_embeddings(args.save_embeddings, full, args.sentences, np)
        print("bench_python: fp32 embeddings ({} x {}) written to {}".format(
            full.shape[0], full.shape[1], args.save_embeddings), file=sys.stderr)

    if args.json_out:
        doc = dict(results)
        doc.update({
            "n_sentences": n,
            "n_unique": len(unique),
            "batch": args.batch,
            "threads": args.threads,
            "rounds": args.rounds,
            "sort_by_length": args.sort_by_length,
            "max_tokens": args.max_tokens,
            "unit": "sentences/s",
            "sentences_file": os.path.abspath(args.sentences),
            "model_dir": os.path.abspath(model_dir),
            "tokenize_all_seconds": round(tok_s, 4),
            "loadavg_1min": {"start": round(load_start[0], 2), "end": round(load_end[0], 2)},
            "agreement_vs_fp32": agreement,
            "versions": versions,
        })
        parent = os.path.dirname(os.path.abspath(args.json_out))
        os.makedirs(parent, exist_ok=True)
        with open(args.json_out, "w", encoding="utf-8") as f:
            json.dump(doc, f, indent=2)
            f.write("\n")


def save_embeddings(path, emb, sentences_file, np):
    parent = os.path.dirname(os.path.abspath(path))
    os.makedirs(parent, exist_ok=True)
    emb = np.ascontiguousarray(emb, dtype="<f4")
    if path.endswith(".npy"):
        np.save(path, emb)
        return
    with open(path, "wb") as f:
        f.write(emb.tobytes(order="C"))
    with open(path + ".json", "w", encoding="utf-8") as f:
        json.dump({"rows": int(emb.shape[0]), "dim": int(emb.shape[1]), "dtype": "<f4",
                   "layout": "row-major", "order": "input lines",
                   "normalised": True, "config": "fp32",
                   "sentences": os.path.abspath(sentences_file)}, f, indent=2)
        f.write("\n")


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


if __name__ == "__main__":
    main()
