"""`clio-pipeline sql`: analysts query the analyst database read-only, and nothing else.

The connection is opened read-only with DuckDB's external access disabled and the configuration
locked, so a query can neither write, nor ATTACH the private warehouse, nor read any other file
(`read_csv`, `COPY`, extensions). Before querying, the file's tables are checked: a database with raw
tables or per-conversation columns (the warehouse, or a copy of it) is refused.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from clio_pipeline.explorer.load import check_analyst_database

FORMATS = ("table", "csv", "json")
MAX_CELL = 60  # table cells wider than this are cut, so one long description cannot wreck the layout


@dataclass
class ResultSet:
    columns: list[str]
    rows: list[tuple]


def open_analyst_database(path: str | Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the analyst database that cannot reach any other file."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"No analyst database at {path}; run the pipeline first (clio-pipeline demo).")
    con = duckdb.connect(str(path), read_only=True,
                         config={"enable_external_access": False, "lock_configuration": True})
    try:
        rows = con.execute("SELECT table_name, column_name FROM information_schema.columns "
                           "WHERE table_catalog = current_database()").fetchall()
        tables: dict[str, set[str]] = {}
        for table, column in rows:
            tables.setdefault(table.lower(), set()).add(column.lower())
        check_analyst_database(tables, str(path))
    except Exception:
        con.close()
        raise
    return con


def run_sql(path: str | Path, sql: str) -> list[ResultSet]:
    """Execute every statement of `sql` on the analyst database; the results of those that return rows."""
    con = open_analyst_database(path)
    try:
        results = []
        for statement in duckdb.extract_statements(sql):
            cursor = con.execute(statement)
            if cursor.description is not None:
                results.append(ResultSet([d[0] for d in cursor.description], cursor.fetchall()))
        return results
    finally:
        con.close()


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def _cell(value: Any) -> str:
    text = "NULL" if value is None else str(_plain(value)).replace("\n", " ")
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def format_table(result: ResultSet, max_rows: int | None = None) -> str:
    """Aligned columns with a header rule; numbers right-aligned; at most `max_rows` rows."""
    shown = result.rows if max_rows is None else result.rows[:max_rows]
    cells = [[_cell(v) for v in row] for row in shown]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(result.columns)]
    numeric = [bool(shown) and all(isinstance(r[i], (int, float, Decimal)) or r[i] is None for r in shown)
               for i in range(len(result.columns))]

    def line(values: list[str]) -> str:
        return "  ".join(v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric)).rstrip()

    out = [line(list(result.columns)), "  ".join("-" * w for w in widths)]
    out += [line(row) for row in cells]
    more = len(result.rows) - len(shown)
    footer = f"({len(result.rows)} rows" + (f"; {more} not shown, use --max-rows or --format csv)" if more else ")")
    return "\n".join([*out, footer])


def format_csv(result: ResultSet) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(result.columns)
    writer.writerows([[_plain(v) for v in row] for row in result.rows])
    return buffer.getvalue().rstrip("\n")


def format_json(result: ResultSet) -> str:
    return json.dumps([{c: _plain(v) for c, v in zip(result.columns, row)} for row in result.rows],
                      ensure_ascii=False, indent=1, default=str)


def render(results: list[ResultSet], fmt: str, max_rows: int | None = None) -> str:
    """All result sets in one format, separated by blank lines (one JSON array per result set)."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, got {fmt!r}")
    parts = [format_table(r, max_rows) if fmt == "table" else format_csv(r) if fmt == "csv" else format_json(r)
             for r in results]
    return "\n\n".join(parts)
