"""One bad file never stops a run: real Dagster runs over landing folders with one broken entry each.

Every case runs `conversations` with its blocking `records_conserved` check into a temporary DuckDB
file. The good file beside the broken entry must load, the broken entry must be exactly one
`unreadable_file: <why>` quarantine row (line 0) on the day it landed, and read = loaded + quarantined.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from clio_pipeline.ingestion import index as index_module
from clio_pipeline.ingestion import landing as landing_module
from clio_pipeline_tests.conftest import conversation, write_jsonl
from clio_pipeline_tests.ingestion.conftest import DAY, Ingest, landed_on

pytestmark = pytest.mark.integration

GOOD = [conversation("good-1", "alice"), conversation("good-2", "bob")]
OUTSIDE_ID = "outside-secret-1"


def _records(*ids: str) -> bytes:
    return b"".join(json.dumps(conversation(i)).encode() + b"\n" for i in ids)


def _parquet_bytes(tmp: Path, records: list[dict]) -> bytes:
    pq.write_table(pa.Table.from_pylist(records), tmp / "scratch.parquet")
    return (tmp / "scratch.parquet").read_bytes()


def _corrupt_gzip(landing: Path, outside: Path) -> Path:
    (landing / "corrupt.jsonl.gz").write_bytes(b"\x1f\x8b\x08\x00" + bytes(range(256)) * 4)
    return landing / "corrupt.jsonl.gz"


def _truncated_gzip(landing: Path, outside: Path) -> Path:
    (landing / "truncated.jsonl.gz").write_bytes(gzip.compress(_records("t1", "t2", "t3"))[:-12])
    return landing / "truncated.jsonl.gz"


def _plain_text_named_gz(landing: Path, outside: Path) -> Path:
    (landing / "plain.jsonl.gz").write_bytes(_records("p1"))
    return landing / "plain.jsonl.gz"


def _gzip_named_jsonl(landing: Path, outside: Path) -> Path:
    (landing / "packed.jsonl").write_bytes(gzip.compress(_records("z1")))
    return landing / "packed.jsonl"


def _corrupt_parquet(landing: Path, outside: Path) -> Path:
    data = bytearray(_parquet_bytes(outside, [conversation("pq1")]))
    data[4:-8] = b"\x00" * (len(data) - 12)  # keep the PAR1 magic at both ends, wipe everything between
    (landing / "corrupt.parquet").write_bytes(bytes(data))
    return landing / "corrupt.parquet"


def _zero_byte_parquet(landing: Path, outside: Path) -> Path:
    (landing / "empty.parquet").write_bytes(b"")
    return landing / "empty.parquet"


def _directory_named_jsonl(landing: Path, outside: Path) -> Path:
    (landing / "x.jsonl").mkdir()
    return landing / "x.jsonl"


def _dangling_symlink(landing: Path, outside: Path) -> Path:
    os.symlink(landing / "never-written.jsonl", landing / "dangling.jsonl")
    return landing / "dangling.jsonl"


def _symlink_outside(landing: Path, outside: Path) -> Path:
    write_jsonl(outside / "secret.jsonl", [conversation(OUTSIDE_ID)])
    os.symlink(outside / "secret.jsonl", landing / "linked.jsonl")
    return landing / "linked.jsonl"


def _symlink_to_outside_folder(landing: Path, outside: Path) -> Path:
    write_jsonl(outside / "more" / "secret.jsonl", [conversation(OUTSIDE_ID)])
    os.symlink(outside / "more", landing / "more")
    return landing / "more"


def _symlink_loop(landing: Path, outside: Path) -> Path:
    os.symlink("loop.jsonl", landing / "loop.jsonl")  # a link to itself
    return landing / "loop.jsonl"


def _fifo(landing: Path, outside: Path) -> Path:
    os.mkfifo(landing / "pipe.jsonl")
    return landing / "pipe.jsonl"


UNREADABLE: dict[str, tuple[Callable[[Path, Path], Path], str]] = {
    "corrupt_gzip": (_corrupt_gzip, "corrupt or truncated gzip"),
    "truncated_gzip": (_truncated_gzip, "corrupt or truncated gzip"),
    "plain_text_named_gz": (_plain_text_named_gz, "not a gzip file"),
    "gzip_named_jsonl": (_gzip_named_jsonl, "gzip data in a file not named .gz"),
    "corrupt_parquet": (_corrupt_parquet, "not a readable parquet file"),
    "zero_byte_parquet": (_zero_byte_parquet, "not a parquet file"),
    "directory_named_jsonl": (_directory_named_jsonl, "is a directory"),
    "dangling_symlink": (_dangling_symlink, "dangling symlink"),
    "symlink_outside": (_symlink_outside, "symlink points outside the landing folder"),
    "symlink_to_outside_folder": (_symlink_to_outside_folder, "symlink points outside the landing folder"),
    "symlink_loop": (_symlink_loop, "symlink loop"),
    "fifo": (_fifo, "not a regular file (FIFO)"),
}


@pytest.fixture
def fifo_release(ingest: Ingest):
    """Fail instead of hanging: a reader stuck on a FIFO (inside Arrow's C++ open, where no Python signal
    handler can interrupt it) is released after a grace period by opening the FIFO's write end."""
    done = threading.Event()

    def release() -> None:
        if done.wait(60):
            return
        while not done.is_set():
            for fifo in (p for p in ingest.landing.glob("*.jsonl") if p.is_fifo()):
                with contextlib.suppress(OSError):  # opening succeeds only while someone is reading
                    os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            time.sleep(0.5)

    threading.Thread(target=release, daemon=True).start()
    yield
    done.set()


