#!/usr/bin/env python3
"""Research probe (not part of the product): does fine-tuning all-MiniLM-L6-v2 beat the
frozen encoder for the stance and sentiment heads?

Compares, on the news-quotes dev gold quotes (never trained on):
  frozen   frozen encoder + the Rust heads' logistic regression (embedding + hand features)
  setfit   SetFit-style contrastive fine-tune of the top-k layers (cosine-similarity loss
           on same/different-label pairs), then the same logistic regression
  sup      supervised fine-tune of the top-k layers (linear head, class-weighted CE),
           then the same logistic regression (and the fine-tune's own head, `sup-head`)
  joint    supervised multi-task fine-tune (stance + sentiment heads on one encoder)

Inputs are what the Rust heads see: `examples/dump_examples.rs` writes, per task and file,
the classifier text, the matched cue and the hand-made feature vector (FeatureSet::ALL
without the embedding). Run it first, writing OUTSIDE the repository (the data's text must
not be committed):

  D=/tmp/ft-probe; mkdir -p $D; NQ=/work/shared/datasets/news-quotes
  cargo run --release --example dump_examples -- stance $D/stance-train.jsonl \
      $NQ/train.jsonl datasets/written/statements.jsonl target/train-data/plover-stance.jsonl
  cargo run --release --example dump_examples -- sentiment $D/sentiment-train.jsonl \
      $NQ/train.jsonl datasets/written/statements.jsonl
  for t in stance sentiment; do cargo run --release --example dump_examples -- $t $D/$t-dev.jsonl $NQ/dev.jsonl; done
  HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 /tmp/standpoint-bench-venv/bin/python \
      scripts/finetune_probe.py --dump $D --runs 'frozen:0;setfit:0;sup:0' --out $D/results.jsonl

Training data is that of the current default heads (stance: train.jsonl + statements +
PLOVER; sentiment: train.jsonl + statements). The lower 6-k layers are frozen and their
outputs cached once, so each step only runs the top k layers. Results land in --out
(JSON lines); `--table` renders them as Markdown.
"""
import argparse
import json
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from transformers import AutoModel, AutoTokenizer

MODEL = "/work/wt-finetune/models/all-MiniLM-L6-v2"


def load(path):
    with open(path) as f:
        return [json.loads(l) for l in f if l.strip()]


def macro_f1(gold, pred, labels):
    f1s = []
    for c in labels:
        tp = sum(1 for g, p in zip(gold, pred) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, pred) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, pred) if g == c and p != c)
        pr = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        f1s.append(2 * pr * rc / (pr + rc) if pr + rc else 0.0)
    return sum(f1s) / len(f1s)


# ---------------------------------------------------------------- the Rust heads' fit
def fit_logreg(x, y, k, l2=1.0, epochs=300, lr=0.05):
    """src/train/logreg.rs: standardise, class-balanced CE + l2/2 |w|^2, full-batch Adam."""
    x = torch.tensor(x, dtype=torch.float32)
    mean, std = x.mean(0), x.std(0, unbiased=False)
    std = torch.where(std > 1e-6, std, torch.ones_like(std))
    xs = (x - mean) / std
    y = torch.tensor(y)
    n = len(y)
    counts = torch.bincount(y, minlength=k).float()
    sw = n / (k * counts[y])
    sw = sw / sw.sum()
    w = torch.zeros(k, x.shape[1], requires_grad=True)
    b = torch.zeros(k, requires_grad=True)
    opt = torch.optim.Adam([w, b], lr=lr, betas=(0.9, 0.999), eps=1e-8)
    for _ in range(epochs):
        opt.zero_grad()
        loss = (F.cross_entropy(xs @ w.T + b, y, reduction="none") * sw).sum() + 0.5 * l2 * (w * w).sum()
        loss.backward()
        opt.step()
    w, b = w.detach(), b.detach()
    return lambda xn: ((torch.tensor(xn, dtype=torch.float32) - mean) / std @ w.T + b).argmax(1).numpy()


