"""Prompts and structured answers of the LLM hierarchy algorithm (Clio, Tamkin et al. 2024, app. G).

Three calls per level: propose candidate parents for a neighbourhood of clusters, assign a batch of
children to the deduplicated candidates, and rename each parent from the children it received. The
prompt text is ours; `PROMPT_VERSION` goes into every cache key, so editing a prompt must bump it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pydantic import BaseModel, Field

PROMPT_VERSION = "v1"
MAX_NAME_WORDS = 10

SYSTEM = (
    "You organise the topics of conversations between users and an AI assistant into a hierarchy of "
    "categories, for aggregate analysis. Names describe what people use the assistant for, in plain "
    "English. Never include personal information: no names of people, organisations, places, numbers, "
    "or any detail that could identify someone. Answer with a single JSON object and nothing else."
)


class ProposedParents(BaseModel):
    """Answer to a propose call: candidate higher-level category names."""

    names: list[str] = Field(default_factory=list)


class ChildAssignment(BaseModel):
    child: str
    parent: str


class AssignmentBatch(BaseModel):
    """Answer to an assign call: one entry per child key of the batch (repaired if not)."""

    assignments: list[ChildAssignment] = Field(default_factory=list)


class ParentLabel(BaseModel):
    """Answer to a rename call."""

    name: str
    description: str = ""


def cluster_line(name: str, description: str) -> str:
    """How one cluster is shown to the model and embedded: `name: description`."""
    return f"{name}: {description}".strip().rstrip(":")


def propose_prompt(inside: Sequence[str], outside: Sequence[str], n_wanted: int) -> str:
    """Ask for about `n_wanted` categories covering `inside`, contrasted with the `outside` clusters."""
    lines = "\n".join(f"- {text}" for text in inside)
    contrast = "\n".join(f"- {text}" for text in outside) or "- (none)"
    return (
        "Here are lower-level clusters of conversations:\n"
        f"<clusters>\n{lines}\n</clusters>\n\n"
        "For contrast, here are nearby clusters that belong to other categories:\n"
        f"<other_clusters>\n{contrast}\n</other_clusters>\n\n"
        f"Propose about {n_wanted} higher-level categories that together cover every cluster in "
        "<clusters>. Each category is broader than the clusters it covers, specific enough to be "
        f"meaningful, distinct from the others, and named in at most {MAX_NAME_WORDS} words.\n"
        'Answer as {"names": ["...", "..."]}.'
    )


def assign_prompt(children: Sequence[tuple[str, str]], parents: Sequence[str]) -> str:
    """Ask for the best parent of each `(key, text)` child among `parents` (already shuffled)."""
    categories = "\n".join(f"- {name}" for name in parents)
    kids = "\n".join(f"{key}: {text}" for key, text in children)
    return (
        "Assign each cluster below to the single best category.\n"
        f"<categories>\n{categories}\n</categories>\n\n"
        f"<clusters>\n{kids}\n</clusters>\n\n"
        "Use each category name exactly as written. Give exactly one entry per cluster key.\n"
        'Answer as {"assignments": [{"child": "<cluster key>", "parent": "<category name>"}, ...]}.'
    )


def rename_prompt(candidate: str, children: Sequence[str]) -> str:
    """Ask for a final name and description of a parent from the children it actually received."""
    kids = "\n".join(f"- {text}" for text in children)
    return (
        f'These clusters were grouped under the provisional category "{candidate}":\n'
        f"<clusters>\n{kids}\n</clusters>\n\n"
        f"Write a name of at most {MAX_NAME_WORDS} words that covers all of them, and a description "
        "of exactly two sentences saying what these conversations are about.\n"
        'Answer as {"name": "...", "description": "..."}.'
    )


def clean_name(text: str) -> str:
    """A single-line name of at most `MAX_NAME_WORDS` words, without quotes or trailing period."""
    words = " ".join(text.split()).strip(" \"'`").rstrip(".").split(" ")
    return " ".join(words[:MAX_NAME_WORDS]).strip()


def clean_description(text: str, max_sentences: int = 2) -> str:
    """At most `max_sentences` sentences of `text`, on one line."""
    flat = " ".join(text.split())
    sentences = re.split(r"(?<=[.!?])\s+", flat)
    return " ".join(sentences[:max_sentences]).strip()


def name_key(name: str) -> str:
    """Comparison key of a category name: case, spacing and surrounding punctuation ignored."""
    return " ".join(re.sub(r"[^\w\s]", " ", name.casefold()).split())
