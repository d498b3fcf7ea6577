"""A re-run of a day whose conversations, settings and code are unchanged keeps its facets; a changed
conversation, a failed extraction or CLIO_SKIP_UNCHANGED=0 extracts again (real Dagster runs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from clio_pipeline.facets import offline
from clio_pipeline.facets.assets import facets
from clio_pipeline.ingestion.assets import conversations
from clio_pipeline.resources import FacetsResource
from clio_pipeline_tests.conftest import conversation, pipeline_resources, read_rows, run_assets, write_jsonl

pytestmark = [pytest.mark.integration]
DAY = "2026-01-01"


def _turns(text: str) -> list[dict]:
    return [{"role": "user", "content": text}, {"role": "assistant", "content": "Sure."}]


def _records(poisoned: bool = False, edited: bool = False) -> list[dict]:
    return [
        conversation("a", "alice"),
        conversation("b", "bob", messages=_turns("Plan a three-day trip to Lisbon" + (" in May" if edited else ""))),
        conversation("c", "carol", messages=_turns("poison pill" if poisoned else "Write a haiku about rain")),
    ]


def test_an_unchanged_day_keeps_its_facets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    extracted: list[str] = []
    real = offline.summarize_request

    def summarize(turns, *args, **kwargs):
        extracted.append(turns[0])
        if any("poison" in t for t in turns):
            raise ValueError("a transient failure")
        return real(turns, *args, **kwargs)

    monkeypatch.setattr(offline, "summarize_request", summarize)

    def run(records: list[dict], **facet_settings) -> tuple[int, list[tuple]]:
        write_jsonl(tmp_path / "landing" / "day.jsonl", records)
        resources = pipeline_resources(tmp_path, facets_config=FacetsResource(**facet_settings))
        before = len(extracted)
        assert run_assets([conversations, facets], resources, DAY).success
        rows = read_rows(tmp_path / "warehouse.duckdb",
                         "SELECT conversation_id, summary, failed, extracted_at FROM facets ORDER BY 1")
        return len(extracted) - before, rows

    calls, first = run(_records())
    assert calls == 3 and len(first) == 3
    assert run(_records()) == (0, first)  # kept: nothing extracted, rows as they were
    calls, forced = run(_records(), skip_unchanged=False)
    assert calls == 3 and [r[:3] for r in forced] == [r[:3] for r in first] and forced[0][3] > first[0][3]
    calls, edited = run(_records(edited=True))  # one conversation changed: the day is extracted again
    assert calls == 3 and "May" in edited[1][1]
    calls, failed = run(_records(edited=True, poisoned=True))
    assert calls == 3 and [r[2] for r in failed] == [False, False, True]
    calls, _ = run(_records(edited=True, poisoned=True))  # a failed extraction is tried again, not kept
    assert calls == 3
