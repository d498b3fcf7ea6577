"""NAME, ADDRESS and DOB detectors for Greek and Arabic script.

Greek: a listed given name in any common case form ("Γιώργος", "Γιώργο", "Γιώργου"), a capitalised word
with a family-name ending ("-όπουλος", "-ίδης", "-άκης", feminine "-ου"), or any word after a cue ("με
λένε", "ονομάζομαι", "κύριος/κυρία"); a name continues over the next capitalised word. Streets: "οδός
Ερμού 25", "Λεωφόρος Συγγρού 110", or a genitive street name + number followed by a town or postcode.
Arabic: a listed given name (an attached "و/ب/ل" allowed) or a cue ("اسمي", "السيد", "الدكتور", "صديقي")
starts a name, which continues over further given names, "بن/ابن/بنت/أبو/آل" links, "عبد" + the divine
name, and family words (an "ال" word that is no common vocabulary, e.g. a nisba such as "العتيبي").
Arabic has no capitals, so ambiguous names ("أمل" hope, "نور" light) count only after a cue or next to
another name. Streets: "شارع ... رقم 12", building / flat numbers, P.O. boxes. Dates in both scripts:
day, month name, year; and a year after a birth cue.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from clio_pipeline.privacy.detectors import Detection
from clio_pipeline.privacy.detectors_script_pairs import find_arabic_pairs, find_greek_pairs
from clio_pipeline.privacy.name_lists_scripts import (
    ARABIC_AMBIGUOUS,
    ARABIC_GIVEN_NAMES,
    ARABIC_NAME_LINKS,
    GREEK_AMBIGUOUS,
    GREEK_GIVEN_NAMES,
    GREEK_SURNAME_PREFIXES,
    GREEK_SURNAME_SUFFIXES,
    fold_greek,
)
from clio_pipeline.privacy.name_models import arabic_core, arabic_name_like
from clio_pipeline.privacy.vocabulary import is_general_word, zipf

# ---- Greek -------------------------------------------------------------------------------------------
_GR = "Α-Ωα-ωΆ-Ώά-ώϊϋΐΰ"
_GR_WORD = re.compile(rf"[{_GR}]+")
_GR_CUE = re.compile(
    r"(?:με\s+λένε|λέγομαι|ονομάζομαι|το\s+όνομά\s+μου\s+είναι|όνομα\s*:|επώνυμο\s*:?|κύριος|κύριε|κυρία|κυρίου|κ\.)\s*",
    re.IGNORECASE,
)
_GR_MONTHS = "Ιανουαρίου|Φεβρουαρίου|Μαρτίου|Απριλίου|Μαΐου|Μαίου|Ιουνίου|Ιουλίου|Αυγούστου|Σεπτεμβρίου|Οκτωβρίου|Νοεμβρίου|Δεκεμβρίου"
_GR_DATE = re.compile(rf"\b\d{{1,2}}(?:ης)?\s+(?:{_GR_MONTHS})\s+(?:του\s+)?\d{{4}}", re.IGNORECASE)
_GR_BIRTH = re.compile(
    r"(?:γεννήθηκα|γεννήθηκε|ημερομηνία\s+γέννησης|γενέθλια)\s*:?\s*(?:στις\s+|το\s+|τον\s+)?"
    rf"(\d{{1,2}}(?:ης)?\s+(?:{_GR_MONTHS})(?:\s+\d{{4}})?|\d{{4}})",
    re.IGNORECASE,
)
_GR_STREET = re.compile(
    rf"(?:(?:οδός|οδού|οδ\.|Λεωφόρος|Λεωφόρου|Λεωφ\.|Λ\.|πλατεία|πλατείας|πλ\.)\s+)"
    rf"[{_GR}]+(?:\s+[{_GR}]+){{0,3}}\s+\d+[α-ω]?(?:\s*,\s*(?:\d{{3}}\s?\d{{2}}\s+)?[{_GR}]+(?:\s+\d{{3}}\s?\d{{2}})?)?",
    re.IGNORECASE,
)
# "Ερμού 25, Αθήνα" / "Ερμού 25, 105 63": a genitive street name with a number, then a town or postcode.
_GR_BARE_STREET = re.compile(
    rf"\b[Α-Ω][{_GR}]+(?:ου|ων|ας|ης|ού|ών|άς|ής)\s+\d+[α-ω]?\s*,\s*(?:\d{{3}}\s?\d{{2}}\s+)?[Α-Ω][{_GR}]+(?:\s+\d{{3}}\s?\d{{2}})?"
)
_GR_POSTCODE = re.compile(r"(?:Τ\.?Κ\.?|ταχυδρομικός\s+κώδικας)\s*:?\s*(\d{3}\s?\d{2})", re.IGNORECASE)


def _greek_given(word: str) -> bool:
    key = fold_greek(word)
    # Case forms of the same name: vocative "Γιώργο", genitive "Γιώργου", "Μαρίας".
    forms = {key, key + "σ", key[:-1] + "σ", key[:-2] + "οσ", key[:-1], key[:-2] + "α" if key.endswith("ασ") else key}
    if key.endswith("ου"):
        forms.add(key[:-2] + "οσ")
    return any(form in GREEK_GIVEN_NAMES for form in forms)


def _greek_surname(word: str) -> bool:
    key = fold_greek(word)
    if len(key) < 5 or (is_general_word(word) and not key.endswith(GREEK_SURNAME_SUFFIXES)):
        return False
    return key.endswith(GREEK_SURNAME_SUFFIXES) or key.startswith(GREEK_SURNAME_PREFIXES)


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in ".!?;:·\"«(\n"


def find_greek_names(text: str) -> Iterator[Detection]:
    words = list(_GR_WORD.finditer(text))
    lowercase_text = text == text.lower()
    cue_ends = {m.end() for m in _GR_CUE.finditer(text)}
    index = 0
    while index < len(words):
        m = words[index]
        word = m.group()
        capital = word[:1].isupper() or lowercase_text
        # "Σοφία" is also "wisdom": an ambiguous name counts after a cue, or capitalised where a sentence
        # cannot start (Greek capitalises only proper nouns mid-sentence).
        given = _greek_given(word) and (
            fold_greek(word) not in GREEK_AMBIGUOUS
            or m.start() in cue_ends
            or (word[:1].isupper() and not lowercase_text and not _sentence_initial(text, m.start()))
        )
        if not (m.start() in cue_ends or (capital and (given or _greek_surname(word)))):
            index += 1
            continue
        end, nxt = m.end(), index + 1
        while nxt < len(words) and nxt - index < 3 and text[end : words[nxt].start()] == " ":
            following = words[nxt].group()
            # Mid-sentence, a capitalised word right after a name is its family name even when it is
            # also a word ("Οικονόμου", of the economist); in a lower-case text it must look like one.
            if lowercase_text:
                if not (_greek_given(following) or _greek_surname(following) or not is_general_word(following)):
                    break
            elif not following[:1].isupper():
                break
            end, nxt = words[nxt].end(), nxt + 1
        yield Detection("NAME", m.start(), end, text[m.start() : end], 0.8)
        index = nxt


def find_greek(text: str) -> Iterator[Detection]:
    for pattern in (_GR_DATE,):
        for m in pattern.finditer(text):
            yield Detection("DOB", m.start(), m.end(), m.group(), 0.85)
    for m in _GR_BIRTH.finditer(text):
        yield Detection("DOB", m.start(1), m.end(1), m.group(1), 0.85)
    for pattern in (_GR_STREET, _GR_BARE_STREET):
        for m in pattern.finditer(text):
            yield Detection("ADDRESS", m.start(), m.end(), m.group(), 0.85)
    for m in _GR_POSTCODE.finditer(text):
        yield Detection("ADDRESS", m.start(1), m.end(1), m.group(1), 0.8)
    yield from find_greek_names(text)
    yield from find_greek_pairs(text)


# ---- Arabic ------------------------------------------------------------------------------------------
_AR_WORD = re.compile(r"[\u0621-\u064a\u0660-\u0669\u066e-\u06d3\u06fa-\u06ff]+")
_AR_LETTERS = re.compile(r"[\u0621-\u064a\u066e-\u06d3\u06fa-\u06ff]+")
# A word after a given name is read as the next part of the name below these frequencies (Zipf):
# "المصري" (5.3) and "الحسن" (4.9) are family names, "اليوم" (6.2), "كيف" (5.9), "يريد" (5.2) are not.
_AR_FAMILY_ZIPF = 5.0
_AR_FAMILY_ZIPF_AL = 5.5
# An unlisted word before a family name is a given name below this: given names sit at Zipf 3-4.3
# ("دانة" 3.0, "وائل" 4.3), the verbs that also stand there at 4.9 and above ("يقدم", "يحب", "يريد").
_AR_UNLISTED_GIVEN_ZIPF = 4.5
_AR_CUE = re.compile(
    r"(?:اسمي|إسمي|اسمه|اسمها|أدعى|ادعى|السيد|السيدة|الأستاذ|الأستاذة|الاستاذ|الاستاذة|الدكتور|الدكتورة|(?<!\S)د\."
    r"|الحاج|الحاجة|الشيخ|المهندس|المهندسة|صديقي|صديقتي|أخي|أختي|زميلي|زميلتي|جاري|جارتي|ابني|ابنتي|زوجي|زوجتي)\s*:?\s*"
)
_AR_FUNCTION = frozenset(
    ["و", "في", "من", "على", "عن", "إلى", "الى", "هو", "هي", "هل", "ما", "لا", "أن", "ان", "إن", "مع", "هذا", "هذه", "ذلك", "التي", "الذي", "كان", "كانت", "يا", "أو", "او", "ثم", "قد", "لم", "لن", "عند"]
)
_AR_MONTHS = (
    "يناير|فبراير|مارس|أبريل|ابريل|إبريل|مايو|يونيو|يوليو|أغسطس|اغسطس|سبتمبر|أكتوبر|اكتوبر|نوفمبر|ديسمبر"
    "|كانون الثاني|شباط|آذار|اذار|نيسان|أيار|ايار|حزيران|تموز|آب|أيلول|ايلول|تشرين الأول|تشرين الثاني|كانون الأول"
)
_AR_DIGITS = r"[0-9\u0660-\u0669\u06f0-\u06f9]"
_AR_DATE = re.compile(
    rf"{_AR_DIGITS}{{1,2}}\s+(?:من\s+)?(?:شهر\s+)?(?:{_AR_MONTHS})\s+(?:عام\s+|سنة\s+)?{_AR_DIGITS}{{4}}(?:\s*م)?"
)
_AR_BIRTH = re.compile(
    rf"(?:مواليد|ولدت|وُلدت|ولد|تاريخ\s+الميلاد|تاريخ\s+ميلادي|عيد\s+ميلادي)\s*:?\s*(?:في\s+|عام\s+|سنة\s+)?"
    rf"((?:{_AR_DIGITS}{{1,2}}\s+(?:{_AR_MONTHS})\s+)?{_AR_DIGITS}{{4}})"
)
_AR_UNIT = r"(?:مبنى|عمارة|بناية|شقة|الطابق|طابق|فيلا|منزل|بيت|رقم)"
_AR_STREET = re.compile(
    rf"(?:شارع|ش\.|طريق|جادة|حي|زقاق)\s+(?:[\u0621-\u064a]+\s+){{0,4}}?(?:{_AR_UNIT}\s*)?{_AR_DIGITS}+"
    rf"(?:\s*[،,]?\s*(?:{_AR_UNIT}|الحي)\s*(?:رقم\s*)?{_AR_DIGITS}+)*(?:\s*[،,]\s*(?:حي\s+)?[\u0621-\u064a]+)?"
)
_AR_UNIT_ONLY = re.compile(rf"(?:شقة|عمارة|مبنى|بناية)\s*(?:رقم\s*)?{_AR_DIGITS}+(?:\s*[،,]?\s*{_AR_UNIT}\s*(?:رقم\s*)?{_AR_DIGITS}+)*")
_AR_POBOX = re.compile(rf"(?:ص\.\s?ب\.?|صندوق\s+بريد)\s*:?\s*{_AR_DIGITS}+")


def _arabic_given(word: str, cued: bool) -> bool:
    key = arabic_core(word)
    return key in ARABIC_GIVEN_NAMES or (cued and key in ARABIC_AMBIGUOUS) or (key.startswith("عبد") and len(key) > 4)


def _arabic_continues(word: str, previous: str) -> bool:
    if word in _AR_FUNCTION or not _AR_LETTERS.fullmatch(word):
        return False
    if previous in ARABIC_NAME_LINKS or previous == "عبد":
        return True  # "بن سلمان", "عبد الله"
    if word in ARABIC_NAME_LINKS or word == "عبد":
        return True
    key = arabic_core(word)
    if key in ARABIC_GIVEN_NAMES or key in ARABIC_AMBIGUOUS or _family_word(word):
        return True
    if word.startswith("ال") and arabic_name_like(word):
        return True
    # After a given name comes the father's or the family name, and family names are often ordinary
    # words ("حداد" smith, "الخطيب" the preacher, "منصور" victorious). Arabic has no capitals to tell
    # them apart, so frequency does: the commonest words (verbs, "كيف", "اليوم") end the name.
    limit = _AR_FAMILY_ZIPF_AL if word.startswith("ال") else _AR_FAMILY_ZIPF
    previous_key = arabic_core(previous)
    return (previous_key in ARABIC_GIVEN_NAMES or previous_key in ARABIC_AMBIGUOUS) and zipf(word, "ar") < limit


_AR_DEFINITE = ("ال", "بال", "وال", "لل", "فال", "كال")


def _family_word(word: str) -> bool:
    """A family name with the article: "ال" + a given name ("الأحمد", "العلي": the family of Ahmad, Ali)
    or a nisba that is no common adjective ("الحمصي" of Homs, "العتيبي")."""
    if not word.startswith("ال") or len(word) < 5:
        return False
    rest = word[2:]
    return (rest in ARABIC_GIVEN_NAMES and rest not in ARABIC_AMBIGUOUS) or (
        word.endswith("ي") and arabic_name_like(word)
    )


def _may_be_given(word: str) -> bool:
    """Before a family name: not a function word, not definite (a definite noun + nisba is "the noun of
    X": "النظام التعليمي"), and not among the commonest words of Arabic."""
    return (
        word not in _AR_FUNCTION
        and not word.startswith(_AR_DEFINITE)
        and _AR_LETTERS.fullmatch(word) is not None
        and zipf(word, "ar") < _AR_UNLISTED_GIVEN_ZIPF
    )


def find_arabic_names(text: str) -> Iterator[Detection]:
    words = list(_AR_WORD.finditer(text))
    cue_ends = {m.end() for m in _AR_CUE.finditer(text)}
    index = 0
    while index < len(words):
        m = words[index]
        word = m.group()
        cued = m.start() in cue_ends
        # An ambiguous name ("علي" Ali / on me, "نور" light) starts a name only before another name part.
        paired = (
            arabic_core(word) in ARABIC_AMBIGUOUS
            and index + 1 < len(words)
            and _arabic_continues(words[index + 1].group(), word)
            and not words[index + 1].group().startswith("ال")
        )
        # A word right before a family name is the given name, listed or not: "هيفاء الأحمد", "لمى الحمصي".
        before_family = (
            index + 1 < len(words)
            and text[m.end() : words[index + 1].start()].strip() == ""
            and _family_word(words[index + 1].group())
            and _may_be_given(word)
        )
        if word in _AR_FUNCTION or not (
            cued or paired or before_family or _arabic_given(word, cued) or word == "عبد"
        ):
            index += 1
            continue
        end, nxt = m.end(), index + 1
        while nxt < len(words) and nxt - index < 5 and text[end : words[nxt].start()].strip() == "":
            if not _arabic_continues(words[nxt].group(), words[nxt - 1].group()):
                break
            end, nxt = words[nxt].end(), nxt + 1
        if word == "عبد" and end == m.end():
            index += 1
            continue
        yield Detection("NAME", m.start(), end, text[m.start() : end], 0.8)
        index = nxt


def find_arabic(text: str) -> Iterator[Detection]:
    for m in _AR_DATE.finditer(text):
        yield Detection("DOB", m.start(), m.end(), m.group(), 0.85)
    for m in _AR_BIRTH.finditer(text):
        yield Detection("DOB", m.start(1), m.end(1), m.group(1), 0.85)
    for pattern in (_AR_STREET, _AR_UNIT_ONLY, _AR_POBOX):
        for m in pattern.finditer(text):
            yield Detection("ADDRESS", m.start(), m.end(), m.group(), 0.85)
    yield from find_arabic_names(text)
    yield from find_arabic_pairs(text)
