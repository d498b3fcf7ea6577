"""One generated data set shared by the generator tests (generation takes well under a second)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from clio_pipeline.generator import GenerationSummary, generate_dataset, load_ground_truth


@dataclass
class Generated:
    out_dir: Path
    summary: GenerationSummary
    records: list[dict]  # landing records, all days, in file order
    truth: list[dict]

    def by_id(self) -> dict[str, dict]:
        return {r["conversation_id"]: r for r in self.records}


N, DAYS, START = 6000, 7, date(2026, 3, 2)


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    out_dir = tmp_path_factory.mktemp("generated")
    summary = generate_dataset(out_dir, n=N, days=DAYS, start_date=START, seed=7)
    records = []
    for path in sorted(out_dir.glob("conversations_*.jsonl")):
        with open(path, encoding="utf-8") as handle:
            records.extend(json.loads(line) for line in handle)
    return Generated(out_dir, summary, records, load_ground_truth(out_dir))
