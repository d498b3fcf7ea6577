"""LLM naming against the real OpenAI-compatible client and the local chat-completions server."""

from __future__ import annotations

import json
import re
from typing import Any

from clio_pipeline.clustering.llm_naming import MAX_NAME_WORDS, name_clusters_llm
from clio_pipeline.llm.client import OpenAIJsonChat
from clio_pipeline_tests.support.chat_server import LocalChatServer, malformed


def _group_block(body: dict[str, Any]) -> tuple[str, str]:
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    inside = re.search(r"<group_summaries>(.*)</group_summaries>", user, re.S).group(1)
    outside = re.search(r"<contrastive_summaries>(.*)</contrastive_summaries>", user, re.S).group(1)
    return inside, outside


def _responder(body: dict[str, Any]) -> str:
    """Answers from the prompt's content, leaking a rare word and an email as a careless model might."""
    inside, _ = _group_block(body)
    topic = "Python pandas debugging" if "pandas" in inside else (
        "Vegetarian dinner recipe" if "vegetarian" in inside else "Entrevista de trabajo currículum")
    return json.dumps({
        "name": f"{topic} for zorbington users with many extra words here beyond ten",
        "description": f"Users asked about {topic}. Write to jane.doe@example.com for quaxville details.",
    })


def test_llm_names_are_contrastive_and_filtered(clusters) -> None:
    with LocalChatServer(responder=_responder) as server:
        chat = OpenAIJsonChat(server.base_url, "test-key", "local-model", concurrency=4)
        labels = name_clusters_llm(
            chat, clusters.summaries, clusters.user_ids, clusters.labels, clusters.embeddings,
            clusters.centroids, min_users=5,
        )
        bodies = list(server.requests)
    assert len(bodies) == 3
    for body in bodies:
        inside, outside = _group_block(body)
        assert 0 < inside.count("<summary>") <= 50 and 0 < outside.count("<summary>") <= 50
        # The contrastive block holds other clusters' summaries, never this cluster's topic.
        inside_topic = "pandas" if "pandas" in inside else ("vegetarian" if "vegetarian" in inside else "currículum")
        assert inside_topic not in outside
    assert all(label.source == "llm" for label in labels.values())
    assert "pandas" in labels[0].name.lower() and "vegetarian" in labels[1].name.lower()
    for label in labels.values():
        text = f"{label.name} {label.description}".lower()
        assert len(label.name.split()) <= MAX_NAME_WORDS
        for leaked in ["zorbington", "quaxville", "jane.doe", "example.com", "@"]:
            assert leaked not in text


def test_failed_answers_fall_back_to_offline_names(clusters) -> None:
    with LocalChatServer(responder=lambda body: malformed()) as server:
        chat = OpenAIJsonChat(server.base_url, "k", "local-model", max_retries=0, max_invalid_retries=0)
        labels = name_clusters_llm(
            chat, clusters.summaries, clusters.user_ids, clusters.labels, clusters.embeddings,
            clusters.centroids, min_users=5,
        )
    assert {label.source for label in labels.values()} == {"llm_fallback"}
    assert "pandas" in labels[0].name.lower() or "python" in labels[0].name.lower()
    assert all(w not in labels[0].description.lower() for w in ["zorbington", "jane.doe"])
