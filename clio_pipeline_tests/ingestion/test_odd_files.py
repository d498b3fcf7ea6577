"""Files that can be read but are odd: each record still gets a load or a clear quarantine reason.

Real Dagster runs of `conversations` with its blocking `records_conserved` check.
"""

from __future__ import annotations

import gzip
import json
from datetime import datetime, timezone

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from clio_pipeline.facets.assets import facets
from clio_pipeline.resources import EmbeddingResource, ExecutionResource, FacetsResource, LLMResource
from clio_pipeline_tests.conftest import conversation, write_jsonl
from clio_pipeline_tests.ingestion.conftest import DAY, Ingest, landed_on

pytestmark = pytest.mark.integration

BOM = b"\xef\xbb\xbf"


def _line(cid: str, **kw) -> bytes:
    return json.dumps(conversation(cid, **kw)).encode()


def test_bom_at_the_start_of_a_file_does_not_cost_the_first_record(ingest: Ingest) -> None:
    (ingest.landing / "bom.jsonl").write_bytes(BOM + _line("a1") + b"\n" + _line("a2") + b"\n")
    (ingest.landing / "bom.jsonl.gz").write_bytes(gzip.compress(BOM + _line("b1") + b"\n"))
    # A 0x1E byte sends the file through the exact line reader, which must strip the BOM too.
    (ingest.landing / "bom-rs.jsonl").write_bytes(BOM + _line("c1") + b"\n" + b'{"x": "\x1e"}\n')
    ingest.run()
    assert ingest.loaded_ids() == ["a1", "a2", "b1", "c1"]
    assert ingest.quarantine() == [("bom-rs.jsonl", 2, "malformed_json")]


def test_crlf_line_endings_and_whitespace_only_lines(ingest: Ingest) -> None:
    (ingest.landing / "crlf.jsonl").write_bytes(_line("r1") + b"\r\n\r\n \t \r\n" + _line("r2") + b"\r\n\t\n")
    (ingest.landing / "crlf-rs.jsonl").write_bytes(_line("r3") + b"\r\n\r\n" + b'{"\x1e"}\r\n')  # exact reader
    result = ingest.run()
    assert ingest.loaded_ids() == ["r1", "r2", "r3"]
    assert ingest.quarantine() == [("crlf-rs.jsonl", 3, "malformed_json")]
    (mat,) = result.get_asset_materialization_events()
    assert mat.materialization.metadata["records_read"].value == 4  # blank lines are not records


def test_gzip_of_garbage_is_quarantined_line_by_line(ingest: Ingest) -> None:
    garbage = bytes((i * 7919 + 13) % 256 for i in range(20_000))
    (ingest.landing / "garbage.jsonl.gz").write_bytes(gzip.compress(garbage))
    write_jsonl(ingest.landing / "good.jsonl", [conversation("g1")])
    landed_on(ingest.landing / "garbage.jsonl.gz")
    ingest.run()
    assert ingest.loaded_ids() == ["g1"]
    reasons = {r for _, _, r in ingest.quarantine()}
    assert reasons and reasons <= {"invalid_utf8", "malformed_json"}
    read, loaded, quarantined = ingest.conserved()
    assert read == loaded + quarantined and loaded == 1


def test_multi_member_gzip_loads_every_member(ingest: Ingest) -> None:
    """`cat a.gz b.gz > c.gz` is a valid gzip; a reader that stops after the first member loses data."""
    (ingest.landing / "cat.jsonl.gz").write_bytes(gzip.compress(_line("m1") + b"\n") + gzip.compress(_line("m2") + b"\n"))
    ingest.run()
    assert ingest.loaded_ids() == ["m1", "m2"]


def test_parquet_with_wrong_columns_or_types(ingest: Ingest) -> None:
    pq.write_table(pa.table({"id": ["x1", "x2"], "text": ["hi", "ho"]}), ingest.landing / "columns.parquet")
    as_int = conversation("t1") | {"created_at": 1767268800}
    pq.write_table(pa.Table.from_pylist([as_int]), ingest.landing / "int-time.parquet")
    # A real timestamp type is a legitimate way to write created_at and loads.
    typed = conversation("t2") | {"created_at": datetime(2026, 1, 1, 9, 30, tzinfo=timezone.utc)}
    pq.write_table(pa.Table.from_pylist([typed]), ingest.landing / "typed-time.parquet")
    for name in ("columns.parquet", "int-time.parquet"):
        landed_on(ingest.landing / name)
    ingest.run()
    assert ingest.loaded_ids() == ["t2"]
    assert ingest.quarantine() == [
        ("columns.parquet", 1, "missing_or_mistyped_conversation_id"),
        ("columns.parquet", 2, "missing_or_mistyped_conversation_id"),
        ("int-time.parquet", 1, "missing_or_unparseable_created_at"),
    ]


