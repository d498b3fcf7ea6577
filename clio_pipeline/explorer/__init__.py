"""Clio's tree view and map view as one self-contained HTML page, built from the analyst database only."""

from clio_pipeline.explorer.build import build_explorer_html, write_explorer
from clio_pipeline.explorer.load import CONCERNING_THRESHOLD, NotAnAnalystDatabaseError

__all__ = ["CONCERNING_THRESHOLD", "NotAnAnalystDatabaseError", "build_explorer_html", "write_explorer"]
