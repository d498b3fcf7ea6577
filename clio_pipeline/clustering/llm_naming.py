"""Cluster names from an LLM with the Clio paper's contrastive prompt.

For each cluster the model sees up to 50 summaries from inside it (a seeded random sample, so the
prompt, and therefore the response-cache key, is stable across runs) and up to 50 summaries from
OUTSIDE it that are nearest to its centroid, and is asked for a name of at most 10 words and a
two-sentence description that tell the cluster apart from those neighbours, with no personal data.
All requests go through `JsonChat.run_batch` in one batch; the client owns concurrency, retries,
the response cache and the token ledger.

Every answer then passes the PII scrubber and the distinct-users word rule (an LLM can copy a rare
word from a summary). A cluster whose request failed, or whose filtered name is empty, gets the
offline contrastive name instead, marked `source="llm_fallback"`: the fallback is recorded as data
rather than written into the published description.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from pydantic import BaseModel, Field

from clio_pipeline.clustering.contrast import cluster_members, nearest_outside
from clio_pipeline.clustering.naming import ClusterLabel, name_clusters_offline, publishable
from clio_pipeline.llm.protocol import JsonChat, ask_all
from clio_pipeline.privacy.word_rule import WordRule

PURPOSE = "cluster_name"
SAMPLE_INSIDE = 50
SAMPLE_OUTSIDE = 50
MAX_NAME_WORDS = 10

SYSTEM_PROMPT = """You are summarizing a group of related statements (summaries of AI-assistant \
conversations) into a short name and description. Your goal is to distinguish this group from \
contrastive examples: statements that are similar but belong to other groups.
Rules:
- The name is an imperative or descriptive phrase of at most 10 words, specific enough to tell the \
group apart from the contrastive examples (e.g. "Debug Python errors in data-analysis scripts").
- The description is exactly two sentences, in the past tense, describing what the conversations \
in the group have in common and what sets them apart from the contrastive examples.
- Never include personal or identifying information: no names of people, no contact details, no \
addresses, account numbers, small organisations or rare specifics. Describe patterns, not people.
Answer with JSON only: {"name": "...", "description": "..."}"""


class ClusterNameAnswer(BaseModel):
    """The model's structured answer."""

    name: str = Field(min_length=1, max_length=300)
    description: str = Field(default="", max_length=3000)


def naming_prompt(inside: Sequence[str], outside: Sequence[str]) -> str:
    """The user message for one cluster: its summaries, then the contrastive ones."""
    inside_block = "\n".join(f"<summary>{s}</summary>" for s in inside)
    outside_block = "\n".join(f"<summary>{s}</summary>" for s in outside)
    return (
        "Here are summaries of conversations in the group:\n"
        f"<group_summaries>\n{inside_block}\n</group_summaries>\n\n"
        "Here are contrastive summaries from nearby groups (NOT in this group):\n"
        f"<contrastive_summaries>\n{outside_block}\n</contrastive_summaries>\n\n"
        "Give the group a name of at most 10 words and a two-sentence description, as JSON."
    )


def _first_words(text: str, limit: int) -> str:
    words = text.split()
    return " ".join(words[:limit]).rstrip(",;:-") if len(words) > limit else text.strip()


def name_clusters_llm(
    chat: JsonChat,
    summaries: Sequence[str],
    user_ids: Sequence[str],
    labels: np.ndarray,
    embeddings: np.ndarray,
    centroids: np.ndarray,
    *,
    min_users: int,
    model_prompt_version: str = "v1",
    rule: WordRule | None = None,
) -> dict[int, ClusterLabel]:
    """An LLM-written, privacy-filtered name and description per cluster id present in `labels`;
    `rule` defaults to the word rule over `summaries`/`user_ids`, as in `name_clusters_offline`."""
    if not (len(summaries) == len(user_ids) == len(labels) == len(embeddings)):
        raise ValueError("summaries, user_ids, labels and embeddings must have the same length")
    rule = rule or WordRule.from_texts(summaries, user_ids, min_users)
    embeddings = np.asarray(embeddings, dtype=np.float32)
    centroids = np.asarray(centroids, dtype=np.float32)
    members = cluster_members(labels)
    clusters = sorted(members)
    prompts: list[str] = []
    for cluster in clusters:
        idx = members[cluster]
        rng = np.random.default_rng(cluster)  # per cluster: stable prompt whatever the other clusters
        inside = idx if len(idx) <= SAMPLE_INSIDE else np.sort(rng.choice(idx, SAMPLE_INSIDE, replace=False))
        outside = nearest_outside(cluster, members, embeddings, centroids, SAMPLE_OUTSIDE)
        prompts.append(naming_prompt([summaries[int(i)] for i in inside], [summaries[int(i)] for i in outside]))
    results = ask_all(chat, prompts, prompt_version=model_prompt_version, purpose=PURPOSE, system=SYSTEM_PROMPT,
                      response_model=ClusterNameAnswer, max_tokens=300)
    offline: dict[int, ClusterLabel] | None = None
    labelled: dict[int, ClusterLabel] = {}
    for cluster, result in zip(clusters, results, strict=True):
        idx = members[cluster]
        n_users = len({user_ids[int(i)] for i in idx})
        answer = result.parsed if result.ok else None
        name = publishable(_first_words(answer.name, MAX_NAME_WORDS), rule) if answer else ""
        if name:
            labelled[cluster] = ClusterLabel(
                name=name,
                description=publishable(answer.description, rule),
                n_conversations=len(idx),
                n_users=n_users,
                source="llm",
            )
            continue
        if offline is None:  # computed once, only if some cluster needs it
            offline = name_clusters_offline(
                summaries, user_ids, labels, embeddings, centroids, min_users=min_users, rule=rule
            )
        labelled[cluster] = offline[cluster].model_copy(update={"source": "llm_fallback"})
    return labelled