def test_line_longer_than_the_reader_block_is_oversized_not_fatal(ingest: Ingest) -> None:
    """17 MiB on one line: bigger than the CSV reader's 16 MiB block and than CLIO_MAX_RECORD_BYTES."""
    huge = _line("huge", messages=[{"role": "user", "content": "x" * (17 << 20)}])
    (ingest.landing / "long.jsonl").write_bytes(_line("l1") + b"\n" + huge + b"\n" + _line("l2") + b"\n")
    ingest.run(max_record_bytes=1_000_000)
    assert ingest.loaded_ids() == ["l1", "l2"]
    assert ingest.quarantine() == [("long.jsonl", 2, "oversized_record")]


def test_nul_bytes(ingest: Ingest) -> None:
    write_jsonl(ingest.landing / "nul.jsonl", [
        _line("n1"), b'{"conversation_id": "n\x00"}', b"\x00\x00\x00",
        _line("n2", messages=[{"role": "user", "content": "before\u0000after"}]),
    ])
    ingest.run()
    assert ingest.loaded_ids() == ["n1", "n2"]
    assert ingest.quarantine() == [("nul.jsonl", 2, "malformed_json"), ("nul.jsonl", 3, "malformed_json")]


def test_a_json_array_instead_of_json_lines(ingest: Ingest) -> None:
    """One line holding an array is one record that is not an object; a pretty-printed array is lines of
    malformed JSON. Either way every line is accounted for and the run goes on."""
    records = [conversation("j1"), conversation("j2")]
    (ingest.landing / "one-line.jsonl").write_text(json.dumps(records) + "\n")
    (ingest.landing / "pretty.jsonl").write_text(json.dumps(records, indent=2) + "\n")
    write_jsonl(ingest.landing / "good.jsonl", [conversation("g1")])
    for name in ("one-line.jsonl", "pretty.jsonl"):
        landed_on(ingest.landing / name)
    ingest.run()
    assert ingest.loaded_ids() == ["g1"]
    quarantined = ingest.quarantine()
    assert ("one-line.jsonl", 1, "not_an_object") in quarantined
    assert {r for f, _, r in quarantined if f == "pretty.jsonl"} == {"malformed_json"}
    read, loaded, n = ingest.conserved()
    assert read == loaded + n == 1 + 1 + len(json.dumps(records, indent=2).splitlines())


OUT_OF_RANGE = ["infinity", "-infinity", "0044-03-15 (BC)", "1989-12-31T23:59:59Z", "9999-12-31T00:00:00Z",
                "2026-01-01T12:00:00+15:00", "2026-01-01T12:00:00-14:30"]


def test_out_of_range_created_at_is_quarantined_on_the_files_day(ingest: Ingest) -> None:
    """`infinity` used to crash the run (OverflowError); 9999-12-31 landed in a day that never runs."""
    write_jsonl(ingest.landing / "times.jsonl", [conversation("ok")] + [
        conversation(f"bad-{i}", created_at=ts) for i, ts in enumerate(OUT_OF_RANGE)])
    ingest.run()
    assert ingest.loaded_ids() == ["ok"]
    assert [r for _, _, r in ingest.quarantine()] == ["created_at_out_of_range"] * len(OUT_OF_RANGE)
    assert ingest.conserved() == (1 + len(OUT_OF_RANGE), 1, len(OUT_OF_RANGE))
    assert ingest.rows("SELECT count(*) FROM landing_records WHERE partition_date <> ?::DATE", [DAY]) == [(0,)]


def test_deeply_nested_record_is_quarantined_and_facets_still_run(ingest: Ingest) -> None:
    """1,000 levels of metadata used to pass validation and then stop `facets` with RecursionError."""
    levels = 1_000
    deep = _line("deep")[:-1] + b', "metadata": ' + b'{"k": ' * levels + b"1" + b"}" * levels + b"}"
    write_jsonl(ingest.landing / "deep.jsonl", [_line("shallow"), deep])
    resources = ingest.resources() | {"llm": LLMResource(), "facets_config": FacetsResource(),
                                     "embedding": EmbeddingResource(), "execution": ExecutionResource()}
    result = ingest.run(extra_assets=(facets,), resources=resources)
    assert ingest.loaded_ids() == ["shallow"]
    assert ingest.quarantine() == [("deep.jsonl", 2, "nested_too_deep")]
    assert ingest.rows("SELECT conversation_id, failed FROM facets") == [("shallow", False)]
    assert len(result.get_asset_materialization_events()) == 2


def test_non_utf8_bytes_in_a_parquet_string_column_do_not_stop_the_folder(ingest: Ingest) -> None:
    """A Parquet writer may store bytes that are not UTF-8 as a string; the file is unreadable, not the run."""
    table = pa.table({"conversation_id": pa.array([b"caf\xe9"], pa.binary()).cast(pa.string(), safe=False)})
    try:
        pq.write_table(table, ingest.landing / "latin1.parquet")
    except pa.ArrowInvalid:
        pytest.skip("this pyarrow refuses to write invalid UTF-8")
    write_jsonl(ingest.landing / "good.jsonl", [conversation("g1")])
    landed_on(ingest.landing / "latin1.parquet")
    ingest.run()
    assert ingest.loaded_ids() == ["g1"]
    assert ingest.quarantine() == [("latin1.parquet", 0, "unreadable_file: not a readable parquet file")]
    assert ingest.conserved() == (2, 1, 1)
