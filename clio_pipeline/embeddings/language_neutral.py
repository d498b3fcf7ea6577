"""Removing the language component from multilingual sentence embeddings before clustering.

A multilingual encoder places a request near its translations, but every vector also carries a
direction shared by all texts of its language (Libovický et al., 2020, "On the Language Neutrality of
Pre-trained Multilingual Representations"). k-means picks that direction up and splits clusters by
language. Subtracting each language's mean vector (and adding back the overall mean) removes it: the
paper's "centering", cheap and with no training data.

Which texts the means are estimated over matters as much as the formula. `base_clusters` centers the
whole clustering window at once (`clustering.window.WindowData.language_neutral`): every vector
k-means sees is moved by the same per-language offset, and consecutive windows share all but one day,
so the offsets drift slowly and stable topics keep their conversations. Centering each daily partition
on its own (the first version)
estimated a small language's mean from a day's few texts, whose mix of requests changes daily: the
same request was moved differently on different days (in the embeddings asset test, by about half as
much as the centering moves it). Over a window, a conversation's centered vector moves by a cosine of
0.9997 from one day's clustering to the next (topics end-to-end data, 2-day window). The stored
`embeddings` are the model's raw vectors.

A language with few texts has a noisy mean, which would move its vectors by topic rather than by
language, so each language's mean is shrunk towards the overall mean with the weight of
`prior_texts` pseudo-texts: a language of 5 texts moves little, one of 5,000 by its own mean. The
overall mean assumes that languages share their topics; where one language's users ask about
different things, part of that difference is removed with the language (documented, measured in
bench/multilingual.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

PRIOR_TEXTS = 50  # weight of the overall mean in each language's mean, in texts
UNDETERMINED = "und"


def center_by_language(vectors: np.ndarray, languages: Sequence[str], prior_texts: int = PRIOR_TEXTS) -> np.ndarray:
    """Vectors with their language's (shrunk) mean replaced by the overall mean, re-normalised.

    Texts of undetermined language ("und") are left as they are: they have no language mean.
    """
    vectors = np.asarray(vectors, dtype=np.float32)
    if len(vectors) != len(languages):
        raise ValueError(f"{len(vectors)} vectors for {len(languages)} languages")
    if len(vectors) == 0:
        return vectors.copy()
    overall = vectors.mean(axis=0)
    codes = np.asarray(languages, dtype=object)
    out = vectors.copy()
    for language in set(languages) - {UNDETERMINED}:
        rows = codes == language
        n = int(rows.sum())
        shrunk = (vectors[rows].sum(axis=0) + prior_texts * overall) / (n + prior_texts)
        out[rows] += overall - shrunk
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.maximum(norms, 1e-12)
