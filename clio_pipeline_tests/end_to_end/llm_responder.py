"""A deterministic stand-in for a chat model that answers every LLM-backed step of the pipeline.

`PipelineResponder` is a `LocalChatServer` responder: it reads the request the way a model would
(the JSON schema in the system message says which step is asking, the user message carries the
step's material) and builds a valid, sensible answer from it:

- facets (`FacetAnswers`): a summary built from the user's first substantial sentence, task from
  the same words, language "en", concerning 1; one request in `plant_every` gets an e-mail address
  and a phone number appended, which the scrubber must remove after the model answered;
- cluster naming (`ClusterNameAnswer`): a name from the words most frequent inside the group and
  rare in the contrastive examples; one cluster in `plant_every` gets personal data planted in its
  description, which the scrubber and the privacy gates must keep from the analyst database;
- hierarchy propose (`ProposedParents`): category names from frequent words of the listed clusters;
- hierarchy assign (`AssignmentBatch`): each child to the category sharing most words with it, with
  three batches in four carrying an unknown parent name, a duplicate child or an unknown child key
  (counted in `flaws`) so that the repair path runs;
- hierarchy rename (`ParentLabel`): a name from the children's frequent words;
- privacy audit (`AuditAnswer`): score 4.

Everything derives from the request text through stable hashes (never Python's `hash()`, which is
salted per process), so the same request always gets the same answer, in any process or order.
"""

from __future__ import annotations

import json
import re
import threading
import zlib
from collections import Counter
from typing import Any

from clio_pipeline.privacy.word_rule import STOPWORDS
from clio_pipeline_tests.support.chat_server import first_user_message

# Words that carry no topic: English function words, the templates of our own answers and prompts.
_STOP_WORDS = """a an and are as at be but by can could did do does for from had has have how i if in into is it
    its me my of on or our should so than that the their them then there these they this to was we
    were what when where which who why will with would you your about after again all also any because
    been before being both each few further here just more most much need needs not now only other
    over own same some such too under until very while user users asked help helps request requests
    related topics topic group groups these those question questions conversations conversation
    please want like make get know use using write new one two email phone contact"""
# The word rule's multilingual stop-words too: a name made of "para" and "comment" says nothing.
_STOP = frozenset(_STOP_WORDS.split()) | STOPWORDS
_WORD = re.compile(r"[A-Za-zÀ-ÿ]{4,}")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
PLANT_DOMAIN = "leakcheck.example"


def stable_digest(text: str) -> int:
    """A process-independent 32-bit hash of `text`."""
    return zlib.crc32(text.encode("utf-8"))


def content_words(text: str) -> list[str]:
    """Lower-cased topic words of `text` (four letters or more, no stopwords, no placeholders)."""
    return [w.lower() for w in _WORD.findall(text) if w.lower() not in _STOP]


def _top_words(texts: list[str], limit: int, against: list[str] | None = None) -> list[str]:
    """Words in most of `texts` (document frequency), less their share in `against` (contrast)."""
    inside = Counter(w for t in texts for w in set(content_words(t)))
    outside = Counter(w for t in against or [] for w in set(content_words(t)))
    n_in, n_out = max(1, len(texts)), max(1, len(against or []))
    scored = sorted(inside, key=lambda w: (-(inside[w] / n_in - 0.5 * outside[w] / n_out), w))
    return scored[:limit]


def _tagged(text: str, tag: str) -> str:
    match = re.search(rf"<{tag}>\n?(.*?)\n?</{tag}>", text, re.DOTALL)
    return match.group(1) if match else ""


def _schema(body: dict[str, Any]) -> dict[str, Any]:
    """The JSON schema the client appended to the system message (see `llm.parsing.json_instruction`)."""
    for message in body.get("messages", []):
        if message.get("role") == "system" and "JSON schema:\n" in message.get("content", ""):
            try:
                return json.loads(message["content"].rsplit("JSON schema:\n", 1)[1])
            except json.JSONDecodeError:
                return {}
    return {}


def _title_phrase(words: list[str], fallback: str) -> str:
    if not words:
        return fallback
    if len(words) == 1:
        return words[0]
    return f"{', '.join(words[:-1])} and {words[-1]}"


def _describe(words: list[str]) -> str:
    # Only words the summaries use, stop-words and template words: the distinct-users word rule
    # would cut anything else out of the published description.
    topic = _title_phrase(words, "general requests")
    return f"Users asked for help with {topic}. These conversations were about {words[0] if words else topic}."


