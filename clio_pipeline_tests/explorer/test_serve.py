"""The explorer's local HTTP server: serves the page on loopback, rebuilt per request."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from datetime import timedelta

import duckdb
import pytest

from clio_pipeline.explorer.load import NotAnAnalystDatabaseError
from clio_pipeline.explorer.serve import make_server, server_url


@pytest.fixture
def running(analyst_db):
    server = make_server(analyst_db.path, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def _get(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read().decode("utf-8")


def test_serves_the_page_on_loopback(running, analyst_db):
    assert running.server_address[0] == "127.0.0.1"
    status, headers, body = _get(server_url(running))
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert all(name in body for name in ("React component help", "Security topics"))
    assert analyst_db.PARTITION.isoformat() in body


def test_unknown_paths_are_not_found(running):
    status, _, body = _get(server_url(running) + "published.duckdb")
    assert status == 404 and "React" not in body


def test_each_request_sees_the_latest_partition(running, analyst_db):
    new_day = analyst_db.PARTITION + timedelta(days=1)
    with duckdb.connect(str(analyst_db.path)) as con:
        con.execute(
            "INSERT INTO clusters (partition_date, cluster_id, level, parent_id, name, description, n_conversations, "
            "n_users, share, audit_score, is_other) VALUES (?, 'fresh', 0, NULL, 'Freshly published topic', '', "
            "80, 30, 1.0, 5, false)",
            [new_day],
        )
    _, _, body = _get(server_url(running))
    assert "Freshly published topic" in body and "React component help" not in body


def test_serves_a_written_html_file(analyst_db):
    from clio_pipeline.explorer.build import write_explorer

    html_path = write_explorer(analyst_db.path)
    server = make_server(html_path, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        html_path.write_text("<!DOCTYPE html><p>rewritten</p>", encoding="utf-8")
        status, _, body = _get(server_url(server) + "index.html")
        assert status == 200 and "rewritten" in body  # re-read per request, not cached
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_refuses_to_serve_a_warehouse(make_analyst_db, tmp_path):
    db = make_analyst_db(
        tmp_path / "warehouse.duckdb", "CREATE TABLE conversations (conversation_id VARCHAR)"
    )
    with pytest.raises(NotAnAnalystDatabaseError):
        make_server(db.path, port=0)
