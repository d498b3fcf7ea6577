"""LLMFacetExtractor end to end: real client, real local server, real prompts and scrubbing."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from types import SimpleNamespace

import pytest

from clio_pipeline.facets.llm_backend import LLMFacetExtractor, normalize_language
from clio_pipeline.facets.prompts import cap_transcript, facet_response_model, render_transcript
from clio_pipeline.facets.spec import BUILTIN_FACETS, FacetSpec
from clio_pipeline.llm.client import OpenAIJsonChat
from clio_pipeline.privacy.scrubber import scrub
from clio_pipeline.types import Conversation, Message
from clio_pipeline_tests.support.chat_server import LocalChatServer, ScriptedResponder, malformed


def conversation(cid: str, *turns: tuple[str, str]) -> Conversation:
    return Conversation(
        conversation_id=cid,
        user_id=f"user-{cid}",
        created_at=datetime(2026, 1, 1, tzinfo=timezone.utc),
        messages=[Message(role=role, content=text) for role, text in turns],
    )


def passthrough(text: str) -> SimpleNamespace:
    """Used only where scrubbing is not what the test is about."""
    return SimpleNamespace(text=text, counts={})


def facet_answer(summary: str = "Explain how to sort a list.", **overrides) -> str:
    answer = {"summary": summary, "task": "explain code", "language": "en", "concerning_score": 1}
    answer.update(overrides)
    return json.dumps(answer)


def make_chat(server: LocalChatServer, **kwargs) -> OpenAIJsonChat:
    return OpenAIJsonChat(server.base_url, "k", "local-model", backoff_base_s=0.01, timeout_s=5, **kwargs)


def test_transcript_uses_user_and_assistant_lines_only():
    conv = conversation("c1", ("system", "secret operator prompt"), ("user", "Hi there"),
                        ("tool", "tool dump"), ("assistant", "Hello!"))
    assert render_transcript(conv) == "User: Hi there\n\nAssistant: Hello!"


def test_long_transcript_keeps_head_and_tail_with_exact_marker():
    text = "A" * 5000 + "M" * 10_000 + "Z" * 5000
    capped = cap_transcript(text, 3000)
    head, marker, tail = capped.split("\n")
    assert head == "A" * 2000 and tail == "Z" * 1000
    assert marker == "[… 17000 characters omitted …]"
    assert len(head) + len(tail) + 17000 == len(text)
    assert cap_transcript("short", 3000) == "short"


def test_long_conversation_is_capped_in_the_request():
    conv = conversation("long", ("user", "START " + "x" * 50_000), ("assistant", "reply " + "y" * 50_000 + " END"))
    with LocalChatServer(responder=lambda body: facet_answer()) as server:
        (record,) = LLMFacetExtractor(make_chat(server), max_transcript_chars=4000,
                                      scrubber=passthrough).extract([conv])
        prompt = server.requests[0]["messages"][1]["content"]
    assert not record.failed
    assert "User: START" in prompt and prompt.rstrip().count(" END") == 1
    assert "characters omitted" in prompt
    assert len(prompt) < 4000 + 3000  # the cap plus the fixed question text


def test_response_model_is_built_from_specs_and_bounds_scores():
    extra = FacetSpec(name="frustration", question="How frustrated is the user?", output_type="score",
                      open_ended=False, min_value=1, max_value=3)
    model = facet_response_model([*BUILTIN_FACETS, extra])
    assert set(model.model_fields) == {"summary", "task", "language", "concerning_score", "frustration"}
    model.model_validate({"summary": "s", "task": "t", "language": "en", "concerning_score": 5, "frustration": 3})
    with pytest.raises(ValueError):
        model.model_validate({"summary": "s", "task": "t", "language": "en", "concerning_score": 6,
                              "frustration": 1})


def test_extract_one_call_per_conversation_with_all_facets():
    extra = FacetSpec(name="topic_area", question="Which broad area?", output_type="text", open_ended=True)
    convs = [conversation(f"c{i}", ("user", f"Wie sortiere ich Liste {i}?"), ("assistant", "So.")) for i in range(3)]
    answer = facet_answer(summary="Explain how to sort a list in a programming language.", language="DE",
                          concerning_score=2, topic_area="programming")
    with LocalChatServer(responder=lambda body: answer) as server:
        records = LLMFacetExtractor(make_chat(server), facets=[*BUILTIN_FACETS, extra],
                                    scrubber=passthrough).extract(convs)
        count = server.request_count
        questions = server.requests[0]["messages"][1]["content"]
        system = server.requests[0]["messages"][0]["content"]
    assert count == 3
    assert [r.conversation_id for r in records] == ["c0", "c1", "c2"]
    record = records[0]
    assert record.language == "de" and record.concerning_score == 2
    assert record.extra_facets == {"topic_area": "programming"}
    assert record.backend == "openai" and record.model == "local-model" and not record.is_heuristic
    assert record.metrics.n_user_messages == 1
    for name in ("summary", "task", "language", "concerning_score", "topic_area"):
        assert f'"{name}"' in questions
    assert "in English" in system and "proper nouns" in system and "1 to 5" in questions


def test_malformed_then_valid_answer_gives_a_good_record():
    responder = ScriptedResponder([malformed()], final=lambda body: facet_answer())
    with LocalChatServer(responder=responder) as server:
        (record,) = LLMFacetExtractor(make_chat(server), scrubber=passthrough).extract(
            [conversation("c", ("user", "sort a list"))])
    assert not record.failed and record.summary == "Explain how to sort a list."


def test_failure_after_retries_gives_a_failed_placeholder_record():
    with LocalChatServer(responder=lambda body: facet_answer(concerning_score=9)) as server:
        records = LLMFacetExtractor(make_chat(server, max_invalid_retries=1), scrubber=passthrough).extract(
            [conversation("bad", ("user", "hello")), conversation("empty", ("user", "   "))])
        count = server.request_count
    bad, empty = records
    assert bad.failed and bad.failure_reason.startswith("invalid_response")
    assert (bad.summary, bad.task, bad.language, bad.concerning_score) == ("", "", "und", 1)
    assert empty.failed and empty.failure_reason == "no user text"
    assert count == 2  # the empty conversation never went to the model


def test_cached_rerun_makes_no_http_call():
    from clio_pipeline.llm.cache import MemoryResponseCache

    convs = [conversation(f"c{i}", ("user", f"question {i}")) for i in range(4)]
    cache = MemoryResponseCache()
    with LocalChatServer(responder=lambda body: facet_answer()) as server:
        extractor = LLMFacetExtractor(make_chat(server, cache=cache), scrubber=passthrough)
        first = extractor.extract(convs)
        second = extractor.extract(convs)
        count = server.request_count
    assert count == 4 and first == second


def test_normalize_language():
    assert [normalize_language(x) for x in ("EN", "pt-BR", " es ", "english", "", None)] == [
        "en", "pt", "es", "und", "und", "und"]


def test_planted_pii_in_model_answer_is_scrubbed():
    planted = {
        "email": "jane.doe@example.com",
        "phone": "+1 415-555-0134",
        "card": "4111 1111 1111 1111",
        "name": "Maria Gonzalez",
        "ssn": "123-45-6789",
    }
    summary = (f"Help {planted['name']} write to {planted['email']} or call {planted['phone']} "
               f"about card {planted['card']} and SSN {planted['ssn']}.")
    extra = FacetSpec(name="detail", question="Any detail?", output_type="text", open_ended=True)
    answer = facet_answer(summary=summary, task=f"email {planted['email']}", detail=f"card {planted['card']}")
    with LocalChatServer(responder=lambda body: answer) as server:
        (record,) = LLMFacetExtractor(make_chat(server), facets=[*BUILTIN_FACETS, extra],
                                      scrubber=scrub).extract([conversation("c", ("user", "hi"))])
    stored = record.model_dump_json()
    for value in planted.values():
        assert value not in stored
    assert "4111" not in stored and "jane" not in stored.lower() and "gonzalez" not in stored.lower()
    assert record.summary.startswith("Help [NAME] write to [EMAIL]")  # replaced by placeholders, not dropped
    assert sum(record.scrub_counts.values()) >= 7
