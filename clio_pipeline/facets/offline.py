"""The offline facet backend: heuristic facets with no model server and no embedding model.

It answers the four built-in facets (summary, task, language, concerning_score) from the user's
turns; see `summarize.py`, `language.py` and `concerning.py` for each method. Extra facets declared
in configuration need the LLM backend: offline they are recorded as `None`, except `score` facets
with `offline_keywords`, which get min_value + the number of distinct keywords present (capped at
max_value). Every record is marked `is_heuristic=True`, so analysts can tell these facets apart.

Privacy: the summary is the only free text that leaves this module. It passes the PII scrubber
(`clio_pipeline.privacy.scrubber.scrub`, placeholders such as "[EMAIL]" kept), then backstops for
long digit runs and "@" addresses, then a proper-noun mask for names the detectors miss. The task is a closed vocabulary and cannot carry personal data.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from clio_pipeline.facets.concerning import concerning_score
from clio_pipeline.facets.failures import extraction_error, failed_record
from clio_pipeline.facets.gloss import gloss_to_english
from clio_pipeline.facets.language import user_language
from clio_pipeline.facets.metrics import direct_metrics
from clio_pipeline.facets.spec import BUILTIN_FACETS, BUILTIN_NAMES, FacetSpec
from clio_pipeline.facets.summarize import classify_task, mask_proper_nouns, summarize_request
from clio_pipeline.types import Conversation, FacetRecord

BACKEND = "offline"
MODEL = "heuristic-v1"
PROMPT_VERSION = "offline-v1"
MAX_SCORED_CHARS_PER_TURN = 600  # a harmful request may come late, so every turn gets a share
PROPER_NOUN_COUNT_KEY = "proper_noun"

# Backstops after the scrubber, for the two shapes no summary needs: long digit runs (phones,
# cards, ids) and anything around an "@". Cheap, and they fail safe if a detector misses one.
_LONG_NUMBER = re.compile(r"\+?\d[\d ().-]{5,}\d")
_AT_ADDRESS = re.compile(r"\S+@\S+")

# Anything with `.text` and `.counts` (the scrubber's ScrubResult) works.
Scrubber = Callable[[str], Any]


# Detections of these types mark a sentence that hands over personal details rather than asking for
# something; names are not among them ("Write a toast for Anna's wedding" is a request).
_DETAIL_TYPES = frozenset({"EMAIL", "PHONE", "ADDRESS", "CARD", "IBAN", "SSN", "IP", "URL", "HANDLE", "DOB"})


# A sentence that only introduces the user ("I'm Ana.", "Me llamo Ana.") is not part of the request.
_SELF_INTRODUCTION = re.compile(
    r"^(?:hi,?\s+|hello,?\s+)?(?:i am|i'm|my name is|this is|je m'appelle|je suis|me llamo|soy|mi nombre es"
    r"|ich bin|ich heiße|mein name ist|meu nome é|eu sou|sou o|sou a)\s+\S+(?:\s+\S+){0,3}[.!]?$",
    re.IGNORECASE,
)


@lru_cache(maxsize=1024)
def _detected_types(sentence: str) -> frozenset[str]:
    # The summary is usually the sentence just judged here, so the default scrubber asks the same
    # question again at once: kept, a sentence with no detection is not scanned twice.
    from clio_pipeline.privacy.scrubber import detect

    return frozenset(d.type for d in detect(sentence))


def _carries_personal_detail(sentence: str) -> bool:
    if _SELF_INTRODUCTION.match(sentence.strip()):
        return True
    return bool(_detected_types(sentence) & _DETAIL_TYPES)


def _default_scrubber() -> Scrubber:
    # Imported on first use: the privacy package is its own stage and must not be a hard import-time
    # dependency of the facet specs.
    from clio_pipeline.privacy.scrubber import ScrubResult, scrub

    def scrub_once(text: str) -> Any:
        # Exactly what `scrub` returns for a text with no detection, without scanning it again.
        return ScrubResult(text=text, counts={}) if not _detected_types(text) else scrub(text)

    return scrub_once


def _lexicon_score(spec: FacetSpec, text: str) -> int:
    assert spec.offline_keywords is not None and spec.min_value is not None and spec.max_value is not None
    hits = sum(
        1
        for keyword in {k.strip().lower() for k in spec.offline_keywords if k.strip()}
        if re.search(rf"\b{re.escape(keyword)}\b", text)
    )
    return min(spec.max_value, spec.min_value + hits)


def _add_counts(total: dict[str, int], counts: dict[str, int]) -> None:
    for key, value in counts.items():
        if value:
            total[key] = total.get(key, 0) + int(value)


class OfflineFacetExtractor:
    """Computes `FacetRecord`s heuristically, in process, at thousands of conversations a second.

    `scrubber`: a callable text -> result with `.text` and `.counts`; defaults to the project's
    PII scrubber. `mask_names`: also mask capitalised mid-sentence words (see `mask_proper_nouns`).
    """

    backend = BACKEND
    model = MODEL
    prompt_version = PROMPT_VERSION

    def __init__(
        self,
        facets: Sequence[FacetSpec] = BUILTIN_FACETS,
        scrubber: Scrubber | None = None,
        mask_names: bool = True,
    ) -> None:
        self.facets = list(facets)
        self.extra_facets = [f for f in self.facets if f.name not in BUILTIN_NAMES]
        self._scrub = scrubber or _default_scrubber()
        self.mask_names = mask_names

    def extract(self, conversations: Sequence[Conversation]) -> list[FacetRecord]:
        """One record per conversation, in order; a conversation without user text, or one that the
        heuristics fail on, is a failed record (see `failures.py`) and the others go on."""
        return [self._extract_or_fail(conversation) for conversation in conversations]

    def _extract_or_fail(self, conversation: Conversation) -> FacetRecord:
        try:
            return self.extract_one(conversation)
        except Exception as exc:  # one conversation must not stop the day
            return failed_record(
                conversation, extraction_error(exc), backend=BACKEND, model=MODEL, prompt_version=PROMPT_VERSION,
                is_heuristic=True, extra_names=[spec.name for spec in self.extra_facets],
            )

    def extract_one(self, conversation: Conversation) -> FacetRecord:
        """The facets of one conversation."""
        turns = [t for t in conversation.user_turns() if t.strip()]
        language = user_language(turns)
        scrub_counts: dict[str, int] = {}
        summary = ""
        raw_summary = summarize_request(turns, _carries_personal_detail)
        if raw_summary:
            scrubbed = self._scrub(raw_summary)
            summary = scrubbed.text
            _add_counts(scrub_counts, scrubbed.counts)
            summary, numbers = _LONG_NUMBER.subn("[NUMBER]", summary)
            summary, emails = _AT_ADDRESS.subn("[EMAIL]", summary)
            _add_counts(scrub_counts, {"NUMBER": numbers, "EMAIL": emails})
            if self.mask_names:
                summary, masked = mask_proper_nouns(summary, language)
                _add_counts(scrub_counts, {PROPER_NOUN_COUNT_KEY: masked})
        scored_text = "\n".join(t[:MAX_SCORED_CHARS_PER_TURN] for t in turns)
        lowered = scored_text.lower()
        extra: dict[str, str | int | float | None] = {}
        for spec in self.extra_facets:
            use_lexicon = spec.output_type == "score" and spec.offline_keywords
            extra[spec.name] = _lexicon_score(spec, lowered) if use_lexicon else None
        return FacetRecord(
            conversation_id=conversation.conversation_id,
            summary=summary,
            # The summary stays in the user's language; embeddings and names need English (see gloss.py).
            summary_en=gloss_to_english(summary, language),
            task=classify_task(turns),
            language=language,
            concerning_score=concerning_score(scored_text),
            extra_facets=extra,
            metrics=direct_metrics(conversation),
            backend=BACKEND,
            model=MODEL,
            prompt_version=PROMPT_VERSION,
            is_heuristic=True,
            scrub_counts=scrub_counts,
            failed=not turns,
            failure_reason=None if turns else "no user text",
        )