# ---------------------------------------------------------------- encoder with a frozen bottom
class Encoder:
    def __init__(self, seed, top_k, max_len=128):
        torch.manual_seed(seed)
        self.tok = AutoTokenizer.from_pretrained(MODEL)
        self.model = AutoModel.from_pretrained(MODEL, attn_implementation="eager")
        self.top_k = top_k
        self.max_len = max_len
        n = len(self.model.encoder.layer)
        self.split = n - top_k
        for p in self.model.parameters():
            p.requires_grad = False
        for layer in self.model.encoder.layer[self.split:]:
            for p in layer.parameters():
                p.requires_grad = True
        self.cache = {}

    def trainable(self):
        return [p for p in self.model.parameters() if p.requires_grad]

    def _bottom(self, texts):
        """Hidden states after the frozen layers, cached per text: [len, h] each."""
        todo = [t for t in dict.fromkeys(texts) if t not in self.cache]
        self.model.eval()
        with torch.no_grad():
            for i in range(0, len(todo), 64):
                chunk = todo[i : i + 64]
                enc = self.tok(chunk, padding=True, truncation=True, max_length=self.max_len, return_tensors="pt")
                h = self.model.embeddings(input_ids=enc["input_ids"], token_type_ids=torch.zeros_like(enc["input_ids"]))
                ext = self.model.get_extended_attention_mask(enc["attention_mask"], enc["input_ids"].shape)
                for layer in self.model.encoder.layer[: self.split]:
                    h = layer(h, attention_mask=ext)[0]
                for j, t in enumerate(chunk):
                    L = int(enc["attention_mask"][j].sum())
                    self.cache[t] = h[j, :L].clone()
        return [self.cache[t] for t in texts]

    def embed_t(self, texts, train):
        """Mean-pooled, L2-normalised embeddings with grad through the top layers."""
        hs = self._bottom(texts)
        L = max(h.shape[0] for h in hs)
        H = hs[0].shape[1]
        h = torch.zeros(len(hs), L, H)
        mask = torch.zeros(len(hs), L, dtype=torch.long)
        for i, x in enumerate(hs):
            h[i, : x.shape[0]] = x
            mask[i, : x.shape[0]] = 1
        ext = self.model.get_extended_attention_mask(mask, mask.shape)
        self.model.train(train)
        for layer in self.model.encoder.layer[self.split :]:
            h = layer(h, attention_mask=ext)[0]
        m = mask.unsqueeze(-1).float()
        mean = (h * m).sum(1) / m.sum(1).clamp_min(1e-9)
        return F.normalize(mean, dim=-1)

    def embed(self, texts, bs=64):
        out = []
        with torch.no_grad():
            for i in range(0, len(texts), bs):
                out.append(self.embed_t(texts[i : i + bs], train=False))
        return torch.cat(out).numpy()


# ---------------------------------------------------------------- recipes
def setfit_pairs(y, n_pairs, rng):
    """SetFit's sampling: for random anchors, one positive (same label) and one negative."""
    by = {}
    for i, c in enumerate(y):
        by.setdefault(c, []).append(i)
    pairs = []
    while len(pairs) < n_pairs:
        a = rng.randrange(len(y))
        pos = rng.choice(by[y[a]])
        neg_c = rng.choice([c for c in by if c != y[a]])
        pairs.append((a, pos, 1.0))
        pairs.append((a, rng.choice(by[neg_c]), 0.0))
    rng.shuffle(pairs)
    return pairs[:n_pairs]


