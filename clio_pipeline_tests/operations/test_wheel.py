"""A non-editable install (a built wheel) finds sql/ and the Dagster YAML files without the checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "clio_pipeline", "sql", "dagster.yaml",
           "workspace.yaml")

# Runs from a folder outside the checkout, against the installed copy only.
PROBE = """
import sys
from pathlib import Path
import clio_pipeline, clio_pipeline.package_data as data
site = Path(sys.argv[1]).resolve()
assert Path(clio_pipeline.__file__).resolve().is_relative_to(site), clio_pipeline.__file__
assert data.DATA_ROOT == site / "clio_pipeline" / "_data", data.DATA_ROOT
from clio_pipeline.warehouse import ensure_warehouse, connect
ensure_warehouse("w.duckdb")
with connect("w.duckdb", read_only=True) as con:
    print("tables", con.execute("SELECT count(*) FROM information_schema.tables").fetchone()[0])
from clio_pipeline.publishing.schema import SCHEMA_SQL, view_sql
assert SCHEMA_SQL.is_relative_to(site) and len(view_sql()) >= 5
import os
os.environ["DAGSTER_HOME"] = str(Path("dh").resolve())
from clio_pipeline.runner import ensure_dagster_home
print("dagster.yaml", (ensure_dagster_home() / "dagster.yaml").read_text().count("max_concurrent_runs"))
"""


@pytest.mark.slow
def test_a_built_wheel_ships_sql_and_works_without_the_checkout(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    for name in SOURCES:  # building in a copy keeps build/ and *.egg-info out of the checkout
        (shutil.copytree if (REPO / name).is_dir() else shutil.copyfile)(
            REPO / name, source / name, **({"ignore": shutil.ignore_patterns("__pycache__")}
                                           if (REPO / name).is_dir() else {}))
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp_path / "dist"), str(source)],
                   check=True, timeout=180, capture_output=True)
    (wheel,) = (tmp_path / "dist").glob("clio_pipeline-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for sql in (REPO / "sql").rglob("*.sql"):
        assert f"clio_pipeline/_data/{sql.relative_to(REPO).as_posix()}" in names, sql
    assert {"clio_pipeline/_data/dagster.yaml", "clio_pipeline/_data/workspace.yaml"} <= names
    assert "clio_pipeline/operations/sql_console.py" in names

    site = tmp_path / "site"
    subprocess.run([*pip, "install", "--no-deps", "--no-index", "--target", str(site), str(wheel)],
                   check=True, timeout=180, capture_output=True)
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLIO_", "DAGSTER_"))} | {"PYTHONPATH": str(site)}
    probe = subprocess.run([sys.executable, "-c", PROBE, str(site)], cwd=work, env=env, capture_output=True,
                           text=True, timeout=180)
    assert probe.returncode == 0, probe.stderr[-3000:]
    assert "dagster.yaml 1" in probe.stdout
    assert int(probe.stdout.split("tables ")[1].split()[0]) >= 10