class PipelineResponder:
    """Answers every purpose of the pipeline; records the personal data it planted in `planted`."""

    def __init__(self, plant_every: int = 5) -> None:
        self.plant_every = plant_every
        self.planted: set[str] = set()
        self.purposes: Counter[str] = Counter()
        self.flaws: Counter[str] = Counter()  # deliberately invalid hierarchy assignments, by kind
        self._assign_batches = 0
        self._lock = threading.Lock()

    def __call__(self, body: dict[str, Any]) -> str:
        schema = _schema(body)
        title = schema.get("title", "")
        user = first_user_message(body)
        handlers = {
            "FacetAnswers": self.facets,
            "ClusterNameAnswer": self.cluster_name,
            "ProposedParents": self.propose,
            "AssignmentBatch": self.assign,
            "ParentLabel": self.rename,
            "AuditAnswer": self.audit,
        }
        handler = handlers.get(title)
        with self._lock:
            self.purposes[title or "unknown"] += 1
        if handler is None:
            return "{}"  # an unknown step gets an answer that fails validation, as a confused model's would
        return json.dumps(handler(user, schema))

    # ------------------------------------------------------------------------------------ planting
    def _plant(self, user: str, salt: str) -> str:
        """Personal data for one answer in `plant_every` (chosen by hash), else ""."""
        digest = stable_digest(salt + user)
        if digest % self.plant_every:
            return ""
        email = f"jordan.pike{digest % 997}@{PLANT_DOMAIN}"
        phone = f"+1 415 555 {digest % 10000:04d}"
        with self._lock:
            self.planted.update({email, phone})
        return f" Contact {email}, {phone}."

    # ------------------------------------------------------------------------------------- facets
    def facets(self, user: str, schema: dict[str, Any]) -> dict[str, Any]:
        transcript = _tagged(user, "conversation")
        first_turn = transcript.split("\n\nAssistant:", 1)[0].removeprefix("User:").strip()
        sentences = [s.strip() for s in _SENTENCE_END.split(first_turn) if s.strip()]
        # Like a careful model, prefer a sentence that states the request and carries no numbers.
        chosen = next(
            (s for s in sentences if len(s.split()) >= 4 and not re.search(r"[\d@]", s)),
            sentences[0] if sentences else "a general question",
        )
        words = chosen.split()[:14]
        summary = f"The user asked for help: {' '.join(words).rstrip('?.!')}." + self._plant(user, "facet")
        topic = content_words(chosen)[:3]
        answers: dict[str, Any] = {}
        for name, field in schema.get("properties", {}).items():
            if name == "summary":
                answers[name] = summary
            elif name == "task":
                answers[name] = f"Help with {' '.join(topic) or 'a general request'}"
            elif name == "language":
                answers[name] = "en"
            elif field.get("type") == "integer":
                answers[name] = int(field.get("minimum", 1))
            else:
                answers[name] = "not applicable"
        return answers

    # ------------------------------------------------------------------------------ cluster names
    def cluster_name(self, user: str, schema: dict[str, Any]) -> dict[str, Any]:
        inside = re.findall(r"<summary>(.*?)</summary>", _tagged(user, "group_summaries"), re.DOTALL)
        outside = re.findall(r"<summary>(.*?)</summary>", _tagged(user, "contrastive_summaries"), re.DOTALL)
        words = _top_words(inside, 3, outside)
        phrase = _title_phrase(words, "general requests")
        return {"name": f"Help with {phrase}", "description": _describe(words) + self._plant(user, "name")}

    # ---------------------------------------------------------------------------------- hierarchy
    def propose(self, user: str, schema: dict[str, Any]) -> dict[str, Any]:
        lines = [line.removeprefix("- ") for line in _tagged(user, "clusters").splitlines() if line.strip()]
        wanted_match = re.search(r"Propose about (\d+)", user)
        wanted = int(wanted_match.group(1)) if wanted_match else 3
        # One category per keyword that leads the most clusters' names, like a model grouping by theme.
        leads = Counter(next(iter(content_words(line.split(":", 1)[0])), "general") for line in lines)
        keywords = [word for word, _ in leads.most_common(max(1, wanted))]
        return {"names": [f"{word.capitalize()} requests" for word in keywords]}

    def assign(self, user: str, schema: dict[str, Any]) -> dict[str, Any]:
        categories = [
            line.removeprefix("- ").strip() for line in _tagged(user, "categories").splitlines() if line.strip()
        ]
        children = [line.split(":", 1) for line in _tagged(user, "clusters").splitlines() if ":" in line]
        assignments = []
        for key, text in children:
            words = set(content_words(text))
            best = max(categories, key=lambda c: (len(words & set(content_words(c))), -categories.index(c)))
            assignments.append({"child": key.strip(), "parent": best})
        # Misbehaviour in three batches of four, one kind each, starting with the first batch so that
        # even a tiny tree (one assignment call) exercises the repair path (nearest candidate, keep the
        # first answer, ignore) that must still turn them into a valid tree.
        with self._lock:
            batch = self._assign_batches
            self._assign_batches += 1
        flaw = ("unknown_parent", "duplicate_child", "unknown_child", None)[batch % 4]
        if assignments and flaw == "unknown_parent":
            assignments[0] = {"child": assignments[0]["child"], "parent": "Miscellaneous unlisted things"}
        elif assignments and flaw == "duplicate_child":
            assignments.append({"child": assignments[0]["child"], "parent": categories[-1]})
        elif assignments and flaw == "unknown_child":
            assignments.append({"child": "c999", "parent": categories[0]})
        if assignments and flaw:
            with self._lock:
                self.flaws[flaw] += 1
        return {"assignments": assignments}

    def rename(self, user: str, schema: dict[str, Any]) -> dict[str, Any]:
        candidate_match = re.search(r'provisional category "(.*?)"', user)
        candidate = candidate_match.group(1) if candidate_match else "General requests"
        kids = [line.removeprefix("- ") for line in _tagged(user, "clusters").splitlines() if line.strip()]
        words = _top_words(kids, 2)
        name = f"{_title_phrase(words, '').capitalize()} requests" if words else candidate
        return {"name": name, "description": _describe(words)}

    # ------------------------------------------------------------------------------------ auditor
    def audit(self, user: str, schema: dict[str, Any]) -> dict[str, Any]:
        return {"reasoning": "A generic topic description without identifying details.", "score": 4}