@pytest.mark.parametrize("case", list(UNREADABLE), ids=list(UNREADABLE))
def test_one_unreadable_entry_is_one_quarantine_row_and_the_rest_loads(
    ingest: Ingest, tmp_path: Path, fifo_release, case: str
) -> None:
    make, why = UNREADABLE[case]
    write_jsonl(ingest.landing / "good.jsonl", GOOD)
    outside = tmp_path / "outside"
    outside.mkdir()
    bad = landed_on(make(ingest.landing, outside))
    result = ingest.run()
    assert ingest.loaded_ids() == ["good-1", "good-2"]
    assert ingest.quarantine() == [(bad.name, 0, f"unreadable_file: {why}")]
    assert ingest.conserved() == (3, 2, 1)
    (mat,) = result.get_asset_materialization_events()
    assert mat.materialization.metadata["landing_files_unreadable"].value == 1
    # Refused means never read: nothing from outside the landing folder reaches the warehouse.
    assert ingest.rows("SELECT count(*) FROM landing_records WHERE conversation_id = ?", [OUTSIDE_ID]) == [(0,)]



def test_empty_files_hold_zero_records_and_are_not_errors(ingest: Ingest) -> None:
    write_jsonl(ingest.landing / "good.jsonl", GOOD)
    (ingest.landing / "empty.jsonl").write_bytes(b"")
    (ingest.landing / "empty0.jsonl.gz").write_bytes(b"")  # touched before it was written
    (ingest.landing / "nothing.jsonl.gz").write_bytes(gzip.compress(b""))
    pq.write_table(pa.table({"conversation_id": pa.array([], pa.string())}), ingest.landing / "no-rows.parquet")
    ingest.run()
    assert ingest.loaded_ids() == ["good-1", "good-2"] and ingest.quarantine() == []
    files = dict((Path(f).name, n) for f, n in ingest.rows("SELECT file, n_records FROM landing_files"))
    assert files == {"good.jsonl": 2, "empty.jsonl": 0, "empty0.jsonl.gz": 0, "nothing.jsonl.gz": 0, "no-rows.parquet": 0}


def test_file_name_that_is_not_utf8_loads_under_an_escaped_name(ingest: Ingest) -> None:
    name = os.fsdecode(b"caf\xe9-\xff.jsonl")
    write_jsonl(ingest.landing / name, GOOD)
    ingest.run()
    assert ingest.loaded_ids() == ["good-1", "good-2"]
    assert {Path(f).name for (f,) in ingest.rows("SELECT DISTINCT source_file FROM conversations")} == {"caf\\xe9-\\xff.jsonl"}
    ingest.run()  # the escaped name is the file's stable key: the second run re-reads nothing
    assert ingest.rows("SELECT count(*) FROM landing_records") == [(2,)]


