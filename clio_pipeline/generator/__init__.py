"""Demo data generator: realistic synthetic AI-assistant conversations with ground truth.

`generate_dataset` writes daily landing files in the ingestion input format, plus `_truth/` files that
later stages' tests compare against: each conversation's topic, language, expected concerning level,
the fake personal data planted in it, and the tiny identifying groups whose words must never be
published.
"""

from clio_pipeline.generator.dataset import (
    GenerationSummary,
    generate_dataset,
    landing_file_name,
    load_ground_truth,
    load_rare_words,
    load_topics,
)
from clio_pipeline.generator.pii import iban_valid, luhn_valid

__all__ = [
    "GenerationSummary",
    "generate_dataset",
    "iban_valid",
    "landing_file_name",
    "load_ground_truth",
    "load_rare_words",
    "load_topics",
    "luhn_valid",
]