def train_setfit(enc, texts, y, seed, n_pairs, epochs, lr, bs=16):
    rng = random.Random(seed)
    opt = torch.optim.AdamW(enc.trainable(), lr=lr, weight_decay=0.01)
    steps = 0
    losses = []
    for ep in range(epochs):
        pairs = setfit_pairs(y, n_pairs, rng)
        for i in range(0, len(pairs), bs):
            batch = pairs[i : i + bs]
            u = enc.embed_t([texts[a] for a, _, _ in batch], train=True)
            v = enc.embed_t([texts[b] for _, b, _ in batch], train=True)
            target = torch.tensor([s for _, _, s in batch])
            loss = F.mse_loss((u * v).sum(-1), target)
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(loss.item())
            steps += 1
    return steps, float(np.mean(losses[: max(1, len(losses) // 10)])), float(np.mean(losses[-max(1, len(losses) // 10) :]))


def train_supervised(enc, tasks, seed, epochs, lr, bs=16, scale=20.0):
    """tasks: list of (texts, y, k). One linear head per task on scale * unit embedding;
    class-weighted CE; multi-task batches alternate between tasks."""
    torch.manual_seed(seed)
    rng = random.Random(seed)
    heads = [torch.nn.Linear(enc.model.config.hidden_size, k) for _, _, k in tasks]
    opt = torch.optim.AdamW([{"params": enc.trainable(), "lr": lr}] + [{"params": h.parameters(), "lr": 1e-2} for h in heads], weight_decay=0.01)
    weights = []
    for _, y, k in tasks:
        counts = np.bincount(y, minlength=k)
        weights.append(torch.tensor(len(y) / (k * counts), dtype=torch.float32))
    steps, losses = 0, []
    for ep in range(epochs):
        batches = []
        for t, (texts, y, k) in enumerate(tasks):
            idx = list(range(len(texts)))
            rng.shuffle(idx)
            batches += [(t, idx[i : i + bs]) for i in range(0, len(idx), bs)]
        rng.shuffle(batches)
        for t, b in batches:
            texts, y, k = tasks[t]
            e = enc.embed_t([texts[i] for i in b], train=True)
            loss = F.cross_entropy(heads[t](e * scale), torch.tensor([y[i] for i in b]), weight=weights[t])
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(loss.item())
            steps += 1
    n = max(1, len(losses) // 10)
    return heads, steps, float(np.mean(losses[:n])), float(np.mean(losses[-n:]))


def evaluate_lr(enc, data, scale=None):
    tr, dv, labels = data["train"], data["dev"], data["labels"]
    xt = np.concatenate([enc.embed([e["text"] for e in tr]), np.array([e["features"] for e in tr])], 1)
    xd = np.concatenate([enc.embed([e["text"] for e in dv]), np.array([e["features"] for e in dv])], 1)
    y = [labels.index(e["label"]) for e in tr]
    predict = fit_logreg(xt, y, len(labels))
    pred = [labels[i] for i in predict(xd)]
    return macro_f1([e["label"] for e in dv], pred, labels)


def head_f1(enc, head, data, scale=20.0):
    dv, labels = data["dev"], data["labels"]
    with torch.no_grad():
        p = head(torch.tensor(enc.embed([e["text"] for e in dv])) * scale).argmax(1).numpy()
    return macro_f1([e["label"] for e in dv], [labels[i] for i in p], labels)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dump", default="/tmp/ft-probe")
    ap.add_argument("--runs", default="frozen:0", help="recipe:seed[:top_k] separated by ;")
    ap.add_argument("--tasks", default="stance,sentiment")
    ap.add_argument("--pairs", type=int, default=4000)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--sup-epochs", type=int, default=3)
    ap.add_argument("--lr", type=float, default=2e-5)
    ap.add_argument("--top-k", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", default="/tmp/ft-probe/results.jsonl")
    ap.add_argument("--table", action="store_true", help="print --out as a Markdown table and exit")
    args = ap.parse_args()
    if args.table:
        print("| recipe | top layers | seed | task | dev macro-F1 (LR head) | fine-tune's own head | train s |")
        print("|---|---|---|---|---|---|---|")
        for r in load(args.out):
            f1, own = r["dev_macro_f1"], r.get("dev_macro_f1_own_head")
            tasks = list(f1) if isinstance(f1, dict) else [r["task"]]
            for t in tasks:
                v = f1[t] if isinstance(f1, dict) else f1
                o = (own[t] if isinstance(own, dict) else own) if own is not None else None
                print(f"| {r['recipe']} | {r['top_k']} | {r['seed']} | {t} | {v:.3f} | {'' if o is None else f'{o:.3f}'} | {r.get('train_s', '')} |")
        return
    torch.set_num_threads(args.threads)
    data = {}
    for t in args.tasks.split(","):
        tr = load(f"{args.dump}/{t}-train.jsonl")
        dv = load(f"{args.dump}/{t}-dev.jsonl")
        data[t] = {"train": tr, "dev": dv, "labels": sorted({e["label"] for e in tr})}
    for run in args.runs.split(";"):
        parts = run.split(":")
        recipe, seed = parts[0], int(parts[1])
        top_k = int(parts[2]) if len(parts) > 2 else args.top_k
        lr = float(parts[3]) if len(parts) > 3 else args.lr
        tasks = list(data) if recipe in ("frozen", "joint") else None
        for t in ([None] if recipe == "joint" else list(data)):
            t0 = time.time()
            enc = Encoder(seed, top_k if recipe != "frozen" else 0)
            rec = {"recipe": recipe, "seed": seed, "top_k": top_k if recipe != "frozen" else 0, "lr": lr}
            if recipe == "frozen":
                rec.update(task=t, dev_macro_f1=evaluate_lr(enc, data[t]))
            elif recipe == "setfit":
                d = data[t]
                y = [d["labels"].index(e["label"]) for e in d["train"]]
                steps, l0, l1 = train_setfit(enc, [e["text"] for e in d["train"]], y, seed, args.pairs, args.epochs, lr)
                rec.update(task=t, pairs=args.pairs, epochs=args.epochs, steps=steps, loss_first=l0, loss_last=l1)
                rec["train_s"] = round(time.time() - t0, 1)
                rec["dev_macro_f1"] = evaluate_lr(enc, d)
            elif recipe == "sup":
                d = data[t]
                y = [d["labels"].index(e["label"]) for e in d["train"]]
                heads, steps, l0, l1 = train_supervised(enc, [([e["text"] for e in d["train"]], y, len(d["labels"]))], seed, args.sup_epochs, lr)
                rec.update(task=t, epochs=args.sup_epochs, steps=steps, loss_first=l0, loss_last=l1)
                rec["train_s"] = round(time.time() - t0, 1)
                rec["dev_macro_f1"] = evaluate_lr(enc, d)
                rec["dev_macro_f1_own_head"] = head_f1(enc, heads[0], d)
            elif recipe == "joint":
                ts = list(data)
                specs = []
                for tt in ts:
                    d = data[tt]
                    specs.append(([e["text"] for e in d["train"]], [d["labels"].index(e["label"]) for e in d["train"]], len(d["labels"])))
                heads, steps, l0, l1 = train_supervised(enc, specs, seed, args.sup_epochs, lr)
                rec.update(task="+".join(ts), epochs=args.sup_epochs, steps=steps, loss_first=l0, loss_last=l1)
                rec["train_s"] = round(time.time() - t0, 1)
                rec["dev_macro_f1"] = {tt: evaluate_lr(enc, data[tt]) for tt in ts}
                rec["dev_macro_f1_own_head"] = {tt: head_f1(enc, h, data[tt]) for tt, h in zip(ts, heads)}
            rec["total_s"] = round(time.time() - t0, 1)
            print(json.dumps(rec), flush=True)
            with open(args.out, "a") as f:
                f.write(json.dumps(rec) + "\n")


if __name__ == "__main__":
    main()
