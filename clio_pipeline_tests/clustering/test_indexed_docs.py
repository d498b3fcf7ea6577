"""Shares counted through the phrase index are exactly the shares counted summary by summary, so `choose`
ranks candidates exactly as before; only faster."""

from __future__ import annotations

import numpy as np

from clio_pipeline.clustering import name_choice
from clio_pipeline.clustering.name_choice import Candidate, IndexedDocs, choose, share
from clio_pipeline.clustering.phrases import Doc, Scored

WORDS = ["alarm", "set", "cancel", "flight", "book", "pasta", "cook", "resume", "write", "tax"]


def _docs(rng: np.random.Generator, n: int) -> list[Doc]:
    docs = []
    for i in range(n):
        words = rng.choice(WORDS, size=rng.integers(0, 5), replace=False).tolist()
        keys = [(w,) for w in words] + [tuple(words[j:j + 2]) for j in range(len(words) - 1)]
        docs.append(Doc(user=f"u{i % 7}", language="en", phrases={k: (k, False) for k in keys}))
    return docs


def _candidates(rng: np.random.Generator, n: int) -> list[Candidate]:
    out = []
    for i in range(n):
        a, b = rng.choice(WORDS, size=2, replace=False).tolist()
        phrase = Scored((a,), a, 1.0, 1, False)
        if i % 3 == 0:
            out.append(Candidate(f"{a} {b}", ((a,), (b,)), phrase, 0.9))  # composed: both words
        elif i % 3 == 1:
            out.append(Candidate(f"{a} and {b}", ((a,), (b,)), phrase, 0.8, any_of=(((a,),), ((b,),))))  # pair
        else:
            out.append(Candidate(a, ((a,),), phrase, 1.0 - i / 100))
    out.append(Candidate("nothing", (), Scored((), "", 0.0, 0, False), 0.5))  # no key: matches every summary
    return out


def test_indexed_shares_equal_summary_by_summary_shares() -> None:
    rng = np.random.default_rng(0)
    for n in (0, 1, 5, 70, 300):
        docs = _docs(rng, n)
        indexed = IndexedDocs(docs)
        for candidate in _candidates(rng, 30):
            expected = sum(candidate.matches(d) for d in docs) / n if n else 0.0
            assert share(candidate, indexed) == expected == share(candidate, docs)


def test_choose_ranks_as_without_the_index(monkeypatch) -> None:
    rng = np.random.default_rng(1)
    inside, siblings = _docs(rng, 200), [_docs(rng, 120) for _ in range(5)]
    options = [c for c in _candidates(rng, 40) if c.keys]
    indexed = choose(options, inside, siblings)
    # Every share by the summary-by-summary pass, as before the index.
    monkeypatch.setattr(name_choice.IndexedDocs, "count", lambda self, c: sum(map(c.matches, self.docs)))
    plain = choose(options, inside, siblings)
    assert [c.text for c in indexed] == [c.text for c in plain]
    assert len(indexed) >= len(options)
