"""`clio-pipeline sql`: the analyst database, read-only, as a table, CSV or JSON; nothing else reachable."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from clio_pipeline.cli import main
from clio_pipeline.package_data import SQL_DIR

REPO = Path(__file__).resolve().parents[2]
TOP = "SELECT name, n_conversations, n_users FROM top_clusters WHERE level = 0 ORDER BY n_conversations DESC"


@pytest.fixture
def analyst_env(analyst_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CLIO_PUBLISHED_DB", str(analyst_db))
    monkeypatch.setenv("CLIO_WAREHOUSE", str(analyst_db.with_name("warehouse.duckdb")))
    return analyst_db


def _sql(capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, str, str]:
    code = main(["sql", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_query_prints_a_table_csv_or_json(analyst_env: Path, capsys: pytest.CaptureFixture) -> None:
    code, table, _ = _sql(capsys, TOP)
    assert code == 0
    header, rule, first, *_ = table.splitlines()
    assert header.split() == ["name", "n_conversations", "n_users"] and set(rule) <= {"-", " "}
    assert first.startswith("Planning trips") and table.rstrip().endswith("rows)")

    code, text, _ = _sql(capsys, TOP, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert code == 0 and rows[0]["name"] == "Planning trips" and int(rows[0]["n_conversations"]) == 200

    code, text, _ = _sql(capsys, TOP, "--format", "json")
    records = json.loads(text)
    assert code == 0 and records == [{k: (int(v) if k != "name" else v) for k, v in r.items()} for r in rows]

    code, text, _ = _sql(capsys, TOP, "--max-rows", "1")
    assert code == 0 and "not shown" in text and len(text.splitlines()) == 4


def test_a_file_of_statements_runs_every_one(analyst_env: Path, capsys: pytest.CaptureFixture) -> None:
    code, text, err = _sql(capsys, "-f", str(SQL_DIR / "analyst" / "examples.sql"))
    assert code == 0, err
    statements = (SQL_DIR / "analyst" / "examples.sql").read_text().count(";")
    assert text.count("rows)") == statements


@pytest.mark.parametrize("query", [
    "ATTACH '{warehouse}' AS w (READ_ONLY)",
    "SELECT * FROM read_csv('{warehouse}')",
    "COPY clusters TO '{out}'",
    "CREATE TABLE leak AS SELECT 1",
    "SET enable_external_access = true",
])
def test_nothing_but_reading_the_analyst_database_is_possible(
    analyst_env: Path, capsys: pytest.CaptureFixture, tmp_path: Path, query: str
) -> None:
    warehouse = analyst_env.with_name("warehouse.duckdb")
    code, out, err = _sql(capsys, query.format(warehouse=warehouse, out=tmp_path / "out.csv"))
    assert code == 1 and out == "" and err.startswith("clio-pipeline sql:")
    assert not (tmp_path / "out.csv").exists()


def test_the_warehouse_is_refused_even_when_configured_as_the_analyst_database(
    analyst_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("CLIO_PUBLISHED_DB", str(analyst_env.with_name("warehouse.duckdb")))
    code, out, err = _sql(capsys, "SELECT user_id FROM conversations LIMIT 1")
    assert code == 2 and out == "" and "private warehouse" in err
    monkeypatch.setenv("CLIO_PUBLISHED_DB", str(analyst_env.with_name("missing.duckdb")))
    code, _, err = _sql(capsys, "SELECT 1")
    assert code == 2 and "No analyst database" in err


def test_the_installed_command_runs(analyst_env: Path) -> None:
    env = os.environ | {"PYTHONPATH": os.pathsep.join([str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])])}
    proc = subprocess.run([sys.executable, "-m", "clio_pipeline.cli", "sql", "SELECT count(*) AS n FROM clusters"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0].strip() == "n"
