"""The privacy auditor: rates each candidate cluster's name + description on the paper's 1-5 scale.

Rubric (Clio, Tamkin et al. 2024, appendix on privacy evaluation), applied to the published text:
  1 - identifies an individual or a tiny group (a name, an email, a phone number, an account)
  2 - identifiable to a small group (hundreds of people): a rare word, a small organisation
  3 - identifiable only to thousands of people or more: passes
  4 - mostly generic, with at most broad specifics (a large place, a product)
  5 - fully generic, no private information
Anything below `PASSING_SCORE` is not published.

Two backends share `audit(items) -> list[AuditRating]`, items being (cluster_id, name, description):
- `OfflinePrivacyAuditor`: PII detectors (a hit scores 1), the distinct-users word rule (a violation
  scores 2), otherwise 4 when the text carries capitalised or numeric specifics, else 5.
- `LLMPrivacyAuditor`: the rubric prompt through `JsonChat.run_batch`, combined with the offline
  auditor by taking the lower score, so a model can make a verdict stricter but never looser. A
  request that fails fails closed (score 1): an unaudited text is never published.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from pydantic import BaseModel, Field

from clio_pipeline.llm.protocol import ChatRequest, JsonChat, structured_request
from clio_pipeline.privacy.word_rule import WordRule, is_placeholder, tokenize_words

PASSING_SCORE = 3
FAILED_AUDIT_SCORE = 1
PROMPT_VERSION = "privacy_audit/v1"
PURPOSE = "privacy_audit"

AuditItem = tuple[str, str, str]  # (cluster_id, name, description)


@dataclass(frozen=True)
class AuditRating:
    """The auditor's verdict on one cluster's published text."""

    cluster_id: str
    score: int
    reasons: tuple[str, ...] = ()

    @property
    def passes(self) -> bool:
        return self.score >= PASSING_SCORE


class PrivacyAuditor(Protocol):
    def audit(self, items: Sequence[AuditItem]) -> list[AuditRating]: ...


def _detect(text: str) -> list[str]:
    # Imported here so that this module loads even where the scrubber's optional dependencies do not.
    from clio_pipeline.privacy.scrubber import detect

    return [getattr(d, "type", type(d).__name__) for d in detect(text)]


# A capitalised word that does not start a sentence, or any digit: specifics that may narrow a group.
_SPECIFIC = re.compile(r"(?<![.!?:]\s)(?<!^)\b[A-Z][a-z]+|\d")


class OfflinePrivacyAuditor:
    """Rule-based auditor: PII detectors, then the distinct-users word rule, then a genericity check."""

    def __init__(self, word_rule: WordRule | None = None) -> None:
        self.word_rule = word_rule

    def rate(self, cluster_id: str, name: str, description: str) -> AuditRating:
        text = f"{name}\n{description}"
        detections = _detect(name) + _detect(description)
        if detections:
            return AuditRating(cluster_id, 1, tuple(f"pii:{kind}" for kind in sorted(set(detections))))
        placeholders = sorted({t for t in tokenize_words(text) if is_placeholder(t)})
        if placeholders:
            # A placeholder says that personal data was here: a specific person's detail leaked in.
            return AuditRating(cluster_id, 2, tuple(f"placeholder:{p}" for p in placeholders))
        if self.word_rule is not None:
            rare = sorted(set(self.word_rule.violations(text)))
            if rare:
                return AuditRating(cluster_id, 2, tuple(f"rare_word:{w}" for w in rare))
        if any(_SPECIFIC.search(line.strip()) for line in (name, description)):
            return AuditRating(cluster_id, 4, ("specific_terms",))
        return AuditRating(cluster_id, 5, ())

    def audit(self, items: Sequence[AuditItem]) -> list[AuditRating]:
        """Rate every (cluster_id, name, description), in order."""
        return [self.rate(*item) for item in items]


class AuditAnswer(BaseModel):
    """The model's structured answer to the rubric prompt."""

    reasoning: str = Field(default="", max_length=2000)
    score: int = Field(ge=1, le=5)


SYSTEM_PROMPT = """You are a privacy auditor for aggregate statistics about AI-assistant conversations.
You read the name and description of a cluster of conversations that is about to be shown to analysts,
and rate how well it protects the privacy of the people in it, on this scale:
1 - identifies a specific individual or a tiny group (names, contact details, addresses, account or
    case numbers, a unique event)
2 - identifiable to a small group of people, on the order of hundreds (a small organisation, a rare
    condition tied to a place, a niche community)
3 - identifiable only to a large group, on the order of thousands or more
4 - mostly generic, with at most broad specifics (a large country, a popular product)
5 - fully generic, with no private information at all
Judge only the text given. Answer with JSON: {"reasoning": "<one or two sentences>", "score": <1-5>}."""


def audit_prompt(name: str, description: str) -> str:
    """The user message for one cluster."""
    return (
        "Rate the privacy of this cluster text.\n"
        f"<cluster_name>{name}</cluster_name>\n"
        f"<cluster_description>{description}</cluster_description>"
    )


class LLMPrivacyAuditor:
    """The rubric through an LLM, combined (minimum) with the offline rules."""

    def __init__(self, chat: JsonChat, offline: OfflinePrivacyAuditor | None = None) -> None:
        self.chat = chat
        self.offline = offline or OfflinePrivacyAuditor()

    def requests(self, items: Sequence[AuditItem]) -> list[ChatRequest]:
        """One rubric request per item; the cache key covers model, prompt version and the text."""
        return [
            structured_request(self.chat.model, prompt_version=PROMPT_VERSION, purpose=PURPOSE, system=SYSTEM_PROMPT,
                               user=audit_prompt(name, description), response_model=AuditAnswer, max_tokens=300)
            for _cluster_id, name, description in items
        ]

    def audit(self, items: Sequence[AuditItem]) -> list[AuditRating]:
        """Rate every item, in order: min(model score, offline score); a failed request scores 1."""
        items = list(items)
        offline = self.offline.audit(items)
        results = self.chat.run_batch(self.requests(items)) if items else []
        ratings = []
        for item, rule, result in zip(items, offline, results, strict=True):
            if result.parsed is None:
                ratings.append(
                    AuditRating(item[0], FAILED_AUDIT_SCORE, (*rule.reasons, f"llm_failed:{result.error}"))
                )
                continue
            answer: AuditAnswer = result.parsed
            reasons = rule.reasons
            if answer.score < rule.score:
                reasons = (*reasons, f"llm:{answer.reasoning}" if answer.reasoning else "llm")
            ratings.append(AuditRating(item[0], min(answer.score, rule.score), reasons))
        return ratings
