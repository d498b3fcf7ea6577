"""Fingerprints of what a stage's output is made of, so that a re-run with nothing new keeps it.

A stage fingerprints its inputs (the rows it reads, hashed in DuckDB), its settings and the package's own
code and data files; a stored result made from the same fingerprint is what re-running would write again.
Used by `facets.runs` and `clustering.fingerprint`.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

import clio_pipeline

CODE_SUFFIXES = frozenset({".py", ".json", ".txt", ".npz", ".sql"})
# Settings that change no result: secrets, and whether an unchanged day may be kept.
IGNORED_FIELDS = frozenset({"api_key", "pseudonym_secret", "skip_unchanged"})


@cache
def code_fingerprint() -> str:
    """sha256 of the package's code and data files (names and bytes), read once per process."""
    root = Path(clio_pipeline.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in CODE_SUFFIXES and path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def settings_of(resource: Any) -> dict[str, Any]:
    """A resource's configured fields, those that change no result (`IGNORED_FIELDS`) left out."""
    fields = getattr(type(resource), "model_fields", {})
    return {name: getattr(resource, name) for name in sorted(fields) if name not in IGNORED_FIELDS}


def resource_settings(*resources: Any) -> dict[str, dict[str, Any]]:
    """`settings_of` every resource a step reads, by resource class."""
    return {type(resource).__name__: settings_of(resource) for resource in resources}


def file_digest(path: str) -> str:
    """sha256 of a settings file's bytes ("" for no file): a file named by a setting is part of the setting."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest() if path else ""


def digest(parts: dict[str, Any]) -> str:
    """sha256 of `parts` as canonical JSON (dates and other values by their str)."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()
