"""Serve the explorer page over HTTP on the loopback interface (`clio-pipeline explore --serve`).

The source is either the analyst database, rebuilt into a page on every request (so reloading the
browser shows a partition published since the server started; building is a few short read-only
queries), or an already written explorer HTML file, re-read on every request.
"""

from __future__ import annotations

import html
import logging
import threading
import webbrowser
from collections.abc import Callable
from datetime import date
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from clio_pipeline.explorer.build import build_explorer_html

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
_PAGE_PATHS = frozenset({"/", "/index.html", "/explorer.html"})
# Sent as a header as well as in the page, so the browser enforces it before parsing anything.
_CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"

log = logging.getLogger(__name__)


def _page_factory(source: Path, partition_date: date | None) -> Callable[[], str]:
    if source.suffix.lower() in (".html", ".htm"):
        return lambda: source.read_text(encoding="utf-8")
    return lambda: build_explorer_html(source, partition_date)


def _handler_for(page_factory: Callable[[], str]) -> type[BaseHTTPRequestHandler]:
    class ExplorerHandler(BaseHTTPRequestHandler):
        server_version = "clio-explorer"
        sys_version = ""

        def do_GET(self) -> None:
            self._respond(send_body=True)

        def do_HEAD(self) -> None:
            self._respond(send_body=False)

        def _respond(self, send_body: bool) -> None:
            path = self.path.split("?", 1)[0].split("#", 1)[0]
            if path not in _PAGE_PATHS:
                self._send(HTTPStatus.NOT_FOUND, "<h1>Not found</h1>", send_body)
                return
            try:
                page = page_factory()
            except Exception as exc:  # shown to the local analyst, e.g. "no published partition yet"
                log.exception("explorer page failed")
                message = html.escape(f"{type(exc).__name__}: {exc}")
                self._send(
                    HTTPStatus.INTERNAL_SERVER_ERROR,
                    f"<h1>Explorer unavailable</h1><p>{message}</p>",
                    send_body,
                )
                return
            self._send(HTTPStatus.OK, page, send_body)

        def _send(self, status: HTTPStatus, body: str, send_body: bool) -> None:
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Security-Policy", _CSP)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
            self.end_headers()
            if send_body:
                self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:  # route access logs through logging
            log.info("%s %s", self.address_string(), format % args)

    return ExplorerHandler


def make_server(
    source: Path,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    partition_date: date | None = None,
) -> ThreadingHTTPServer:
    """An HTTP server (not yet serving) for the analyst database or a written explorer `.html` file.

    Port 0 picks a free port. The page is produced once here so that a wrong or empty database fails
    now, not on the first request.
    """
    page_factory = _page_factory(Path(source), partition_date)
    page_factory()
    return ThreadingHTTPServer((host, port), _handler_for(page_factory))


def server_url(server: ThreadingHTTPServer) -> str:
    """The page's URL for a server made by `make_server`."""
    host, port = server.server_address[:2]
    return f"http://{host}:{port}/"


def serve(
    source: Path,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    partition_date: date | None = None,
    open_browser: bool = False,
) -> None:
    """Serve the explorer until interrupted (Ctrl-C); `source` is the analyst database or an explorer
    `.html` file. Optionally opens the page in the default browser."""
    server = make_server(source, host, port, partition_date)
    url = server_url(server)
    print(f"Clio explorer on {url} (Ctrl-C to stop)", flush=True)
    if open_browser:
        threading.Timer(0.3, webbrowser.open, args=(url,)).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
