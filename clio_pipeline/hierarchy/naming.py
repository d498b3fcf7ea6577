"""Names for parent clusters, and the privacy pass every hierarchy name goes through.

The offline backend names a level's parents all at once with the clustering stage's class-based
TF-IDF (`clio_pipeline.clustering.naming.name_clusters_offline`): each parent is one "class" made of
its conversations' summaries, so its distinctive words are contrastive against its sibling parents
on the same level. That function already applies the distinct-users word rule; `publishable` applies
the scrubber and the word rule again to every name either backend produces, because an LLM may
copy a rare word from a child description and a name is published as-is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from clio_pipeline.hierarchy.tree import TreeNode
from clio_pipeline.privacy.policy import FALLBACK_NAME, DisclosurePolicy, drop_dangling_function_words


class NamePrivacy:
    """The disclosure policy's text rules over the window's summaries, with the word rule built once per tree."""

    def __init__(self, summaries: Mapping[str, str], users: Mapping[str, str], min_users: int) -> None:
        from clio_pipeline.privacy.word_rule import WordRule

        ids = [c for c in summaries if c in users]
        self.rule = WordRule.from_texts([summaries[c] for c in ids], [users[c] for c in ids], min_users)

    def publishable(self, text: str) -> str:
        """`text` scrubbed of PII and stripped of words the publication rule does not allow."""
        return DisclosurePolicy.publishable_text(text, self.rule)

    def name_and_description(self, name: str, description: str) -> tuple[str, str]:
        """A publishable (name, description); a name emptied by the filters gets the neutral fallback."""
        return drop_dangling_function_words(self.publishable(name)) or FALLBACK_NAME, self.publishable(description)


def name_parents_offline(
    parents: Sequence[TreeNode],
    *,
    embedding_of: Mapping[str, np.ndarray],
    summaries: Mapping[str, str],
    users: Mapping[str, str],
    min_users: int,
    privacy: NamePrivacy,
) -> list[tuple[str, str]]:
    """(name, description) for each parent, contrastive against the other parents of its level.

    `embedding_of` maps a conversation to the embedding that stands in for it; the hierarchy only has
    base-cluster centroids, so each conversation is represented by its base cluster's centroid.
    """
    from clio_pipeline.clustering.naming import name_clusters_offline

    texts: list[str] = []
    user_ids: list[str] = []
    labels: list[int] = []
    vectors: list[np.ndarray] = []
    for index, parent in enumerate(parents):
        for conversation_id in sorted(parent.conversation_ids):
            summary = summaries.get(conversation_id)
            if not summary:
                continue
            texts.append(summary)
            user_ids.append(users[conversation_id])
            labels.append(index)
            vectors.append(embedding_of[conversation_id])
    if not texts:
        return [(FALLBACK_NAME, "") for _ in parents]
    centroids = np.stack([np.asarray(p.centroid, dtype=np.float32) for p in parents])
    labelled = name_clusters_offline(
        texts,
        user_ids,
        np.asarray(labels, dtype=np.int64),
        np.stack(vectors).astype(np.float32),
        centroids,
        min_users=min_users,
        rule=privacy.rule,  # built once per tree from every summary, not once per level
    )
    result = []
    for index in range(len(parents)):
        label = labelled.get(index)
        name, description = (label.name, label.description) if label is not None else ("", "")
        result.append(privacy.name_and_description(name, description))
    return result
