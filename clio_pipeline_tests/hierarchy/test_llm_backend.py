"""The LLM hierarchy algorithm against the real client and a real local chat-completions server.

Only the model's answers are scripted (by reading our own prompts, as a model would); the client,
HTTP, JSON parsing, repairs and tree building are the real code. The script deliberately names a
parent that does not exist, assigns a child twice, drops a child, proposes a category nobody joins,
and puts personal data in a name: the tree must come out whole, repaired and clean.
"""

from __future__ import annotations

import json
import re
import zlib
from typing import Any

import numpy as np
import pytest

from clio_pipeline.hierarchy.invariants import check_invariants
from clio_pipeline.hierarchy.llm_assign import resolve_assignments
from clio_pipeline.hierarchy.llm_backend import build_hierarchy_llm, build_hierarchy_llm_report
from clio_pipeline.hierarchy.llm_prompts import AssignmentBatch, ChildAssignment
from clio_pipeline.hierarchy.tree import HierarchyError
from clio_pipeline.llm.client import OpenAIJsonChat
from clio_pipeline_tests.support.chat_server import LocalChatServer, malformed

PLANTED_IN_ANSWER = ("quillfeather", "jane", "roe")


def hashed_embed(texts: list[str]) -> np.ndarray:
    """A deterministic bag-of-words embedding: texts sharing words are close (stands in for the encoder)."""
    matrix = np.zeros((len(texts), 256), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in re.findall(r"[a-z]+", text.lower()):
            matrix[row, zlib.crc32(word.encode()) % 256] += 1.0
    return matrix


def _prompt(body: dict[str, Any]) -> str:
    """Our prompt: the first user message (a retry after an invalid answer appends later ones)."""
    return next(m["content"] for m in body["messages"] if m["role"] == "user")


def _block(prompt: str, tag: str) -> list[str]:
    match = re.search(f"<{tag}>\n(.*?)\n</{tag}>", prompt, re.DOTALL)
    return [line.strip() for line in match.group(1).splitlines()] if match else []


def _category(domain: str) -> str:
    return f"{domain.capitalize()} advice and questions"


class ScriptedModel:
    """Answers the three hierarchy prompts; `faults` switches on the deliberate mistakes."""

    def __init__(self, domains: dict[str, list[str]], faults: bool = True) -> None:
        self.domains = domains
        self.faults = faults

    def domain_in(self, text: str) -> str | None:
        lowered = text.lower()
        for domain, topics in self.domains.items():
            if domain in lowered or any(topic in lowered for topic in topics):
                return domain
        return None

    def __call__(self, body: dict[str, Any]) -> str:
        prompt = _prompt(body)
        if prompt.startswith("Here are lower-level clusters"):
            found = {self.domain_in(line) for line in _block(prompt, "clusters")} - {None}
            names = [_category(d) for d in sorted(found)] + ["Miscellaneous other requests"]
            return json.dumps({"names": names})
        if prompt.startswith("Assign each cluster"):
            categories = [c.removeprefix("- ") for c in _block(prompt, "categories")]
            answers = []
            for line in _block(prompt, "clusters"):
                key, text = line.split(": ", 1)
                domain = self.domain_in(text)
                best = next((c for c in categories if domain and domain in c.lower()), categories[0])
                if self.faults and "regex" in text:
                    best = "Programming advice"  # not a category as written
                if self.faults and "visa" in text:
                    continue  # dropped
                answers.append({"child": key, "parent": best})
                if self.faults and "yoga" in text:
                    answers.append({"child": key, "parent": categories[-1]})  # assigned twice
            answers.append({"child": "c999", "parent": categories[0]})  # a child that was not asked about
            return json.dumps({"assignments": answers})
        if prompt.startswith("These clusters were grouped"):
            candidate = re.search(r'category "(.*?)"', prompt).group(1)
            domain = self.domain_in(" ".join(_block(prompt, "clusters"))) or "general"
            name = f"{domain.capitalize()} help"
            if self.faults and domain == "cooking":
                name += " for Quillfeather"
            description = (
                f"Conversations about {domain} under {candidate}. Write to jane.roe@example.org today."
            )
            return json.dumps({"name": name, "description": description + " A third sentence."})
        return "{}"


def _client(server: LocalChatServer) -> OpenAIJsonChat:
    return OpenAIJsonChat(server.base_url, "test-key", "local-model", concurrency=4, max_retries=1,
                          backoff_base_s=0.01)  # fmt: skip


def test_llm_tree_is_repaired_whole_and_clean(synthetic) -> None:
    with LocalChatServer(responder=ScriptedModel(synthetic.domains)) as server:
        result = build_hierarchy_llm_report(
            _client(server), synthetic.base, embed=hashed_embed, summaries=synthetic.summaries,
            users=synthetic.users, min_users=3, top_size=5, neighbourhood_size=5, id_prefix="2026-01-01",
        )  # fmt: skip
    nodes = result.nodes
    assert check_invariants(nodes, users=synthetic.users) == []
    kinds = [repair.kind for repair in result.repairs]
    for kind in ("unknown_parent", "duplicate_assignment", "dropped_child", "unknown_child", "empty_parent"):
        assert kind in kinds, (kind, result.repairs)

    # No child lost, and every repair landed where the embedding says it belongs.
    base_ids = {node.cluster_id for node in synthetic.base}
    assert {n.cluster_id for n in nodes if n.level == 0} == base_ids
    top = [n for n in nodes if n.level == 1]
    assert len(top) == 4  # the unused "Miscellaneous" candidate was removed
    for parent in top:
        domains = {synthetic.domain_of_base[n.cluster_id] for n in nodes if n.parent_id == parent.cluster_id}
        assert len(domains) == 1, (parent.name, domains)
    assert [p.cluster_id for p in top] == [f"2026-01-01-L1-{i:04d}" for i in range(4)]

    # Names: scrubbed, word rule applied, at most 10 words, descriptions of at most two sentences.
    for node in top:
        text = f"{node.name} {node.description}".lower()
        for word in (*PLANTED_IN_ANSWER, *synthetic.planted_words):
            assert word not in text, (word, text)
        assert "@" not in text and "[" not in text
        assert len(node.name.split()) <= 10
        assert node.description.count(".") <= 2
    cooking = next(
        p for p in top if synthetic.domain_of_base[min(_children(nodes, p.cluster_id))] == "cooking"
    )
    assert cooking.name == "Cooking help"  # "for Quillfeather" removed, and the dangling "for" with it


def _children(nodes, parent_id: str) -> list[str]:
    return [n.cluster_id for n in nodes if n.parent_id == parent_id]


def test_llm_tree_with_more_levels_keeps_every_invariant(synthetic) -> None:
    with LocalChatServer(responder=ScriptedModel(synthetic.domains, faults=False)) as server:
        nodes = build_hierarchy_llm(
            _client(server), synthetic.base, embed=hashed_embed, summaries=synthetic.summaries,
            users=synthetic.users, min_users=3, top_size=2, n_levels=3, neighbourhood_size=8, id_prefix="p",
        )  # fmt: skip
    assert check_invariants(nodes, users=synthetic.users) == []
    assert max(n.level for n in nodes) == 2
    roots = [n for n in nodes if n.parent_id is None]
    assert sum(r.n_conversations for r in roots) == sum(b.n_conversations for b in synthetic.base)


def test_unusable_assignments_fail_loudly(synthetic) -> None:
    def responder(body: dict[str, Any]) -> str:
        if _prompt(body).startswith("Assign each cluster"):
            return json.dumps({"assignments": []})  # drops every child
        return ScriptedModel(synthetic.domains)(body)

    with LocalChatServer(responder=responder) as server, pytest.raises(HierarchyError, match="needed repair"):
        build_hierarchy_llm(
            _client(server), synthetic.base, embed=hashed_embed, summaries=synthetic.summaries,
            users=synthetic.users, min_users=3, top_size=5, neighbourhood_size=10, id_prefix="p",
        )  # fmt: skip


def test_no_usable_proposals_fail_loudly(synthetic) -> None:
    with (
        LocalChatServer(responder=lambda body: malformed()) as server,
        pytest.raises(HierarchyError, match="no usable"),
    ):
        build_hierarchy_llm(
            _client(server), synthetic.base, embed=hashed_embed, summaries=synthetic.summaries,
            users=synthetic.users, min_users=3, top_size=5, neighbourhood_size=10, id_prefix="p",
        )  # fmt: skip


def test_resolve_assignments_repairs_each_fault_and_loses_no_child() -> None:
    parents = ["Cooking", "Travel"]
    batches = [[0, 1, 2], [3, 4]]
    answers = [
        AssignmentBatch(assignments=[
            ChildAssignment(child="c1", parent="cooking"),  # case differs: still an exact match
            ChildAssignment(child="c1", parent="Travel"),  # duplicate: first kept
            ChildAssignment(child="c2", parent="Trips abroad"),  # unknown parent
            ChildAssignment(child="c7", parent="Travel"),  # unknown child
        ]),
        None,  # failed call: both children dropped
    ]  # fmt: skip
    assigned, repairs = resolve_assignments(
        batches, answers, parents, nearest_by_text=lambda texts: [1] * len(texts),
        nearest_by_child=lambda children: [0 if c == 2 else 1 for c in children], level=1,
    )  # fmt: skip
    assert assigned == {0: 0, 1: 1, 2: 0, 3: 1, 4: 1}
    assert sorted(r.kind for r in repairs) == sorted(
        [
            "duplicate_assignment",
            "unknown_parent",
            "unknown_child",
            "dropped_child",
            "dropped_child",
            "dropped_child",
        ]
    )
