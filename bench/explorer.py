"""Explorer benchmark: build time and page size for large analyst databases, and browser load time.

    .venv/bin/python -m bench.explorer [--clusters 500 5000] [--no-browser]

Speeds are reported as ratios against baselines measured in the same run (the machine is shared):
  * build / read: `build_explorer_html` against a bare `fetchall()` of the same three tables, so the
    ratio is the cost of our Python shaping + JSON + template on top of DuckDB itself;
  * render / blank: time until the page says it is ready (tree + map + sidebar drawn) against loading a
    blank file:// page in the same browser.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import duckdb

from clio_pipeline.explorer.build import build_explorer_html, write_explorer

SCHEMA_SQL = Path(__file__).resolve().parents[1] / "sql" / "published" / "schema.sql"


def make_db(path: Path, n_clusters: int) -> None:
    """A synthetic analyst database: a 3-level tree (n/25 top, n/5 mid, the rest base), 7-day trends."""
    n_top, n_mid = max(1, n_clusters // 25), max(1, n_clusters // 5)
    with duckdb.connect(str(path)) as con:
        con.execute(SCHEMA_SQL.read_text())
        con.execute(
            f"""
            INSERT INTO clusters
            SELECT DATE '2026-02-01', 'c' || i,
                   CASE WHEN i < {n_top} THEN 2 WHEN i < {n_top + n_mid} THEN 1 ELSE 0 END,
                   CASE WHEN i < {n_top} THEN NULL WHEN i < {n_top + n_mid} THEN 'c' || (i % {n_top})
                        ELSE 'c' || ({n_top} + i % {n_mid}) END,
                   'Cluster name number ' || i, 'A one-sentence description of cluster ' || i || '.',
                   60 + (hash(i) % 2000), 30 + (hash(i) % 500), 0.001, random() * 10, random() * 10,
                   1 + random() * 3, random() - 0.4, 5, i % 97 = 0
            FROM range({n_clusters}) t(i)
            """
        )
        con.execute(
            """
            INSERT INTO cluster_facet_breakdowns
            SELECT partition_date, cluster_id, f.facet, f.value, n_conversations // 4, n_users // 4
            FROM clusters, (VALUES ('language','en'),('language','es'),('language','(other)'),('task','coding'),
                 ('task','writing'),('concerning_score','1'),('concerning_score','2')) f(facet, value)
            """
        )
        con.execute(
            """
            INSERT INTO cluster_trends
            SELECT partition_date, cluster_id, DATE '2026-02-01' - CAST(d AS INTEGER), n_conversations // 7, n_users // 7
            FROM clusters, range(7) r(d)
            """
        )


def timed(fn, repeat: int = 3) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def bare_read(path: Path) -> None:
    with duckdb.connect(str(path), read_only=True) as con:
        for table in ("clusters", "cluster_facet_breakdowns", "cluster_trends"):
            con.execute(f"SELECT * FROM {table}").fetchall()


def browser_ratio(html_path: Path, blank_path: Path) -> tuple[float, float] | None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path("/usr/bin/chromium").exists():
        return None
    args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        page = browser.new_page(viewport={"width": 1440, "height": 900})

        def load_blank() -> None:
            page.goto(blank_path.as_uri())
            page.wait_for_selector("body[data-ready=true]", state="attached")

        def load_explorer() -> None:
            page.goto(html_path.as_uri())
            page.wait_for_selector("body[data-ready=true]", state="attached", timeout=120_000)

        blank, explorer = timed(load_blank), timed(load_explorer)
        browser.close()
    return explorer, blank


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clusters", type=int, nargs="+", default=[500, 5000])
    parser.add_argument("--no-browser", action="store_true")
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        blank = Path(tmp) / "blank.html"
        blank.write_text('<!DOCTYPE html><html><body data-ready="true"></body></html>')
        print(
            f"{'clusters':>8} {'read s':>8} {'build s':>8} {'build/read':>10} {'page KB':>8} {'B/cluster':>9}"
            f" {'render s':>8} {'render/blank':>12}"
        )
        for n in opts.clusters:
            db = Path(tmp) / f"published_{n}.duckdb"
            make_db(db, n)
            read_s = timed(lambda db=db: bare_read(db))
            build_s = timed(lambda db=db: build_explorer_html(db))
            size = len(build_explorer_html(db).encode("utf-8"))
            html_path = write_explorer(db, Path(tmp) / f"explorer_{n}.html")
            render = None if opts.no_browser else browser_ratio(html_path, blank)
            render_cols = (
                f" {render[0]:8.3f} {render[0] / render[1]:12.1f}" if render else f" {'-':>8} {'-':>12}"
            )
            print(
                f"{n:8d} {read_s:8.3f} {build_s:8.3f} {build_s / read_s:10.2f} {size / 1024:8.0f} {size / n:9.0f}"
                + render_cols,
                flush=True,
            )


if __name__ == "__main__":
    main()