def test_symlink_inside_the_landing_folder_is_read_once_and_case_does_not_hide_files(ingest: Ingest) -> None:
    write_jsonl(ingest.landing / "day.jsonl", GOOD)
    os.symlink(ingest.landing / "day.jsonl", ingest.landing / "alias.jsonl")
    (ingest.landing / "_staging").mkdir()
    write_jsonl(ingest.landing / "_staging" / "ready.jsonl", [conversation("staged")])
    os.symlink(ingest.landing / "_staging" / "ready.jsonl", ingest.landing / "published.jsonl")
    write_jsonl(ingest.landing / "UPPER.JSONL", [conversation("upper")])
    ingest.run()
    assert ingest.loaded_ids() == ["good-1", "good-2", "staged", "upper"] and ingest.quarantine() == []


def test_line_with_record_separator_and_invalid_utf8_costs_only_that_line(ingest: Ingest) -> None:
    """Used to be a CSV parse error for the whole file."""
    write_jsonl(ingest.landing / "mixed.jsonl", [GOOD[0], b'{"note": "\x1e caf\xe9"}', GOOD[1], "{broken"])
    ingest.run()
    assert ingest.loaded_ids() == ["good-1", "good-2"]
    assert ingest.quarantine() == [("mixed.jsonl", 2, "invalid_utf8"), ("mixed.jsonl", 4, "malformed_json")]


def test_unreadable_file_that_is_rewritten_loads_on_the_next_run(ingest: Ingest) -> None:
    broken = ingest.landing / "late.jsonl.gz"
    broken.write_bytes(gzip.compress(_records("late-1", "late-2"))[:-12])
    landed_on(broken)
    ingest.run()
    assert ingest.quarantine() == [("late.jsonl.gz", 0, "unreadable_file: corrupt or truncated gzip")]
    broken.write_bytes(gzip.compress(_records("late-1", "late-2")))
    landed_on(broken)
    ingest.run()
    assert ingest.loaded_ids() == ["late-1", "late-2"] and ingest.quarantine() == []
    assert ingest.conserved() == (2, 2, 0)


def test_unreadable_file_is_retried_even_when_size_and_mtime_are_unchanged(ingest: Ingest, tmp_path: Path) -> None:
    """A fingerprint cannot tell a repaired file from the broken one, so unreadable files are retried every run."""
    good = _parquet_bytes(tmp_path, [conversation("pq-1")])
    target = ingest.landing / "day.parquet"
    target.write_bytes(good[:8] + b"\x00" * (len(good) - 16) + good[-8:])
    landed_on(target)
    ingest.run()
    assert ingest.quarantine() == [("day.parquet", 0, "unreadable_file: not a readable parquet file")]
    (fingerprint,) = ingest.rows("SELECT fingerprint FROM landing_files")[0]
    assert fingerprint.startswith("unreadable:")
    target.write_bytes(good)
    landed_on(target)  # same size, same mtime: the same fingerprint as the broken file
    ingest.run()
    assert ingest.loaded_ids() == ["pq-1"] and ingest.quarantine() == []


def test_good_file_that_turns_unreadable_keeps_its_records(ingest: Ingest) -> None:
    """A half-copied overwrite must not wipe out a loaded day; the unreadable version is still reported."""
    path = ingest.landing / "day.jsonl.gz"
    path.write_bytes(gzip.compress(_records("kept-1", "kept-2")))
    landed_on(path)
    ingest.run()
    path.write_bytes(gzip.compress(_records("kept-1", "kept-2", "new-3"))[:-12])
    landed_on(path)
    os.utime(path, (path.stat().st_atime, path.stat().st_mtime + 60))  # a new fingerprint, the same day
    ingest.run()
    assert ingest.loaded_ids() == ["kept-1", "kept-2"]
    assert ingest.quarantine() == [("day.jsonl.gz", 0, "unreadable_file: corrupt or truncated gzip")]
    assert ingest.conserved() == (3, 2, 1)


def test_file_deleted_between_discovery_and_read(ingest: Ingest, monkeypatch: pytest.MonkeyPatch) -> None:
    write_jsonl(ingest.landing / "good.jsonl", GOOD)
    doomed = landed_on(write_jsonl(ingest.landing / "doomed.jsonl", [conversation("gone")]))
    real_discover = index_module.discover

    def discover_then_delete(landing_dir):
        found = real_discover(landing_dir)
        doomed.unlink()
        return found

    monkeypatch.setattr(index_module, "discover", discover_then_delete)
    ingest.run()
    assert ingest.loaded_ids() == ["good-1", "good-2"]
    assert ingest.quarantine() == [("doomed.jsonl", 0, "unreadable_file: file disappeared before it was read")]
    assert ingest.conserved() == (3, 2, 1)


