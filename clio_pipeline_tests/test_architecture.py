"""The package's shape, read from the source (AST), so a layering mistake fails a test instead of a review.

- No import cycle between the package folders of clio_pipeline (the stages and lib/): each stage
  builds on earlier ones, and a cycle means two stages are one in disguise.
- lib/ imports no stage: it is what several stages share.
- The product never imports clio_pipeline_tests (test doubles live there, and are not shipped).
- Dagster is imported only by the thin layer named in docs/ARCHITECTURE.md.

Every import counts, also one inside a function or under TYPE_CHECKING: a lazy import is still a
dependency. `python -m clio_pipeline_tests.test_architecture` prints the folder graph and module sizes.
"""

from __future__ import annotations

import ast
import statistics
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "clio_pipeline"
DAGSTER_MODULES = {"assets.py", "checks.py", "resources.py", "jobs.py", "schedules.py", "definitions.py",
                   "cli.py", "runner.py", "partitions.py", "sensors.py", "recovery.py", "retries.py"}  # fmt: skip


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> Iterator[str]:
    """Absolute names of every module `path` imports (relative imports resolved)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            yield module
            # `from clio_pipeline import lib` imports the folder, not only its __init__.
            yield from (f"{module}.{alias.name}" for alias in node.names)


def package_folder(module: str) -> str | None:
    """The folder of clio_pipeline that `module` belongs to, or None (top-level module or outside)."""
    parts = module.split(".")
    if parts[0] != "clio_pipeline" or len(parts) < 2 or not (PACKAGE / parts[1]).is_dir():
        return None
    return parts[1]


def folder_graph() -> dict[str, set[str]]:
    """folder -> the other folders it imports from."""
    graph: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        source = package_folder(_module_name(path))
        if source is None:
            continue
        targets = {package_folder(m) for m in imported_modules(path)} - {None, source}
        graph.setdefault(source, set()).update(t for t in targets if t)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(set(graph) | {t for targets in graph.values() for t in targets}):
        if node not in index:
            visit(node)
    return found


def test_cycle_finder_sees_a_planted_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_graph_sees_the_known_edges() -> None:
    graph = folder_graph()
    # If these disappear the parser, not the code, has changed: the cycle test would pass vacuously.
    assert "lib" in graph["clustering"] and "llm" in graph["facets"] and "privacy" in graph["publishing"]


def test_no_import_cycle_between_package_folders() -> None:
    assert cycles(folder_graph()) == []


def test_lib_imports_no_stage() -> None:
    assert folder_graph().get("lib", set()) == set()


def test_product_never_imports_the_tests_package() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE.parent)} imports {module}"
        for path in PACKAGE.rglob("*.py")
        for module in imported_modules(path)
        if module.split(".")[0] == "clio_pipeline_tests"
    ]
    assert offenders == []


def test_dagster_only_in_the_thin_layer() -> None:
    offenders = [
        str(path.relative_to(PACKAGE.parent))
        for path in PACKAGE.rglob("*.py")
        if path.name not in DAGSTER_MODULES
        and any(module.split(".")[0].startswith("dagster") for module in imported_modules(path))
    ]
    assert offenders == []


def main() -> None:
    lines = sorted(len(p.read_text(encoding="utf-8").splitlines()) for p in PACKAGE.rglob("*.py"))
    p90 = lines[min(len(lines) - 1, round(0.9 * (len(lines) - 1)))]
    print(f"{len(lines)} modules, {sum(lines)} lines: median {statistics.median(lines):g}, p90 {p90}, max {lines[-1]}")
    graph = folder_graph()
    for folder in sorted(graph):
        print(f"  {folder} -> {', '.join(sorted(graph[folder])) or '-'}")
    print(f"import cycles between package folders: {cycles(graph) or 'none'}")


if __name__ == "__main__":
    main()
