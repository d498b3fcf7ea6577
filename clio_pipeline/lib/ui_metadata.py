"""Rich metadata for the Dagster UI, without Dagster: markdown tables and small inline PNG plots.

Each helper returns a markdown string; the asset layer wraps it in `MetadataValue.md`. Plots use
matplotlib's object API with the Agg canvas (never pyplot), so nothing here touches global backend state
or opens a window, and matplotlib is imported only when a plot is drawn. Images are kept small
(<= MAX_IMAGE_BYTES) because Dagster stores metadata in its event log with every materialization.
"""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

MAX_IMAGE_BYTES = 60_000
MAX_CELL_CHARS = 80
_ACCENT = "#3355cc"
_HIGHLIGHT = "#d9480f"


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if math.isnan(value):
            return "—"
        return f"{value:,.2f}" if abs(value) >= 1 else f"{value:.3g}"
    text = " ".join(str(value).split())  # newlines would end the table row
    if len(text) > MAX_CELL_CHARS:
        text = text[: MAX_CELL_CHARS - 1] + "…"
    return text.replace("\\", "\\\\").replace("|", "\\|")


def markdown_table(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str] | Mapping[str, str] | None = None,
    max_rows: int = 20,
) -> str:
    """A GitHub-flavoured markdown table of the first `max_rows` rows.

    `columns` is a list of keys, or a mapping key -> header; by default the first row's keys. Cells are
    flattened to one line, pipes escaped, long text cut; a last line says how many rows were left out.
    """
    headers = (
        dict(columns)
        if isinstance(columns, Mapping)
        else {c: c for c in (columns or (rows[0] if rows else []))}
    )
    if not headers:
        return "_(no rows)_"
    lines = [
        "| " + " | ".join(_cell(h) for h in headers.values()) + " |",
        "| " + " | ".join("---" for _ in headers) + " |",
    ]
    lines += ["| " + " | ".join(_cell(row.get(key)) for key in headers) + " |" for row in rows[:max_rows]]
    if not rows:
        lines.append("| " + " | ".join(["—"] * len(headers)) + " |")
    if len(rows) > max_rows:
        lines.append(f"\n_… {len(rows) - max_rows:,} more rows_")
    return "\n".join(lines)


def _new_figure(width: float = 5.0, height: float = 2.6) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _style(ax: Any, title: str) -> None:
    ax.set_title(title, fontsize=10, loc="left")
    ax.tick_params(labelsize=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="y", color="#e6e8ee", linewidth=0.8)
    ax.set_axisbelow(True)


def figure_png(fig: Figure, max_bytes: int = MAX_IMAGE_BYTES) -> bytes:
    """PNG bytes of `fig`, lowering the resolution until the image fits in `max_bytes`."""
    for dpi in (100, 80, 64, 50, 40):
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
        data = buffer.getvalue()
        if len(data) <= max_bytes:
            return data
    raise ValueError(f"figure does not fit in {max_bytes} bytes even at 40 dpi")


def png_markdown(fig_or_bytes: Figure | bytes, alt: str) -> str:
    """A markdown image with the PNG inlined as a base64 data URI (from a Figure or PNG bytes)."""
    data = fig_or_bytes if isinstance(fig_or_bytes, bytes | bytearray) else figure_png(fig_or_bytes)
    if not bytes(data[:8]) == b"\x89PNG\r\n\x1a\n":
        raise ValueError("png_markdown expects PNG bytes or a matplotlib Figure")
    safe_alt = " ".join(alt.split()).replace("[", "(").replace("]", ")")
    return f"![{safe_alt}](data:image/png;base64,{base64.b64encode(bytes(data)).decode('ascii')})"


def k_selection_plot(candidates: list[tuple[int, float]], chosen: int, metric: str = "score") -> str:
    """The k-selection curve (candidate k vs metric) with the chosen k marked, as markdown."""
    if not candidates:
        raise ValueError("k_selection_plot needs at least one candidate")
    points = sorted(candidates)
    fig = _new_figure()
    ax = fig.add_subplot()
    ax.plot(
        [k for k, _ in points],
        [v for _, v in points],
        marker="o",
        markersize=3.5,
        color=_ACCENT,
        linewidth=1.5,
    )
    ax.axvline(chosen, color=_HIGHLIGHT, linestyle="--", linewidth=1)
    chosen_values = [v for k, v in points if k == chosen]
    if chosen_values:
        ax.plot([chosen], chosen_values, marker="o", markersize=7, color=_HIGHLIGHT)
    ax.set_xlabel("k (number of base clusters)", fontsize=8)
    ax.set_ylabel(metric, fontsize=8)
    _style(ax, f"k selection: chose k = {chosen}")
    return png_markdown(fig, f"k selection, chosen k = {chosen}")


def size_distribution_plot(sizes: Sequence[int], title: str = "Cluster sizes") -> str:
    """Cluster sizes in rank order (largest first), log scale when they span more than 20x, as markdown."""
    ranked = sorted((int(s) for s in sizes), reverse=True)
    if not ranked:
        raise ValueError("size_distribution_plot needs at least one size")
    fig = _new_figure()
    ax = fig.add_subplot()
    ax.bar(range(1, len(ranked) + 1), ranked, width=1.0, color=_ACCENT, linewidth=0)
    if ranked[-1] > 0 and ranked[0] / ranked[-1] > 20:
        ax.set_yscale("log")
    ax.set_xlabel("cluster rank", fontsize=8)
    ax.set_ylabel("conversations", fontsize=8)
    median = ranked[len(ranked) // 2]
    _style(ax, f"{title}: {len(ranked):,} clusters, median {median:,}, max {ranked[0]:,}")
    return png_markdown(fig, f"{title} ({len(ranked)} clusters)")

