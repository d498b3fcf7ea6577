"""A lost or damaged analyst database: rebuilt from every other day, the damaged file kept, errors named."""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path

import duckdb
import pytest

from clio_pipeline.publishing.writer import EMPTY, MISSING, PublishError, publish_atomically

from .conftest import PARTITION
from .test_writer import shifted


def published_days(path: Path) -> list[date]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return [d for (d,) in con.execute("SELECT DISTINCT partition_date FROM publication_log ORDER BY 1").fetchall()]
    finally:
        con.close()


@pytest.fixture
def umask():
    """Run with umask 022 (restored afterwards); yields the mode a new file gets under it."""
    old = os.umask(0o022)
    try:
        yield 0o644
    finally:
        os.umask(old)


@pytest.fixture
def earlier_days(published_result) -> dict[date, dict]:
    """Two other days' tables, as the staged history would supply them."""
    return dict(shifted(published_result.tables, -d) for d in (2, 1))


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("mask", [0o022, 0o027])
def test_analyst_database_gets_the_mode_of_any_new_file(tmp_path: Path, published_result, mask: int):
    old = os.umask(mask)
    try:
        page = tmp_path / "explorer.html"
        page.write_text("<html></html>", encoding="utf-8")  # how the explorer page is written
        dest = tmp_path / "published.duckdb"
        publish_atomically(dest, PARTITION, published_result.tables)
        assert mode_of(dest) == mode_of(page) == 0o666 & ~mask
        # A file left 0600 by an older version is brought back to the same mode on the next publish.
        dest.chmod(0o600)
        publish_atomically(dest, PARTITION, published_result.tables)
        assert mode_of(dest) == 0o666 & ~mask
    finally:
        os.umask(old)


def test_deleted_database_is_rebuilt_with_every_other_day(tmp_path: Path, published_result, earlier_days, umask):
    dest = tmp_path / "published.duckdb"
    outcome = publish_atomically(dest, PARTITION, published_result.tables, other_days=lambda: earlier_days)
    assert outcome.rebuilt_because == MISSING and outcome.set_aside is None
    assert published_days(dest) == [*sorted(earlier_days), PARTITION]
    assert mode_of(dest) == umask


def test_readable_database_is_updated_without_asking_for_other_days(tmp_path: Path, published_result):
    dest = tmp_path / "published.duckdb"
    publish_atomically(dest, PARTITION, published_result.tables)

    def never() -> dict:
        raise AssertionError("a readable analyst database must not be rebuilt")

    day, tables = shifted(published_result.tables, 1)
    outcome = publish_atomically(dest, day, tables, other_days=never)
    assert outcome.rebuilt_because is None and outcome.days_restored == ()
    assert published_days(dest) == [PARTITION, day]


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_unreadable_database_is_rebuilt_and_kept_aside(
    tmp_path: Path, published_result, earlier_days, damage: str, umask
):
    dest = tmp_path / "published.duckdb"
    if damage == "garbage":
        dest.write_bytes(os.urandom(64 * 1024))
    else:
        publish_atomically(dest, PARTITION, published_result.tables)
        dest.write_bytes(dest.read_bytes()[: dest.stat().st_size // 3])
    broken = dest.read_bytes()

    outcome = publish_atomically(dest, PARTITION, published_result.tables, other_days=lambda: earlier_days)

    assert published_days(dest) == [*sorted(earlier_days), PARTITION]
    assert str(dest) in outcome.rebuilt_because and ".tmp" not in outcome.rebuilt_because
    assert outcome.set_aside is not None and outcome.set_aside.read_bytes() == broken  # nothing lost
    assert mode_of(dest) == umask
    assert not list(tmp_path.glob(".*.tmp*"))


def test_empty_duckdb_file_is_rebuilt_without_keeping_it(tmp_path: Path, published_result, earlier_days):
    """`duckdb published.duckdb` at a deleted path creates an empty database: that is not a publication."""
    dest = tmp_path / "published.duckdb"
    duckdb.connect(str(dest)).close()
    outcome = publish_atomically(dest, PARTITION, published_result.tables, other_days=lambda: earlier_days)
    assert outcome.rebuilt_because == EMPTY and outcome.set_aside is None
    assert published_days(dest) == [*sorted(earlier_days), PARTITION]


def test_error_names_the_real_file_and_changes_nothing(tmp_path: Path, published_result):
    dest = tmp_path / "published.duckdb"
    publish_atomically(dest, PARTITION, published_result.tables)
    con = duckdb.connect(str(dest))
    try:  # a readable database whose `clusters` an analyst replaced: the write itself fails
        con.execute("DROP VIEW IF EXISTS top_clusters; DROP VIEW IF EXISTS cluster_growth; "
                    "DROP VIEW IF EXISTS concerning_clusters; DROP VIEW IF EXISTS latest_clusters")
        con.execute("DROP TABLE clusters; CREATE TABLE clusters (partition_date DATE, note VARCHAR)")
    finally:
        con.close()
    before = dest.read_bytes()
    day, tables = shifted(published_result.tables, 1)
    with pytest.raises(PublishError) as raised:
        publish_atomically(dest, day, tables)
    message = str(raised.value)
    assert str(dest) in message and ".tmp" not in message
    assert dest.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["published.duckdb", "published.duckdb.lock"]
