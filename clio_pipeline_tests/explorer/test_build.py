"""The explorer page: self-contained, complete, injection-safe, and built from the analyst database only."""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pytest

from clio_pipeline.explorer.build import build_explorer_html, embed_json, write_explorer
from clio_pipeline.explorer.load import NotAnAnalystDatabaseError, load_partition

DATA_BLOCK = re.compile(r'<script type="application/json" id="clio-data">(.*?)</script>', re.DOTALL)


def embedded_data(page: str) -> dict:
    match = DATA_BLOCK.search(page)
    assert match, "page has no embedded data block"
    return json.loads(match.group(1))


def test_page_is_self_contained(analyst_db):
    page = build_explorer_html(analyst_db.path)
    # No attribute, stylesheet or import may reach outside the file.
    assert not re.search(r"""(src|href|action)\s*=\s*["']?\s*(https?:)?//""", page, re.IGNORECASE)
    assert not re.search(r"<link\b|@import|url\(\s*['\"]?(https?:)?//", page, re.IGNORECASE)
    assert "default-src 'none'" in page  # the CSP forbids network fetches even if a future edit adds one
    assert "{{" not in page.replace("{{" + "}}", "")  # every template placeholder was filled
    assert page.lstrip().lower().startswith("<!doctype html>")


def test_page_contains_every_published_cluster_of_the_latest_partition(analyst_db):
    page = build_explorer_html(analyst_db.path)
    data = embedded_data(page)
    assert data["partition_date"] == analyst_db.PARTITION.isoformat()
    assert sorted(c["id"] for c in data["clusters"]) == analyst_db.cluster_ids
    assert {c["id"]: c["name"] for c in data["clusters"]} == analyst_db.names
    assert "Retired category" not in page  # only in the older partition
    levels = {c["level"] for c in data["clusters"]}
    assert levels == {0, 1, 2}
    by_id = {c["id"]: c for c in data["clusters"]}
    assert by_id["base-other"]["is_other"] is True and by_id["base-other"]["name"] == analyst_db.OTHER_NAME
    assert by_id["base-bypass"]["mean_concerning"] >= data["concerning_threshold"]
    assert by_id["base-bypass"]["name"] == analyst_db.CONCERNING_NAME
    # Breakdowns and trends travel with the page, with suppressed trend cells kept as gaps (null).
    assert {"language", "task", "concerning_score"} <= data["breakdowns"]["base-sql"].keys()
    poem_trend = data["trends"]["base-poem"]
    assert len(poem_trend) == 7 and poem_trend[3][1] is None
    assert data["publication"]["min_users"] == 25


def test_explicit_partition_is_honoured(analyst_db):
    data = embedded_data(build_explorer_html(analyst_db.path, analyst_db.OLD_PARTITION))
    assert data["partition_date"] == analyst_db.OLD_PARTITION.isoformat()
    assert "gone" in {c["id"] for c in data["clusters"]}


def test_script_tags_in_names_cannot_break_out(analyst_db):
    page = build_explorer_html(analyst_db.path)
    assert analyst_db.EVIL_NAME not in page
    assert "<script>window.__pwned" not in page
    # Exactly two script elements close: the JSON data block and the code block.
    assert page.lower().count("</script") == 2
    names = {c["name"] for c in embedded_data(page)["clusters"]}
    assert analyst_db.EVIL_NAME in names  # escaped, not mangled: the analyst still sees the real name


@pytest.mark.parametrize(
    "text", ["</script>", "<!-- x", "a & b", "line\u2028sep\u2029", "</SCRIPT >", '"quoted"']
)
def test_embed_json_round_trips_without_html_specials(text):
    embedded = embed_json({"name": text})
    assert not re.search(r"[<>&\u2028\u2029]", embedded)
    assert json.loads(embedded) == {"name": text}


def test_dominant_language_ignores_merged_other_cell(analyst_db):
    data = load_partition(analyst_db.path)
    assert all(c["dominant_language"] == "en" for c in data["clusters"])


def test_write_explorer_defaults_next_to_the_database(analyst_db):
    out = write_explorer(analyst_db.path)
    assert out == analyst_db.path.with_name("explorer.html")
    assert out.read_text(encoding="utf-8") == build_explorer_html(analyst_db.path)
    assert not list(out.parent.glob("*.tmp"))


def test_write_explorer_to_explicit_path(analyst_db, tmp_path):
    out = write_explorer(analyst_db.path, tmp_path / "site" / "index.html")
    assert out.exists() and "React component help" in out.read_text(encoding="utf-8")


def test_database_is_closed_after_building(analyst_db):
    build_explorer_html(analyst_db.path)
    # A read-write connection would fail if the explorer still held the file.
    with duckdb.connect(str(analyst_db.path)) as con:
        con.execute("CREATE TABLE touched (x INTEGER)")


PII = "Jane Roe, jane.roe@example.com, +1 415 555 0199"


@pytest.mark.parametrize(
    "raw_sql",
    [
        f"CREATE TABLE conversations (conversation_id VARCHAR, user_id VARCHAR, messages VARCHAR); "
        f"INSERT INTO conversations VALUES ('c1', 'u1', '{PII}')",
        f"CREATE TABLE facets (conversation_id VARCHAR, summary VARCHAR); INSERT INTO facets VALUES ('c1', '{PII}')",
        # An innocently named table is still refused when it has per-user rows.
        f"CREATE TABLE cluster_users (cluster_id VARCHAR, user_id VARCHAR); INSERT INTO cluster_users VALUES ('x', '{PII}')",
    ],
)
def test_refuses_a_database_with_raw_data(tmp_path: Path, raw_sql: str, make_analyst_db):
    db = make_analyst_db(tmp_path / "warehouse.duckdb", extra_sql=raw_sql)
    with pytest.raises(NotAnAnalystDatabaseError, match="analyst database"):
        build_explorer_html(db.path)
    with pytest.raises(NotAnAnalystDatabaseError):
        write_explorer(db.path)
    assert not (tmp_path / "explorer.html").exists()  # nothing that could carry the raw data was written


def test_refuses_files_that_are_not_analyst_databases(tmp_path: Path):
    with pytest.raises(FileNotFoundError):
        build_explorer_html(tmp_path / "missing.duckdb")
    empty = tmp_path / "empty.duckdb"
    with duckdb.connect(str(empty)) as con:
        con.execute("CREATE TABLE something_else (x INTEGER)")
    with pytest.raises(NotAnAnalystDatabaseError, match="no `clusters` table"):
        build_explorer_html(empty)


def test_empty_analyst_database_has_a_clear_error(tmp_path: Path, make_analyst_db):
    db = make_analyst_db(tmp_path / "published.duckdb", extra_sql="DELETE FROM clusters")
    with pytest.raises(ValueError, match="no published partition"):
        build_explorer_html(db.path)
