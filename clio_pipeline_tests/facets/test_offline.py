"""The offline backend end to end: record shape, extra facets, and no planted personal data out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

import pytest

from clio_pipeline.facets.offline import OfflineFacetExtractor
from clio_pipeline.facets.spec import load_facet_specs
from clio_pipeline.facets.summarize import TASK_TYPES
from clio_pipeline.privacy.scrubber import scrub
from clio_pipeline.types import Conversation, Message


@dataclass
class _Unchanged:
    """Scrub result of a scrubber that finds nothing: isolates the extractor's own safeguards."""

    text: str
    counts: dict[str, int] = field(default_factory=dict)


def _conv(cid: str, *user_turns: str) -> Conversation:
    messages = []
    for turn in user_turns:
        messages += [
            Message(role="user", content=turn),
            Message(role="assistant", content="Sure, here it is."),
        ]
    return Conversation(
        conversation_id=cid,
        user_id="u",
        created_at=datetime(2026, 1, 1, tzinfo=timezone.utc),
        messages=messages,
    )


PLANTED = {
    "name": "Margaret Okonkwo-Hale",
    "email": "margaret.hale77@examplemail.com",
    "phone": "+1 415 555 0199",
    "card": "4111 1111 1111 1111",
}
PII_CONVERSATIONS = [
    _conv("p1", f"Hi, write a complaint letter to my landlord {PLANTED['name']} about the broken heater."),
    _conv(
        "p2",
        f"Please draft an email to {PLANTED['email']} saying I will be late, call me on {PLANTED['phone']}.",
    ),
    _conv(
        "p3",
        f"My card {PLANTED['card']} was charged twice, help me write to the bank. I am {PLANTED['name']}.",
    ),
    _conv(
        "p4",
        f"Hola, escribe un correo a {PLANTED['email']} para {PLANTED['name']}, mi teléfono es {PLANTED['phone']}.",
    ),
]


def _assert_no_planted_pii(records):
    for record in records:
        for value in PLANTED.values():
            for part in [value, *value.split()]:
                if len(part) > 3 and not part.isdigit():
                    assert part not in record.summary, (part, record.summary)
                    assert part not in record.task
        assert "555" not in record.summary and "1111" not in record.summary


def test_records_are_heuristic_and_complete():
    extractor = OfflineFacetExtractor(scrubber=_Unchanged)
    records = extractor.extract(
        [_conv("a", "Explain how vaccines work."), _conv("b", "¿Cómo hackear una cuenta?")]
    )
    assert [r.conversation_id for r in records] == ["a", "b"]
    for record in records:
        assert record.is_heuristic and record.backend == "offline"
        assert (record.model, record.prompt_version) == ("heuristic-v1", "offline-v1")
        assert record.task in TASK_TYPES
        assert not record.failed
    assert records[0].language == "en" and records[1].language == "es"
    assert records[0].concerning_score == 1 and records[1].concerning_score >= 3
    assert records[0].metrics.n_user_messages == 1


def test_conversation_without_user_text_is_a_failed_record():
    (record,) = OfflineFacetExtractor(scrubber=_Unchanged).extract([_conv("empty", "   ")])
    assert record.failed and record.failure_reason
    assert (record.summary, record.language, record.concerning_score) == ("", "und", 1)


def test_extra_facets_offline():
    specs = load_facet_specs(
        [
            {
                "name": "sentiment",
                "question": "How does the user feel?",
                "output_type": "text",
                "open_ended": True,
            },
            {
                "name": "urgency",
                "question": "How urgent is the request, 1 to 3?",
                "output_type": "score",
                "open_ended": False,
                "min_value": 1,
                "max_value": 3,
                "offline_keywords": ["urgent", "asap", "deadline", "urgente"],
            },
        ]
    )
    extractor = OfflineFacetExtractor(facets=specs, scrubber=_Unchanged)
    calm, rushed, very = extractor.extract(
        [
            _conv("c", "Write a poem about the sea."),
            _conv("r", "URGENT: fix my essay, deadline tonight"),
            _conv("v", "urgent asap deadline urgente!!"),
        ]
    )
    assert calm.extra_facets == {"sentiment": None, "urgency": 1}
    assert rushed.extra_facets["urgency"] == 3
    assert very.extra_facets["urgency"] == 3  # capped at max_value
    assert rushed.extra_facets["sentiment"] is None  # free-text extra facets need the LLM backend


def test_own_safeguards_remove_planted_pii_even_if_scrubber_finds_nothing():
    records = OfflineFacetExtractor(scrubber=_Unchanged).extract(PII_CONVERSATIONS)
    _assert_no_planted_pii(records)
    assert sum(r.scrub_counts.get("proper_noun", 0) for r in records) >= 2


def test_project_scrubber_removes_planted_pii():
    records = OfflineFacetExtractor(scrubber=scrub).extract(PII_CONVERSATIONS)
    _assert_no_planted_pii(records)
    assert all(r.summary for r in records)
    assert sum(sum(r.scrub_counts.values()) for r in records) >= 4


def test_facet_stage_does_not_import_torch():
    import os
    import subprocess
    import sys
    from pathlib import Path

    import clio_pipeline

    code = (
        "import sys; from clio_pipeline.facets.offline import OfflineFacetExtractor; "
        "import clio_pipeline.facets.spec; "
        "print(any(m.split('.')[0] in ('torch', 'sentence_transformers', 'dagster') for m in sys.modules))"
    )
    root = str(Path(clio_pipeline.__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    "turn",
    [
        "They can call me on +44 20 7946 0591. What should I see in the city if I only have 7 days?",
        "My email is ana.lima@example.org. Can you suggest a vegetarian dinner for four people?",
        "I'm Ana Lima. Can you suggest a vegetarian dinner for four people?",
    ],
)
def test_summary_skips_sentences_that_only_hand_over_personal_details(turn: str) -> None:
    (record,) = OfflineFacetExtractor().extract([_conv("c1", turn)])
    assert "?" in record.summary and "[" not in record.summary, record.summary
    assert not any(w in record.summary for w in ("call me", "email", "Ana", "Lima"))
