"""The offline hierarchy cuts each summary into phrases once for the whole tree, not once per level, and
names every level exactly as cutting them afresh per level does."""

from __future__ import annotations

from functools import partial

import pytest

from clio_pipeline.clustering import naming as base_naming
from clio_pipeline.hierarchy import offline
from clio_pipeline.hierarchy.offline import build_hierarchy_offline
from clio_pipeline_tests.hierarchy.conftest import make_synthetic


def _build(synthetic):
    return build_hierarchy_offline(synthetic.base, summaries=synthetic.summaries, users=synthetic.users,
                                   min_users=3, top_size=2, n_levels=4, id_prefix="2026-01-07")


def _counting_analyse(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    cut: list[str] = []
    real = base_naming.analyse

    def analyse(text, user, language, allows):
        cut.append(text)
        return real(text, user, language, allows)

    monkeypatch.setattr(base_naming, "analyse", analyse)
    return cut


def test_every_summary_is_cut_once_for_all_levels(monkeypatch: pytest.MonkeyPatch) -> None:
    synthetic = make_synthetic(per_topic=12)
    cut = _counting_analyse(monkeypatch)
    nodes = _build(synthetic)
    assert max(n.level for n in nodes) >= 3  # several levels read the same members
    assert 0 < len(cut) <= len(synthetic.summaries)


def test_sharing_the_cut_summaries_changes_no_name(monkeypatch: pytest.MonkeyPatch) -> None:
    synthetic = make_synthetic(per_topic=12)
    shared = _build(synthetic)
    cut = _counting_analyse(monkeypatch)
    real = offline.name_parents_offline
    monkeypatch.setattr(offline, "name_parents_offline", lambda *a, **k: partial(real, doc_cache=None)(
        *a, **{key: value for key, value in k.items() if key != "doc_cache"}))
    afresh = _build(synthetic)
    assert len(cut) > len(synthetic.summaries)  # without sharing, the levels cut the same summaries again
    assert [(n.cluster_id, n.name, n.description) for n in shared] == \
        [(n.cluster_id, n.name, n.description) for n in afresh]
