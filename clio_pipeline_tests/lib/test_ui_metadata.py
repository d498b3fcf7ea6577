"""Dagster-free metadata helpers: markdown tables and small inline PNG plots."""

from __future__ import annotations

import base64
import re
import struct

import pytest

from clio_pipeline.lib.ui_metadata import (
    MAX_IMAGE_BYTES,
    k_selection_plot,
    markdown_table,
    png_markdown,
    size_distribution_plot,
)

IMAGE = re.compile(r"^!\[(?P<alt>[^\]]*)\]\(data:image/png;base64,(?P<b64>[A-Za-z0-9+/=]+)\)$")


def decode_image(markdown: str) -> tuple[str, bytes]:
    match = IMAGE.match(markdown)
    assert match, markdown[:120]
    return match["alt"], base64.b64decode(match["b64"])


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_markdown_table_columns_escaping_and_truncation():
    rows = [
        {"name": f"cluster | {i}\nsecond line", "n": 1000 + i, "share": 0.0123, "x": None} for i in range(25)
    ]
    table = markdown_table(rows, {"name": "Name", "n": "Conversations", "share": "Share"}, max_rows=3)
    lines = table.splitlines()
    assert lines[0] == "| Name | Conversations | Share |"
    assert lines[1] == "| --- | --- | --- |"
    assert lines[2] == "| cluster \\| 0 second line | 1,000 | 0.0123 |"
    assert len([line for line in lines if line.startswith("| cluster")]) == 3
    assert lines[-1] == "_… 22 more rows_"


def test_markdown_table_defaults_and_edge_cases():
    assert markdown_table([{"a": 1, "b": None, "c": True}]).splitlines()[2] == "| 1 | — | yes |"
    assert markdown_table([], ["a", "b"]).splitlines()[2] == "| — | — |"
    assert markdown_table([]) == "_(no rows)_"
    long = markdown_table([{"t": "x" * 500}])
    assert len(long.splitlines()[2]) < 100 and "…" in long


def test_png_markdown_accepts_bytes_and_rejects_other_data():
    _, png = decode_image(size_distribution_plot([5, 3, 1]))
    alt, again = decode_image(png_markdown(png, "sizes [raw]\nplot"))
    assert again == png and alt == "sizes (raw) plot"
    with pytest.raises(ValueError):
        png_markdown(b"GIF89a...", "not a png")


def test_k_selection_plot_is_a_small_png_that_depends_on_the_input():
    candidates = [(k, 1.0 / k + 0.01 * k) for k in range(5, 105, 5)]
    alt, png = decode_image(k_selection_plot(candidates, chosen=10))
    assert "10" in alt
    width, height = png_size(png)
    assert 200 <= width <= 1000 and 100 <= height <= 600
    assert len(png) <= MAX_IMAGE_BYTES
    _, other = decode_image(k_selection_plot(candidates, chosen=50))
    assert other != png
    with pytest.raises(ValueError):
        k_selection_plot([], chosen=3)


def test_size_distribution_plot_handles_skewed_sizes():
    sizes = [2**i for i in range(14)] * 30  # spans > 20x: log scale
    alt, png = decode_image(size_distribution_plot(sizes))
    assert "420 clusters" in alt
    assert len(png) <= MAX_IMAGE_BYTES

