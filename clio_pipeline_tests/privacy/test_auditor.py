"""Privacy auditor: planted personal data in a cluster name or description must score below 3."""

from __future__ import annotations

import json

import pytest

from clio_pipeline.llm.client import OpenAIJsonChat
from clio_pipeline.privacy.auditor import (
    FAILED_AUDIT_SCORE,
    PASSING_SCORE,
    LLMPrivacyAuditor,
    OfflinePrivacyAuditor,
)
from clio_pipeline.privacy.word_rule import WordRule
from clio_pipeline_tests.support.chat_server import LocalChatServer, malformed

GENERIC_TEXTS = [
    "help debugging python code errors",
    "writing a cover letter for a job application",
    "planning a trip and travel itinerary",
    "questions about cooking recipes and meal planning",
]


@pytest.fixture
def word_rule() -> WordRule:
    # Every generic word used by 30 distinct users; nothing else is common.
    texts = [t for t in GENERIC_TEXTS for _ in range(30)]
    users = [f"u{i}" for i in range(len(texts))]
    return WordRule.from_texts(texts, users, min_users=25)


@pytest.mark.parametrize(
    ("name", "description"),
    [
        ("Emails to jane.doe@example.com", "Requests to draft messages for a manager."),
        ("Help debugging python code", "The user asks to call them back at +1 415 555 0132 about errors."),
        ("Travel planning", "Itinerary help; the user's card 4111 1111 1111 1111 is mentioned."),
    ],
)
def test_pii_in_name_or_description_scores_1(name: str, description: str, word_rule: WordRule):
    (rating,) = OfflinePrivacyAuditor(word_rule).audit([("k1", name, description)])
    assert rating.score == 1
    assert not rating.passes
    assert any(reason.startswith("pii:") for reason in rating.reasons)


def test_rare_personal_name_fails_the_word_rule(word_rule: WordRule):
    (rating,) = OfflinePrivacyAuditor(word_rule).audit(
        [("k2", "Cover letter for Bartholomew Quackenbush", "Help writing a cover letter for a job application")]
    )
    assert rating.score == 2 < PASSING_SCORE
    assert "rare_word:quackenbush" in rating.reasons


def test_scrubber_placeholder_fails(word_rule: WordRule):
    (rating,) = OfflinePrivacyAuditor(word_rule).audit([("k3", "Cover letter for [NAME]", "job application")])
    assert rating.score == 2


def test_generic_text_passes(word_rule: WordRule):
    ratings = OfflinePrivacyAuditor(word_rule).audit(
        [("g1", "help debugging python code errors", "questions about cooking recipes and meal planning"),
         ("g2", "Writing a cover letter", "help writing a cover letter for a job application")]
    )
    assert [r.cluster_id for r in ratings] == ["g1", "g2"]
    assert ratings[0].score == 5
    assert all(r.passes for r in ratings)


def _server_and_client(responder):
    server = LocalChatServer(responder=responder)
    server.start()
    client = OpenAIJsonChat(
        server.base_url, "test-key", "local-model", concurrency=4, timeout_s=5, max_retries=0,
        max_invalid_retries=0, backoff_base_s=0.01,
    )
    return server, client


def test_llm_auditor_takes_the_stricter_of_model_and_rules(word_rule: WordRule):
    def responder(body):
        user = next(m["content"] for m in body["messages"] if m["role"] == "user")
        # The model spots a small-group detail the rules cannot see.
        score = 2 if "village" in user else 5
        return json.dumps({"reasoning": "small place" if score == 2 else "generic", "score": score})

    server, client = _server_and_client(responder)
    try:
        auditor = LLMPrivacyAuditor(client, OfflinePrivacyAuditor(word_rule))
        ratings = auditor.audit([
            ("a", "help debugging python code errors", "help debugging python code errors"),
            ("b", "planning a trip", "planning a trip to the village fair"),
            ("c", "Emails to jane.doe@example.com", "job application"),
        ])
        system = server.requests[0]["messages"][0]["content"]
    finally:
        server.stop()
    by_id = {r.cluster_id: r for r in ratings}
    assert by_id["a"].score == 5 and by_id["a"].passes
    assert by_id["b"].score == 2 and not by_id["b"].passes  # the model was stricter than the rules
    assert by_id["c"].score == 1  # the rules were stricter than the model's 5
    assert "identifies a specific individual" in system


def test_llm_failure_fails_closed(word_rule: WordRule):
    server, client = _server_and_client(lambda body: malformed("not json"))
    try:
        (rating,) = LLMPrivacyAuditor(client, OfflinePrivacyAuditor(word_rule)).audit(
            [("a", "help debugging python code errors", "help debugging python code errors")]
        )
    finally:
        server.stop()
    assert rating.score == FAILED_AUDIT_SCORE
    assert any(reason.startswith("llm_failed") for reason in rating.reasons)
