"""The hierarchy reads its window's summaries from the warehouse a chunk and a sample at a time, and builds
exactly the tree that holding every summary in memory builds.

A real Dagster run of the daily job (generated data, low thresholds) into a temporary warehouse; then the
stored tree is compared with the offline builder given every summary as a dict, and the streamed word
rule with `WordRule.from_texts` over every summary. A counting source proves the namer fetches a bounded
sample, not the window.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from clio_pipeline.clustering.cluster_window import read_cluster_window
from clio_pipeline.hierarchy import naming
from clio_pipeline.hierarchy.offline import build_hierarchy_offline
from clio_pipeline.hierarchy.store import read_base_level, read_tree
from clio_pipeline.hierarchy.texts import MappingSummaries, member_word_rule
from clio_pipeline.privacy.word_rule import WordRule
from clio_pipeline.warehouse import connect
from clio_pipeline_tests.execution.conftest import DAYS, START, generate, run_job
from clio_pipeline_tests.hierarchy.conftest import make_synthetic

pytestmark = [pytest.mark.integration]
MIN_USERS = 3  # CLIO_MIN_USERS of the run (execution/conftest.SETTINGS)
LAST_DAY = START.replace(day=START.day + DAYS - 1)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("streamed")
    generate(home / "landing")
    run_job(home)
    return home / "warehouse.duckdb"


def all_summaries(db: Path) -> dict[str, str]:
    """Every base member's summary, read the way the hierarchy used to read them (all at once)."""
    with connect(db, read_only=True) as con:
        window = read_cluster_window(con, LAST_DAY)
        rows = con.execute(
            "SELECT a.conversation_id, f.summary_en FROM cluster_assignments a JOIN facets f "
            "ON f.conversation_id = a.conversation_id AND f.partition_date BETWEEN $start AND $end "
            "WHERE a.partition_date = $d", {"d": LAST_DAY, "start": window.start, "end": window.end}).fetchall()
    return dict(rows)


def test_stored_tree_is_the_tree_of_every_summary_in_memory(warehouse: Path) -> None:
    base = read_base_level(warehouse, LAST_DAY)
    summaries = all_summaries(warehouse)
    assert len(summaries) == sum(n.n_conversations for n in base.nodes) > 100
    in_memory = build_hierarchy_offline(base.nodes, summaries=summaries, users=base.users, min_users=MIN_USERS,
                                        id_prefix=f"{LAST_DAY:%Y%m%d}", seed=0)
    stored = read_tree(warehouse, LAST_DAY)

    def shape(nodes) -> list[tuple]:
        return sorted((n.cluster_id, n.level, n.parent_id, n.name, n.description, n.n_conversations, n.n_users)
                      for n in nodes)

    assert any(n.level == 2 or (n.level == 1 and n.name) for n in stored), "the comparison needs named parents"
    assert shape(stored) == shape(in_memory)


def test_streamed_word_rule_is_the_rule_of_every_summary(warehouse: Path) -> None:
    base = read_base_level(warehouse, LAST_DAY)
    summaries = all_summaries(warehouse)
    ids = list(summaries)
    held = WordRule.from_texts([summaries[c] for c in ids], [base.users[c] for c in ids], MIN_USERS)
    for streamed in (member_word_rule(warehouse, LAST_DAY, MIN_USERS), base.summaries.word_rule(MIN_USERS)):
        assert streamed._vocabulary == held._vocabulary and len(held._vocabulary) > 20
        assert streamed._widely_used == held._widely_used and streamed._proper_nouns == held._proper_nouns


def test_warehouse_fetch_returns_the_stored_texts_and_refuses_unknown_ids(warehouse: Path) -> None:
    base = read_base_level(warehouse, LAST_DAY)
    summaries = all_summaries(warehouse)
    some = sorted(summaries)[:7]
    assert base.summaries.fetch(some) == {c: summaries[c] for c in some}
    with pytest.raises(RuntimeError, match="vanished"):
        base.summaries.fetch([*some, "no-such-conversation"])


class CountingSummaries(MappingSummaries):
    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.fetched: list[str] = []

    def fetch(self, conversation_ids):
        self.fetched.extend(conversation_ids)
        return super().fetch(conversation_ids)


def test_parents_are_named_from_a_bounded_sample(monkeypatch: pytest.MonkeyPatch) -> None:
    """With tiny sample sizes the namer fetches at most sample + contrast rows per parent, not every member,
    and names exactly as the same sample read from a plain dict does."""
    synthetic = make_synthetic(per_topic=30)
    monkeypatch.setattr(naming, "MAX_DOCS_PER_CLUSTER", 12)
    monkeypatch.setattr(naming, "OUTSIDE_PER_PARENT", 4)
    source = CountingSummaries(synthetic.summaries, synthetic.users)
    kwargs = dict(users=synthetic.users, min_users=3, top_size=4, id_prefix="p")
    counted = build_hierarchy_offline(synthetic.base, summaries=source, **kwargs)
    plain = build_hierarchy_offline(synthetic.base, summaries=synthetic.summaries, **kwargs)
    assert [(n.cluster_id, n.name) for n in counted] == [(n.cluster_id, n.name) for n in plain]
    n_parents = sum(1 for n in counted if n.level > 0)
    assert 0 < len(source.fetched) <= n_parents * (12 + 4) < len(synthetic.summaries)


def test_a_level_past_the_naming_budget_shares_it_between_its_parents(monkeypatch: pytest.MonkeyPatch) -> None:
    """Within the budget every parent keeps its full sample; past it each gets an equal share (never below
    the floor), so the documents cut for a level stop growing with the window."""
    assert naming.per_parent_docs([5000] * 10) == naming.MAX_DOCS_PER_CLUSTER  # 20,000 <= 200,000
    assert naming.per_parent_docs([5000] * 1000) == naming.NAMING_DOCS // 1000
    assert naming.per_parent_docs([5000] * 10_000) == naming.MIN_DOCS_PER_PARENT
    synthetic = make_synthetic(per_topic=30)
    monkeypatch.setattr(naming, "NAMING_DOCS", 40)
    monkeypatch.setattr(naming, "MIN_DOCS_PER_PARENT", 5)
    monkeypatch.setattr(naming, "OUTSIDE_PER_PARENT", 2)
    source = CountingSummaries(synthetic.summaries, synthetic.users)
    tree = build_hierarchy_offline(synthetic.base, summaries=source, users=synthetic.users, min_users=3, top_size=4,
                                   id_prefix="p")
    levels = sorted({n.level for n in tree if n.level > 0})
    n_parents = sum(1 for n in tree if n.level > 0)
    # Each level fetches at most max(budget, floor x parents) sampled rows and 2 contrast rows per parent.
    assert len(source.fetched) <= sum(max(40, 5 * n_parents) + 2 * n_parents for _ in levels)
    assert len(source.fetched) < len(synthetic.summaries) // 2
    assert all(n.name for n in tree if n.level > 0)
