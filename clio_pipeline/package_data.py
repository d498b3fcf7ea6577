"""Where the files that are not Python live: `sql/`, `dagster.yaml`, `workspace.yaml`.

In a checkout (and an editable install) they sit at the repository root, beside the package. A wheel
has no repository root, so the build copies them into the package as `clio_pipeline/_data/` (see
`setup.py`); the lookup below prefers that copy and falls back to the checkout.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
PACKAGED_DIR = _PACKAGE / "_data"


def data_root() -> Path:
    """The folder holding `sql/` and the Dagster YAML files, in a wheel install or a checkout."""
    if (PACKAGED_DIR / "sql" / "warehouse").is_dir():
        return PACKAGED_DIR
    checkout = _PACKAGE.parent
    if (checkout / "sql" / "warehouse").is_dir():
        return checkout
    raise FileNotFoundError(
        f"Neither {PACKAGED_DIR / 'sql'} (wheel install) nor {checkout / 'sql'} (checkout) exists; "
        "reinstall clio-pipeline."
    )


DATA_ROOT = data_root()
SQL_DIR = DATA_ROOT / "sql"
DAGSTER_YAML = DATA_ROOT / "dagster.yaml"
WORKSPACE_YAML = DATA_ROOT / "workspace.yaml"
