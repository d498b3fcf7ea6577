"""Deterministic PII scrubber: every facet text and cluster name/description passes here before storage.

Whatever produced a text (the offline heuristics or an LLM that a user could prompt-inject), this
module replaces personal data by typed placeholders — [NAME], [EMAIL], [PHONE], [ADDRESS], [CARD],
[IBAN], [SSN], [IP], [URL], [HANDLE], [DOB] — using only rules and checksums, so its behaviour is
reproducible and testable.

What was written here and why: no maintained offline library fits. presidio's analyzer needs a spaCy
NER model that cannot be downloaded at run time, scrubadub's name detection likewise relies on
external NER models, and regex-only packages miss checksums (Luhn, mod-97) or non-US formats. So the
detectors are our own: `detectors.py` (machine-shaped types, with `checksums.py`), `detectors_dates.py`
(DOB), `detectors_address.py` (street conventions of several languages) and `detectors_names.py`
(hand-compiled multicultural name lists plus cues) with `detectors_name_context.py` (rare names: words
in no list, standing where names stand) and `detectors_name_case.py` (names written in lower case or
capitals), with `phonenumbers` as the only third-party help; other scripts have their own detectors
(`detectors_cjk.py`, `detectors_cyrillic.py`, `detectors_greek_arabic.py`, with `detectors_script_pairs.py`
for two-word names by position). `detectors_name_labels.py` masks the value of a person field label
("Patient:", "ФИО:", "الاسم:", "이름:") in any script; `detectors_name_places.py` keeps venues and
Turkish locatives (places) out of the Latin name detections. Names announced by "my name is", a title or
an honorific in Persian, Hindi, Bengali, Tamil, Amharic, Korean and Thai are found by
`detectors_name_cues_scripts.py` and `detectors_name_ko_th.py`; `detectors_name_extend.py` grows a found
name over the name parts beside it and finds Vietnamese full names.

Overlaps are resolved by a fixed type priority (an e-mail contains a name-like local part, a card
number looks like a phone number), then by length; the one exception is a phone-shaped house number that
opens a street ("3378 217 Lovers Lane"), which stays with its address. Scrubbing is idempotent: placeholders are masked
out of detection and the scrubber re-runs on its own output until nothing more is found.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass

from clio_pipeline.privacy.detectors import (
    Detection,
    digit_count,
    find_cards,
    find_emails,
    find_handles,
    find_ibans,
    find_ips,
    find_phones,
    find_ssns,
    find_urls,
)
from clio_pipeline.privacy.detectors_address import find_addresses
from clio_pipeline.privacy.detectors_address_scripts import find_script_addresses, may_hold_script_address
from clio_pipeline.privacy.detectors_dates import find_dates_of_birth
from clio_pipeline.privacy.detectors_name_cues_scripts import find_script_cue_names, may_hold_script_cue
from clio_pipeline.privacy.detectors_name_extend import (
    extend_names,
    find_vietnamese_names,
    may_hold_vietnamese_name,
)
from clio_pipeline.privacy.detectors_name_ko_th import find_ko_th_names, may_hold_ko_th
from clio_pipeline.privacy.detectors_name_labels import find_labelled_names, may_hold_label
from clio_pipeline.privacy.detectors_names import find_names
from clio_pipeline.privacy.detectors_obfuscated import (
    find_spelled_emails,
    find_spelled_phones,
    may_hold_spelled_digits,
)
from clio_pipeline.privacy.detectors_obfuscated_names import find_obfuscated_names, may_hold_obfuscated_name
from clio_pipeline.privacy.reading_view import reading_view
from clio_pipeline.privacy.scripts import (
    ARABIC,
    CYRILLIC,
    DEVANAGARI,
    GREEK,
    HAN,
    HANGUL,
    HEBREW,
    KANA,
    LATIN,
    THAI,
    text_scripts,
)

__all__ = ["PII_TYPES", "Detection", "PiiScrubber", "ScrubResult", "detect", "scrub"]

PII_TYPES = ("NAME", "EMAIL", "PHONE", "ADDRESS", "CARD", "IBAN", "SSN", "IP", "URL", "HANDLE", "DOB")

# Earlier wins an overlap: the more structured and checksum-validated a type, the more it is trusted.
_PRIORITY = ("EMAIL", "URL", "IBAN", "CARD", "SSN", "IP", "DOB", "PHONE", "HANDLE", "ADDRESS", "NAME")
_RANK = {pii_type: rank for rank, pii_type in enumerate(_PRIORITY)}

_PLACEHOLDER = re.compile(r"\[(?:" + "|".join(PII_TYPES) + r")\]")
_MAX_PASSES = 3


@dataclass(frozen=True)
class ScrubResult:
    """The scrubbed text and how many spans of each PII type were replaced."""

    text: str
    counts: dict[str, int]


Finder = Callable[[str], Iterator[Detection]]


def _needs_digit(text: str) -> bool:
    return digit_count(text) > 0


def _may_have_email_or_handle(text: str) -> bool:
    return "@" in text or "at]" in text or "at)" in text or "u/" in text


def _may_have_url(text: str) -> bool:
    return "/" in text or "www." in text


# (types a finder can report, finder, cheap test that must pass before running it)
_FINDERS: tuple[tuple[frozenset[str], Finder, Callable[[str], bool]], ...] = (
    (frozenset({"EMAIL"}), find_emails, _may_have_email_or_handle),
    (frozenset({"URL"}), find_urls, _may_have_url),
    (frozenset({"HANDLE"}), find_handles, _may_have_email_or_handle),
    (frozenset({"IBAN"}), find_ibans, _needs_digit),
    (frozenset({"CARD"}), find_cards, _needs_digit),
    (frozenset({"SSN"}), find_ssns, _needs_digit),
    (frozenset({"IP"}), find_ips, lambda text: _needs_digit(text) or "::" in text),
    (frozenset({"DOB"}), find_dates_of_birth, _needs_digit),
    (frozenset({"PHONE"}), find_phones, _needs_digit),
    (frozenset({"ADDRESS"}), find_addresses, _needs_digit),
    (frozenset({"ADDRESS"}), find_script_addresses, may_hold_script_address),
    (frozenset({"NAME"}), find_names, lambda text: True),
    (frozenset({"NAME"}), find_labelled_names, may_hold_label),
    (frozenset({"NAME"}), find_script_cue_names, may_hold_script_cue),
    (frozenset({"NAME"}), find_ko_th_names, may_hold_ko_th),
    (frozenset({"NAME"}), find_vietnamese_names, may_hold_vietnamese_name),
    (frozenset({"NAME"}), find_obfuscated_names, may_hold_obfuscated_name),
    (frozenset({"EMAIL"}), find_spelled_emails, lambda text: " " in text),
    (frozenset({"PHONE"}), find_spelled_phones, may_hold_spelled_digits),
)


def _find_cjk(text: str) -> Iterator[Detection]:
    from clio_pipeline.privacy.detectors_cjk import find_cjk  # loads jieba / fugashi on first use

    return find_cjk(text)


def _find_cyrillic(text: str) -> Iterator[Detection]:
    from clio_pipeline.privacy.detectors_cyrillic import find_cyrillic  # loads pymorphy3 on first use

    return find_cyrillic(text)


def _find_greek(text: str) -> Iterator[Detection]:
    from clio_pipeline.privacy.detectors_greek_arabic import find_greek

    return find_greek(text)


def _find_honorific(text: str) -> Iterator[Detection]:
    from clio_pipeline.privacy.detectors_script_pairs import find_honorific_names

    return find_honorific_names(text)


def _find_relation_names(text: str) -> Iterator[Detection]:
    from clio_pipeline.privacy.detectors_name_relations import find_relation_names  # loads Faker's name lists

    return find_relation_names(text)


def _find_arabic(text: str) -> Iterator[Detection]:
    from clio_pipeline.privacy.detectors_greek_arabic import find_arabic

    return find_arabic(text)


# Detectors of one writing system, run only when `text_scripts` finds a letter of it; each reports
# NAME, ADDRESS and DOB. Their libraries load on the first text of that script.
_SCRIPT_FINDERS: tuple[tuple[frozenset[str], Finder], ...] = (
    (frozenset({HAN, KANA}), _find_cjk),
    (frozenset({CYRILLIC}), _find_cyrillic),
    (frozenset({GREEK}), _find_greek),
    (frozenset({ARABIC}), _find_arabic),
    (frozenset({HANGUL, DEVANAGARI}), _find_honorific),
    (frozenset({HEBREW, DEVANAGARI, THAI, ARABIC, HANGUL, LATIN}), _find_relation_names),
)
_SCRIPT_TYPES = frozenset({"NAME", "ADDRESS", "DOB"})
# Arabic-Indic, Persian, full-width and every other script's digits read as ASCII digits, one character for one, so the
# numeric detectors (phones, cards, dates) see "١٩٨٥" and "１９８５" as 1985 at the same offsets.
# Every decimal digit of Unicode (Nd: Devanagari "१९८५", Bengali, Thai, Persian ...) is read the same way.
_DIGITS_TO_ASCII = str.maketrans(
    {chr(c): str(unicodedata.digit(chr(c))) for c in range(0x80, 0x20000)
     if unicodedata.category(chr(c)) == "Nd" and unicodedata.digit(chr(c), None) is not None}
)


class PiiScrubber:
    """Finds and replaces personal data of the selected `types` (all of PII_TYPES by default)."""

    def __init__(self, types: Collection[str] | None = None) -> None:
        selected = frozenset(PII_TYPES if types is None else types)
        unknown = selected - set(PII_TYPES)
        if unknown:
            raise ValueError(f"unknown PII types {sorted(unknown)}; expected a subset of {PII_TYPES}")
        self.types = selected
        self._finders = [(finder, test) for kinds, finder, test in _FINDERS if kinds & selected]

    def detect(self, text: str) -> list[Detection]:
        """Non-overlapping detections sorted by start; placeholders already in `text` are never detected.

        Detectors run on the text as written and, when it differs, on its reading view too (zero-width
        characters, compatibility letters, look-alikes and leetspeak undone: reading_view.py); a span
        found in the view masks the original characters it was read from.
        """
        if not text:
            return []
        found = self._detect(text)
        view = reading_view(text)
        if view.text == text:
            return found
        for d in self._detect(view.text):
            start, end = view.span(d.start, d.end)
            found.append(Detection(d.type, start, end, text[start:end], d.score))
        return _resolve_overlaps(found)

    def _detect(self, text: str) -> list[Detection]:
        placeholders = [(m.start(), m.end()) for m in _PLACEHOLDER.finditer(text)] if "[" in text else []
        original = text
        if not text.isascii():
            text = text.translate(_DIGITS_TO_ASCII)
        candidates = [
            detection
            for finder, may_match in self._finders
            if may_match(text)
            for detection in finder(text)
            if detection.type in self.types and detection.end > detection.start
        ]
        if not text.isascii() and self.types & _SCRIPT_TYPES:
            scripts = text_scripts(text)
            for wanted, finder in _SCRIPT_FINDERS:
                if scripts & wanted:
                    candidates.extend(d for d in finder(text) if d.type in self.types and d.end > d.start)
        if text is not original:
            candidates = [Detection(d.type, d.start, d.end, original[d.start : d.end], d.score) for d in candidates]
        if placeholders:
            candidates = [d for d in candidates if not _overlaps_any(d, placeholders)]
        # A name found in part takes in the name parts beside it ("Budi [NAME]": detectors_name_extend.py).
        return extend_names(original, _resolve_overlaps(_drop_house_numbers_read_as_phones(candidates)))

    def scrub(self, text: str) -> ScrubResult:
        """Replace every detection by its typed placeholder, e.g. "[EMAIL]"."""
        counts: dict[str, int] = {}
        for _ in range(_MAX_PASSES):
            detections = self.detect(text)
            if not detections:
                break
            pieces: list[str] = []
            cursor = 0
            for detection in detections:
                pieces.append(text[cursor : detection.start])
                pieces.append(f"[{detection.type}]")
                cursor = detection.end
                counts[detection.type] = counts.get(detection.type, 0) + 1
            pieces.append(text[cursor:])
            text = "".join(pieces)
        return ScrubResult(text=text, counts=counts)


def _drop_house_numbers_read_as_phones(candidates: list[Detection]) -> list[Detection]:
    """ "3378 217 Lovers Lane": digit groups that open a street line are its house number, not a phone.

    Without this the phone (higher priority) would win and leave "Lovers Lane" as the address, so the
    number stayed readable. Only plain national-looking groups qualify; "+44 ..." stays a phone.
    """
    streets = [d for d in candidates if d.type == "ADDRESS"]
    if not streets:
        return candidates
    return [d for d in candidates if not (d.type == "PHONE" and _opens_street(d, streets))]


def _opens_street(phone: Detection, streets: list[Detection]) -> bool:
    """The phone-shaped number starts an address and a street name follows it on the same line."""
    if phone.text.startswith(("+", "(", "00")):
        return False
    for street in streets:
        if street.start == phone.start and street.end > phone.end:
            rest = street.text[phone.end - street.start :]
            if rest[:1] == " " and rest[1:2].isalpha():
                return True
    return False


def _overlaps_any(detection: Detection, spans: list[tuple[int, int]]) -> bool:
    return any(detection.start < end and start < detection.end for start, end in spans)


def _resolve_overlaps(candidates: list[Detection]) -> list[Detection]:
    """Keep the highest-priority (then longest, then earliest) detection of each overlapping group.

    A lower-priority detection that only partly overlaps kept ones is trimmed to its longest free part
    rather than dropped, so a postal block that runs into a phone line still hides the street.
    """
    accepted: list[Detection] = []
    for candidate in sorted(candidates, key=lambda d: (_RANK[d.type], d.start - d.end, d.start)):
        free = _free_part(candidate, accepted)
        if free is not None:
            accepted.append(free)
    return sorted(accepted, key=lambda d: d.start)


def _free_part(candidate: Detection, accepted: list[Detection]) -> Detection | None:
    overlapping = sorted(
        (k for k in accepted if candidate.start < k.end and k.start < candidate.end), key=lambda k: k.start
    )
    if not overlapping:
        return candidate
    if candidate.type != "ADDRESS":
        return None  # names, phones etc. are atomic: half a phone number is not a phone number
    gaps, cursor = [], candidate.start
    for kept in overlapping:
        gaps.append((cursor, kept.start))
        cursor = max(cursor, kept.end)
    gaps.append((cursor, candidate.end))
    start, end = max(gaps, key=lambda gap: gap[1] - gap[0])
    piece = candidate.text[start - candidate.start : end - candidate.start]
    stripped_start = start + len(piece) - len(piece.lstrip(" \t\n,"))
    end = start + len(piece.rstrip(" \t\n,-"))
    if end - stripped_start < 4:
        return None
    text = candidate.text[stripped_start - candidate.start : end - candidate.start]
    return Detection(candidate.type, stripped_start, end, text, candidate.score)


_DEFAULT = PiiScrubber()


def scrub(text: str) -> ScrubResult:
    """Scrub `text` with the default scrubber (all PII types)."""
    return _DEFAULT.scrub(text)


def detect(text: str) -> list[Detection]:
    """Detect all PII types in `text` with the default scrubber."""
    return _DEFAULT.detect(text)
