"""Pooling the small cells that no rule looks at one by one publishes exactly what every cell apart would."""

from __future__ import annotations

import numpy as np

from clio_pipeline.privacy.linked_cells import NO_UNIT
from clio_pipeline.privacy.policy import DisclosurePolicy
from clio_pipeline.publishing.cells import POOLED_VALUE, build_cells
from clio_pipeline.publishing.inputs import FACETS, load_publish_inputs

from .conftest import MIN_CONVERSATIONS, MIN_USERS, PARTITION


def _shown(outcome) -> list[tuple]:
    return sorted((repr(c.group), c.value, c.conversation_ids.tolist(), c.user_ids.tolist()) for c in outcome.published)


def test_pooled_cells_publish_the_same_cells_as_every_cell_apart(published_result, warehouse):
    facts = load_publish_inputs(warehouse, PARTITION).conversations
    nodes = published_result.outcome.published
    policy = DisclosurePolicy(MIN_USERS, MIN_CONVERSATIONS)
    bases = sorted({n.cluster_id for n in nodes if n.level == 0 and not n.is_other})
    unit_of = np.array([bases.index(c) if c in bases else NO_UNIT for c in facts.cluster_ids], dtype=np.int32)
    pooled_any = False
    for facets in ({f: facts.facets[f] for f in FACETS}, {"day": (facts.day, [d.isoformat() for d in facts.days])}):
        pooled, keys = build_cells(nodes, facts, facets, MIN_USERS)
        apart, no_keys = build_cells(nodes, facts, facets, 0)  # nothing is small under 0 users: no pooling
        assert not no_keys and len(pooled) <= len(apart)
        pooled_any = pooled_any or bool(keys)
        for units in (None, unit_of[facts.cluster]):
            with_pool = policy.suppress_cells(pooled, nodes, forced=keys, units=units)
            assert POOLED_VALUE not in {c.value for c in with_pool.published}
            assert _shown(with_pool) == _shown(policy.suppress_cells(apart, nodes, units=units))
    assert pooled_any


def test_a_breakdown_value_with_personal_data_is_flagged_however_many_users_share_it() -> None:
    """Only values that could be published are scanned now: a planted e-mail that 30 accounts share must still
    be flagged (and so merged into (other)), and a value too small to publish needs no scan to stay hidden."""
    from clio_pipeline.privacy.cells import Cell
    from clio_pipeline.publishing.cells import flagged_values

    def cell(value: str, start: int, n: int) -> Cell:
        ids = np.arange(start, start + n, dtype=np.int32)
        return Cell(("b_code", "task"), value, ids, ids)

    planted = "write to jane.doe@example.com"
    cells = [cell(planted, 0, 30), cell("debugging", 30, 30), cell("mail john.roe@example.org", 60, 2)]
    assert flagged_values(cells, MIN_USERS) == {(("b_code", "task"), planted)}
