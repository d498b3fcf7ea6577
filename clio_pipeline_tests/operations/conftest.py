"""A real analyst database (and the warehouse it was built from) for the operations tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def analyst_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """published.duckdb as the publisher writes it, beside the warehouse.duckdb it came from."""
    from clio_pipeline.privacy.auditor import OfflinePrivacyAuditor
    from clio_pipeline.privacy.policy import DisclosurePolicy
    from clio_pipeline.privacy.word_rule import WordRule
    from clio_pipeline.publishing.build import build_published_tables
    from clio_pipeline.publishing.inputs import load_publish_inputs
    from clio_pipeline.publishing.writer import publish_atomically
    from clio_pipeline_tests.publishing.conftest import (
        CLUSTERS,
        MIN_CONVERSATIONS,
        MIN_USERS,
        PARTITION,
        make_warehouse,
    )

    home = tmp_path_factory.mktemp("analyst")
    warehouse = make_warehouse(home / "warehouse.duckdb")
    words = " ".join(f"{c[3]} {c[4]}" for c in CLUSTERS if c[0] != "b_pii")
    rule = WordRule(words.replace(".", " ").split(), min_users=MIN_USERS)
    result = build_published_tables(load_publish_inputs(warehouse, PARTITION), OfflinePrivacyAuditor(rule),
                                    DisclosurePolicy(MIN_USERS, MIN_CONVERSATIONS))
    publish_atomically(home / "published.duckdb", PARTITION, result.tables)
    return home / "published.duckdb"
