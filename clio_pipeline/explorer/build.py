"""Assemble the explorer: one self-contained HTML file (tree view + map view) from the analyst database.

The page must work offline and be safe to e-mail around, so everything is inlined: the CSS and JS
come from package files, the data is embedded as JSON in a non-executable `<script>` block, and a
Content-Security-Policy in the page forbids any network fetch.
"""

from __future__ import annotations

import html
import json
import re
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from clio_pipeline.explorer.load import load_partition

DEFAULT_FILENAME = "explorer.html"
_PLACEHOLDER = re.compile(r"\{\{(TITLE|CSS|JS|DATA)\}\}")


def _static(name: str) -> str:
    return resources.files("clio_pipeline.explorer").joinpath("static", name).read_text(encoding="utf-8")


def embed_json(data: Any) -> str:
    """JSON that is safe inside an HTML `<script>` element.

    Escaping `<`, `>` and `&` as unicode escapes means no cluster name can close the script element
    (`</script>`) or open a comment (`<!--`), and JSON.parse still returns the original text. U+2028/9
    are escaped because some JS engines treated them as line ends inside string literals.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def render_page(data: dict[str, Any]) -> str:
    """The HTML page for already-loaded partition data (see `load.load_partition`)."""
    css, js = _static("explorer.css"), _static("explorer.js")
    for label, text in (("explorer.css", css), ("explorer.js", js)):
        # Our own assets must not end their element early; checked here so a future edit cannot slip.
        if re.search(r"</(script|style)", text, re.IGNORECASE):
            raise ValueError(f"{label} contains a closing script/style tag")
    parts = {
        "TITLE": html.escape(f"Clio explorer — {data['partition_date']}"),
        "CSS": css,
        "JS": js,
        "DATA": embed_json(data),
    }
    # One pass, so text inside the data that looks like a placeholder is never substituted again.
    return _PLACEHOLDER.sub(lambda m: parts[m.group(1)], _static("template.html"))


def build_explorer_html(published_db: Path, partition_date: date | None = None) -> str:
    """The explorer page for one partition of the analyst database (latest partition by default).

    Raises `NotAnAnalystDatabaseError` if the file holds raw-data tables (e.g. it is the warehouse).
    """
    return render_page(load_partition(Path(published_db), partition_date))


def write_explorer(published_db: Path, out: Path | None = None, partition_date: date | None = None) -> Path:
    """Write the explorer page (default: `explorer.html` next to the analyst database); returns its path."""
    published_db = Path(published_db)
    target = Path(out) if out is not None else published_db.with_name(DEFAULT_FILENAME)
    page = build_explorer_html(published_db, partition_date)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Write then rename, so a browser refreshing the page never sees half a file.
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(target)
    return target
