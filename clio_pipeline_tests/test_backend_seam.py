"""The backend seam: assets never branch on the backend, and both backends hand out every component."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np

from clio_pipeline.backends import LLMBackend, OfflineBackend
from clio_pipeline.facets.spec import BUILTIN_FACETS
from clio_pipeline.privacy.word_rule import WordRule
from clio_pipeline.resources import LLMResource

PACKAGE = Path(__file__).resolve().parents[1] / "clio_pipeline"
BACKEND_NAMES = {"offline", "openai"}


def _branches_on_backend(tree: ast.AST) -> list[int]:
    """Lines that compare something with a backend name or ask whether the backend calls a server."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            constants = [c.value for c in [node.left, *node.comparators] if isinstance(c, ast.Constant)]
            if BACKEND_NAMES & {c for c in constants if isinstance(c, str)}:
                lines.append(node.lineno)
        if isinstance(node, ast.Attribute) and node.attr in ("uses_llm", "calls_a_server"):
            lines.append(node.lineno)
    return lines


def test_no_asset_module_branches_on_the_backend():
    offenders = {}
    for path in sorted(PACKAGE.glob("*/assets.py")):
        lines = _branches_on_backend(ast.parse(path.read_text(encoding="utf-8")))
        if lines:
            offenders[str(path.relative_to(PACKAGE))] = lines
    assert offenders == {}


def test_the_detector_finds_a_branch():
    assert _branches_on_backend(ast.parse("if llm.backend == 'openai':\n    pass\n")) == [1]
    assert _branches_on_backend(ast.parse("if llm.uses_llm():\n    pass\n")) == [1]


class _NoCalls:
    """A chat client that must not be called while components are only being built."""

    model = "test-model"

    def run_batch(self, requests):
        raise AssertionError("no request expected")


def test_both_backends_hand_out_every_component():
    rule = WordRule.from_texts(["plan a trip"] * 3, ["u1", "u2", "u3"], 2)
    for backend in (OfflineBackend(), LLMBackend(_NoCalls())):
        assert backend.facet_extractor(BUILTIN_FACETS).backend == backend.name
        assert callable(backend.cluster_namer())
        assert callable(backend.hierarchy_builder(lambda: (lambda texts: np.zeros((len(texts), 4)))))
        assert hasattr(backend.privacy_auditor(rule), "audit")


def test_offline_resource_opens_the_offline_backend(tmp_path):
    from datetime import date

    with LLMResource(backend="offline").open_backend(str(tmp_path / "w.duckdb"), asset="facets",
                                                     day=date(2026, 1, 1), run_id="r") as backend:
        assert backend.name == "offline" and backend.ledger is None


def test_an_unknown_backend_is_a_clear_error(tmp_path):
    from datetime import date

    import pytest

    with pytest.raises(ValueError, match="CLIO_LLM_BACKEND"), LLMResource(backend="gpt").open_backend(
        str(tmp_path / "w.duckdb"), asset="facets", day=date(2026, 1, 1), run_id="r"
    ):
        pass
