"""The privacy audit must be able to fail: plant data into a hand-made analyst database and find it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from clio_pipeline.evaluation.audit import audit_publication, dominated_clusters, find_planted, find_words

DAY = date(2026, 1, 3)
PLANTED = {"Camila Dubois", "apatel@uol.com.br", "GB61NWBK32394065255954", "Björn Lefebvre"}
RARE = ["zorbanite", "quillfeather"]
# Two-user topic conversations t1..t4 form cluster L0-0002; the others are ordinary.
ASSIGNMENTS = [(f"c{i}", "L0-0001") for i in range(20)] + [(f"t{i}", "L0-0002") for i in range(4)]
NICHE = {f"t{i}" for i in range(4)}


def _analyst_db(path: Path, names: dict[str, str]) -> Path:
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE clusters (partition_date DATE, cluster_id VARCHAR, level INT, name VARCHAR, "
                "description VARCHAR, n_conversations BIGINT, n_users BIGINT)")
    for cluster_id, name in names.items():
        con.execute("INSERT INTO clusters VALUES (?, ?, 0, ?, 'Users ask for help with everyday tasks.', 20, 12)",
                    [DAY, cluster_id, name])
    con.execute("CREATE VIEW top_clusters AS SELECT name FROM clusters")
    con.close()
    return path


def _audit(db: Path, explorer: Path | None = None):
    return audit_publication(db, explorer, planted=PLANTED, rare_words=RARE, window_assignments=ASSIGNMENTS,
                             two_user_conversations=NICHE, partition_date=DAY)


def test_clean_publication_passes(tmp_path: Path) -> None:
    audit = _audit(_analyst_db(tmp_path / "a.duckdb", {"L0-0001": "Drafting polite work emails"}))
    assert audit.passed
    assert audit.planted_found == [] and audit.rare_words_found == []
    assert audit.two_user_dominated_clusters == ["L0-0002"] and audit.two_user_clusters_published == []
    assert audit.n_two_user_conversations == 4
    assert audit.published_base_coverage == pytest.approx(20 / 24)


def test_planted_string_in_a_published_name_fails_the_audit(tmp_path: Path) -> None:
    db = _analyst_db(tmp_path / "a.duckdb", {"L0-0001": "Emails to camila dubois about invoices"})
    audit = _audit(db)
    assert not audit.passed
    assert audit.planted_found == ["Camila Dubois"]


def test_planted_string_in_the_explorer_page_fails_the_audit(tmp_path: Path) -> None:
    db = _analyst_db(tmp_path / "a.duckdb", {"L0-0001": "Drafting polite work emails"})
    explorer = tmp_path / "explorer.html"
    explorer.write_text('<script>const DATA = {"name": "IBAN GB61NWBK32394065255954"}</script>', encoding="utf-8")
    audit = _audit(db, explorer)
    assert not audit.passed and audit.planted_found == ["GB61NWBK32394065255954"]


def test_json_escaped_non_ascii_value_is_still_found() -> None:
    assert find_planted('{"name": "Bj\\u00f6rn Lefebvre"}', PLANTED) == ["Björn Lefebvre"]


def test_rare_word_fails_the_audit_only_as_a_whole_word(tmp_path: Path) -> None:
    db = _analyst_db(tmp_path / "a.duckdb", {"L0-0001": "Questions about Zorbanite collecting"})
    audit = _audit(db)
    assert not audit.passed and audit.rare_words_found == ["zorbanite"]
    assert find_words("quillfeathers and zorbanites", RARE) == []


def test_publishing_the_two_user_cluster_fails_the_audit(tmp_path: Path) -> None:
    db = _analyst_db(tmp_path / "a.duckdb", {"L0-0001": "Drafting polite work emails", "L0-0002": "Niche hobby"})
    audit = _audit(db)
    assert not audit.passed
    assert audit.two_user_clusters_published == ["L0-0002"]
    assert audit.published_base_coverage == pytest.approx(1.0)


def test_dominated_clusters_needs_half_of_the_members() -> None:
    rows = [("a", "x"), ("b", "x"), ("t1", "x"), ("t2", "y"), ("c", "y")]
    assert dominated_clusters(rows, {"t1", "t2"}) == {"y"}
