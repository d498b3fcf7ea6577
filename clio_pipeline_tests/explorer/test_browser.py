"""End to end in a real headless Chromium: the page renders, selects, searches and filters offline.

Needs the `playwright` Python package and a Chromium binary (Debian: `apt-get install chromium`); skipped
with a message when either is missing. Playwright's own browser download is never used.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from clio_pipeline.explorer.build import write_explorer

ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _chromium_path() -> str | None:
    for candidate in (
        os.environ.get("CLIO_CHROMIUM"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
        shutil.which("google-chrome"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (pip install playwright)"
    )
    executable = _chromium_path()
    if executable is None:
        pytest.skip("no Chromium binary found (apt-get install chromium, or set CLIO_CHROMIUM)")
    with sync_api.sync_playwright() as pw:
        try:
            chromium = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except Exception as exc:  # a browser that cannot start is not available: skip, saying why
            pytest.skip(f"Chromium at {executable} failed to start: {exc}")
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, analyst_db):
    html_path = write_explorer(analyst_db.path)
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    # Any request that leaves the file is a bug: the page must work offline.
    external: list[str] = []

    def block_network(route):
        external.append(route.request.url)
        route.abort()

    context.route("http*://**/*", block_network)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    tab.goto(html_path.as_uri())
    tab.wait_for_selector("body[data-ready=true]", timeout=10_000)
    yield tab
    assert errors == [], f"JS errors on the page: {errors}"
    assert external == [], f"the page tried to reach the network: {external}"
    context.close()


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def _visible_row_ids(page) -> list[str]:
    return page.eval_on_selector_all(
        "#tree .row[data-cluster-id]",
        "rows => rows.filter(r => r.offsetParent !== null).map(r => r.dataset.clusterId)",
    )


def test_tree_and_map_render_every_cluster(page, analyst_db):
    tree_ids = page.eval_on_selector_all(
        "#tree .row[data-cluster-id]", "rs => rs.map(r => r.dataset.clusterId)"
    )
    assert sorted(tree_ids) == analyst_db.cluster_ids
    map_ids = page.eval_on_selector_all(
        "#map circle[data-cluster-id]", "cs => cs.map(c => c.dataset.clusterId)"
    )
    assert sorted(map_ids) == sorted(analyst_db.map_ids)  # other buckets have no coordinates
    # Top-level categories are visible on load; "other" buckets are marked as such.
    assert {"top-code", "top-write", "top-learn", "root-other"} <= set(_visible_row_ids(page))
    for other_id in analyst_db.other_ids:
        assert page.get_attribute(f'#tree .row[data-cluster-id="{other_id}"]', "data-other") == "true"
    # The name with a script tag is shown as text and never ran.
    assert page.evaluate("window.__pwned") is None
    assert analyst_db.EVIL_NAME in page.text_content('#tree .row[data-cluster-id="base-evil"] .name')


def test_clicking_a_map_point_selects_it_in_tree_and_sidebar(page, analyst_db):
    page.click('#map circle[data-cluster-id="base-sql"]')
    assert page.text_content("#sidebar [data-role=cluster-name]") == analyst_db.names["base-sql"]
    row = page.locator('#tree .row[data-cluster-id="base-sql"]')
    assert row.is_visible() and "selected" in (row.get_attribute("class") or "")
    assert "selected" in (page.get_attribute('#map circle[data-cluster-id="base-sql"]', "class") or "")
    assert page.locator("#sidebar .crumbs a").all_text_contents() == [
        "Software development",
        "Data engineering",
    ]
    assert page.locator("#sidebar .bars").count() == 3  # language, task, concerning score
    assert page.locator("#sidebar [data-role=trend] path.line").count() == 1

    page.hover('#map circle[data-cluster-id="top-learn"]')
    assert page.locator("#tooltip").is_visible()
    assert "Learning and research" in page.text_content("#tooltip")


def test_suppressed_trend_days_are_gaps(page):
    page.click('#tree .row[data-cluster-id="top-write"]')
    page.click('#tree .row[data-cluster-id="mid-creative"]')
    page.click('#tree .row[data-cluster-id="base-poem"]')
    assert page.text_content("#sidebar [data-role=cluster-name]") == "Poetry writing"
    assert page.locator("#sidebar [data-role=trend] path.line").count() == 2


def test_search_filters_the_tree_and_expands_ancestors(page):
    page.fill("#search", "poetry")
    # Polling selectors, not wait_for_function: the page's CSP rightly forbids string eval.
    expect(page.locator("#search-status")).to_contain_text("1 cluster matches")
    assert set(_visible_row_ids(page)) == {"top-write", "mid-creative", "base-poem"}
    assert page.eval_on_selector_all("#tree .row.match", "rs => rs.map(r => r.dataset.clusterId)") == [
        "base-poem"
    ]
    page.fill("#search", "")
    expect(page.locator("#search-status")).to_have_text("")
    assert "top-code" in _visible_row_ids(page)


def test_concerning_filter_lists_and_isolates_concerning_clusters(page, analyst_db):
    assert page.text_content("#concerning-count") == "1"
    page.click("#filter-concerning")
    listed = page.locator("#concerning-list a[data-cluster-id]")
    assert listed.count() == 1 and analyst_db.CONCERNING_NAME in listed.text_content()
    assert set(_visible_row_ids(page)) == {"top-learn", "mid-security", "base-bypass"}
    listed.click()
    assert page.text_content("#sidebar [data-role=cluster-name]") == analyst_db.CONCERNING_NAME
    assert page.locator("#sidebar .badge.danger").count() == 1


def test_colour_by_changes_the_map_and_legend(page, analyst_db, tmp_path):
    fills = {}
    for option in ("level", "mean_concerning", "growth", "dominant_language"):
        page.select_option("#color-by", option)
        fills[option] = page.get_attribute('#map circle[data-cluster-id="base-bypass"]', "fill")
        assert page.text_content("#legend")
    assert len(set(fills.values())) >= 3
    page.select_option("#map-levels", "0")
    base_on_map = [i for i in analyst_db.map_ids if analyst_db.levels[i] == 0]
    assert page.locator("#map circle[data-cluster-id]").count() == len(base_on_map)

    page.select_option("#map-levels", "all")
    page.select_option("#color-by", "level")
    page.click('#map circle[data-cluster-id="base-react"]')
    ARTIFACTS.mkdir(exist_ok=True)
    for target in (tmp_path / "explorer.png", ARTIFACTS / "explorer.png"):
        page.screenshot(path=str(target))
    print(f"explorer screenshot: {ARTIFACTS / 'explorer.png'} (and {tmp_path / 'explorer.png'})")


def test_rising_colouring_topic_history_and_new_topics(browser, make_analyst_db, tmp_path):
    from datetime import timedelta

    from clio_pipeline_tests.explorer.test_topics import TOPIC_SQL

    plain = make_analyst_db(tmp_path / "plain.duckdb")
    db = make_analyst_db(tmp_path / "published.duckdb",
                         TOPIC_SQL.format(week_before=plain.PARTITION - timedelta(days=7)))
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.goto(write_explorer(db.path).as_uri())
    tab.wait_for_selector("body[data-ready=true]", timeout=10_000)
    tab.select_option("#color-by", "rising")
    rising = tab.get_attribute('#map circle[data-cluster-id="base-sql"]', "fill")
    unknown = tab.get_attribute('#map circle[data-cluster-id="base-css"]', "fill")
    assert rising != unknown and "7 days" in tab.text_content("#legend")
    tab.click('#map circle[data-cluster-id="base-sql"]')
    assert tab.locator("#sidebar [data-role=topic-history]").count() == 1
    assert "T-base-sql" in tab.text_content("#sidebar")
    assert tab.locator("#sidebar [data-role=new-topic]").count() == 0
    tab.click('#map circle[data-cluster-id="base-css"]')
    assert tab.locator("#sidebar [data-role=new-topic]").count() == 1
    assert errors == []
    context.close()
