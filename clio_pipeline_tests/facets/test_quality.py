"""Quality of the offline facets against the project generator's ground truth and a public set.

Skipped when the generator or the data set is absent. The thresholds are quality gates measured
on data the rules were not written from, not expected outputs.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest

from clio_pipeline.facets.concerning import assess_concerning
from clio_pipeline.facets.offline import OfflineFacetExtractor
from clio_pipeline.generator import generate_dataset
from clio_pipeline.types import Conversation
from clio_pipeline_tests.conftest import SHARED_DATA

HH = SHARED_DATA / "anthropic_hh_rlhf_test.jsonl"


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("generated")
    generate_dataset(out, n=600, days=2, seed=11)
    truth = {}
    for line in (out / "_truth" / "ground_truth.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        truth[row["conversation_id"]] = row
    conversations = [
        Conversation.model_validate(json.loads(line))
        for path in sorted(out.glob("conversations_*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    records = OfflineFacetExtractor().extract(conversations)
    return truth, records


def test_language_accuracy_on_generated_data(generated):
    truth, records = generated
    per_language = Counter(truth[r.conversation_id]["language"] for r in records)
    correct = Counter(
        truth[r.conversation_id]["language"]
        for r in records
        if truth[r.conversation_id]["language"] == r.language
    )
    assert sum(correct.values()) / len(records) >= 0.97
    for language, count in per_language.items():
        assert correct[language] / count >= 0.9, language


def test_planted_pii_never_reaches_summary_or_task(generated):
    truth, records = generated
    planted_total = 0
    for record in records:
        for item in truth[record.conversation_id]["planted"]:
            planted_total += 1
            assert item["value"] not in record.summary, (item, record.summary)
            assert item["value"] not in record.task
    assert planted_total > 0  # the check above must have had something to check


def test_concerning_topics_score_higher(generated):
    truth, records = generated
    concerning = [r.concerning_score for r in records if truth[r.conversation_id]["concerning"] >= 3]
    benign = [r.concerning_score for r in records if truth[r.conversation_id]["concerning"] == 1]
    if not concerning:
        pytest.skip("no concerning topic in this sample")
    assert sum(concerning) / len(concerning) > sum(benign) / len(benign) + 1


@pytest.mark.skipif(not HH.is_file(), reason="HH-RLHF test split absent")
def test_concerning_separates_red_team_from_helpful():
    from sklearn.metrics import roc_auc_score

    labels, raws = [], []
    with HH.open(encoding="utf-8") as handle:
        for index, line in enumerate(handle):
            if index % 4:  # every fourth conversation keeps the test fast
                continue
            row = json.loads(line)
            first = next(m["content"] for m in row["messages"] if m["role"] == "user")
            labels.append(row["label"] == "harmless-base")
            raws.append(assess_concerning(first).raw)
    assert roc_auc_score(labels, raws) >= 0.70
