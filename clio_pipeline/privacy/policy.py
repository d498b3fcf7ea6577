"""The disclosure policy: every rule that decides what may reach an analyst, in one object.

Clio's privacy layers after facet extraction are all here, so that the name builders, the publisher
and the blocking checks cannot disagree about a threshold or a word:

- **Text:** a published name, description or facet value is scrubbed of personal data, then keeps
  only words the publication rule allows (`WordRule`: used by at least `min_users` distinct users,
  general vocabulary of its language, and never a possible person's name in any script).
- **Groups:** a cluster is published only with at least `min_conversations` conversations AND
  `min_users` distinct users, and not dominated by two users (`apply_thresholds`: with "other" buckets
  and secondary suppression).
- **Cells:** facet breakdowns and daily trends hide cells below `min_users` users, including cells
  that subtraction between a parent and its children would reveal (`suppress_linked_cells`).
- **Verification:** the staged rows are checked again, independently, before publication
  (`staged_violations`, one list of problems per blocking check).

The thresholds are validated once, here: a threshold below 2 would publish what one user wrote.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from clio_pipeline.privacy.linked_cells import Units, suppress_linked_cells
from clio_pipeline.privacy.published_rows import (
    find_detector_hits,
    find_small_cells,
    find_threshold_violations,
)
from clio_pipeline.privacy.thresholds import (
    Cell,
    CellOutcome,
    ClusterCell,
    PublishedNode,
    ThresholdOutcome,
    apply_thresholds,
)
from clio_pipeline.privacy.word_rule import STOPWORDS, WordRule, tokenize_words

# The name of a cluster whose every candidate word the rules removed: neutral, and the same at every level.
FALLBACK_NAME = "Unnamed topic group"

# Blocking checks on the staged rows, by the name the Dagster check carries.
CHECK_PERSONAL_DATA = "no_personal_data"
CHECK_THRESHOLDS = "aggregation_thresholds"
CHECK_SMALL_CELLS = "no_small_cells"


@dataclass(frozen=True)
class DisclosurePolicy:
    """Aggregation thresholds and the rules built on them; see the module docstring."""

    min_users: int
    min_conversations: int

    def __post_init__(self) -> None:
        for name, value in (("min_users", self.min_users), ("min_conversations", self.min_conversations)):
            if value < 2:
                raise ValueError(f"{name} must be at least 2 (got {value}): a threshold of 1 would publish "
                                 "what a single user wrote")

    # -- text -----------------------------------------------------------------------------------
    def word_rule(self, texts: Sequence[str], user_ids: Sequence[str]) -> WordRule:
        """The publication word rule over the texts a name may draw words from, and who wrote them."""
        return WordRule.from_texts(texts, user_ids, self.min_users)

    @staticmethod
    def publishable_text(text: str, rule: WordRule) -> str:
        """`text` through the PII scrubber, then without the words `rule` does not allow."""
        from clio_pipeline.privacy.scrubber import scrub  # loads the detectors only when text is built

        return rule.filter_text(scrub(text).text)

    def publishable_name(self, name: str, rule: WordRule) -> str:
        """A publishable name: filtered text without dangling function words, or the neutral fallback."""
        return drop_dangling_function_words(self.publishable_text(name, rule)) or FALLBACK_NAME

    # -- groups and cells -----------------------------------------------------------------------
    def threshold_tree(
        self,
        nodes: Iterable[ClusterCell],
        users: Mapping[str, str] | np.ndarray,
        *,
        forced: Mapping[str, str] | None = None,
    ) -> ThresholdOutcome:
        """Which clusters of a tree may be published (`forced`: suppressed whatever their size); ids or
        codes, as `apply_thresholds` takes them."""
        return apply_thresholds(nodes, users, min_users=self.min_users, min_conversations=self.min_conversations,
                                forced=forced)

    def suppress_cells(
        self,
        cells: Iterable[Cell],
        nodes: Iterable[PublishedNode],
        *,
        forced: Iterable[tuple[Hashable, str]] = (),
        units: Units | None = None,
    ) -> CellOutcome:
        """Breakdown or trend cells that may be published, across the published hierarchy (`units`: the
        stable topic of each conversation, so that no published cell isolates one topic's day)."""
        return suppress_linked_cells(cells, nodes, self.min_users, forced=forced, units=units)

    # -- verification ---------------------------------------------------------------------------
    def staged_violations(self, tables: Mapping[str, pa.Table]) -> dict[str, list[str]]:
        """Problems per blocking check in one day's staged analyst tables; all empty means publishable."""
        rows = {name: tables[name].to_pylist() for name in ("clusters", "cluster_facet_breakdowns", "cluster_trends")}
        return {
            CHECK_PERSONAL_DATA: find_detector_hits(rows["clusters"] + rows["cluster_facet_breakdowns"]),
            CHECK_THRESHOLDS: find_threshold_violations(rows["clusters"], self.min_users, self.min_conversations),
            CHECK_SMALL_CELLS: find_small_cells(rows["cluster_facet_breakdowns"] + rows["cluster_trends"],
                                                self.min_users),
        }


def drop_dangling_function_words(name: str) -> str:
    """`name` without trailing function words, which removing a rare word can leave ("Help for")."""
    words = name.split()
    while words and all(token in STOPWORDS for token in tokenize_words(words[-1])):
        words.pop()
    return " ".join(words).rstrip(" ,;:-")