def test_file_without_read_permission(ingest: Ingest) -> None:
    """Permission bits do not stop root: run as root, the file loads; otherwise it is quarantined."""
    write_jsonl(ingest.landing / "good.jsonl", GOOD)
    locked = landed_on(write_jsonl(ingest.landing / "locked.jsonl", [conversation("locked-1")]))
    locked.chmod(0)
    try:
        ingest.run()
    finally:
        locked.chmod(0o644)
    if os.geteuid() == 0:
        assert ingest.loaded_ids() == ["good-1", "good-2", "locked-1"]
    else:
        assert ingest.quarantine() == [("locked.jsonl", 0, "unreadable_file: permission denied")]


def test_permission_error_while_reading_is_one_quarantine_row(ingest: Ingest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same case under root, where chmod cannot produce it: the reader's PermissionError is injected."""
    write_jsonl(ingest.landing / "good.jsonl", GOOD)
    landed_on(write_jsonl(ingest.landing / "locked.jsonl", [conversation("locked-1")]))
    real_read = landing_module._read_jsonl

    def deny_locked(path: str, compression):
        if path.endswith("locked.jsonl"):
            raise PermissionError(13, "Permission denied", path)
        return real_read(path, compression)

    monkeypatch.setattr(landing_module, "_read_jsonl", deny_locked)
    ingest.run()
    assert ingest.loaded_ids() == ["good-1", "good-2"]
    assert ingest.quarantine() == [("locked.jsonl", 0, "unreadable_file: permission denied")]


def test_unexpected_error_in_one_file_is_contained(ingest: Ingest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever breaks while one file is processed (here validation itself) costs that file, not the run."""
    write_jsonl(ingest.landing / "good.jsonl", GOOD)
    landed_on(write_jsonl(ingest.landing / "poison.jsonl", [conversation("p-1")]))
    real_validate = index_module.validate_lines

    def validate(raw, **kw):
        if b"p-1" in raw.column("raw")[0].as_py():
            raise RuntimeError("boom")
        return real_validate(raw, **kw)

    monkeypatch.setattr(index_module, "validate_lines", validate)
    ingest.run()
    assert ingest.loaded_ids() == ["good-1", "good-2"]
    assert ingest.quarantine() == [("poison.jsonl", 0, "unreadable_file: could not be processed")]
    assert ingest.rows("SELECT snippet FROM quarantine") == [("RuntimeError: boom",)]


def test_unreadable_row_lives_on_the_day_the_file_landed(ingest: Ingest) -> None:
    """Not on whichever day happens to run: the row has one stable home, and every day's check passes."""
    write_jsonl(ingest.landing / "good.jsonl", GOOD)
    landed_on(_corrupt_gzip(ingest.landing, ingest.landing), "2026-01-03")
    result = ingest.run(DAY)
    assert ingest.conserved(DAY) == (2, 2, 0) and ingest.quarantine() == []
    (mat,) = result.get_asset_materialization_events()
    assert mat.materialization.metadata["landing_files_unreadable"].value == 1  # reported on every run
    ingest.run("2026-01-03")
    assert ingest.conserved("2026-01-03") == (1, 0, 1)
    assert ingest.quarantine() == [("corrupt.jsonl.gz", 0, "unreadable_file: corrupt or truncated gzip")]


def test_a_file_from_the_future_lands_today_at_the_latest(ingest: Ingest) -> None:
    from datetime import date

    from clio_pipeline.ingestion.discovery import discover
    from clio_pipeline.ingestion.index import landing_date

    path = _fifo(ingest.landing, ingest.landing)
    landed_on(path, "2099-01-01")
    (entry,) = discover(ingest.landing)
    assert landing_date(entry, date(2026, 6, 1)) == date(2026, 6, 1)
    landed_on(path, "2026-01-02")
    (entry,) = discover(ingest.landing)
    assert landing_date(entry, date(2026, 6, 1)) == date(2026, 1, 2)
