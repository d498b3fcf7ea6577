"""Two-word names in Greek and Arabic script that no list holds, found by where they stand.

Common given names and family names are words of the frequency lists too ("Παντελής" Zipf 4.1,
"Χριστοδούλου" 3.7, "نادين" 3.8, "البنا" 4.0), so neither a list nor "is no word" finds them. What
finds them is a pair of uncommon words (Zipf < 4.5: below the everyday words that also pair up, such
as "Νέα Υόρκη" New York or "طفل صغير" a small child) in a position where a person stands:

- Greek: capitalised mid-sentence (Greek capitalises only proper nouns there), or opening a sentence
  before "και εγώ" / "κι εγώ" ("X Y and I");
- Arabic (no capitals): before "وأنا" ("and I"), after a verb of speech or contact ("قال", "اتصل") or a
  relation ("صديقي"), or opening a clause (a sentence, or after "إن/أن" that) as the subject of the
  present-tense verb right after it ("إن نادين حمدان يحتاج").

- Cyrillic: a capitalised word with any name reading (pymorphy3) before a capitalised word with a
  family-name ending ("Варвара Лыкова": "варвара" is also "of the barbarian", "лыкова" "of bast").

- Hangul and Devanagari (no model of their own): a word before an honorific ("서연 씨", "김서연님",
  "राहुल जी") or after a title ("श्री", "श्रीमती", "डॉ."); a Korean name is a family-name syllable and one
  to three more.

Field labels ("Όνομα:", "الاسم:") are handled for every script by detectors_name_labels.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import pairwise

from clio_pipeline.privacy.detectors import Detection
from clio_pipeline.privacy.name_lists_scripts import GREEK_AMBIGUOUS, GREEK_GIVEN_NAMES, fold_greek
from clio_pipeline.privacy.vocabulary import zipf

# Zipf below which both words of a pair are uncommon enough to be a name.
PAIR_ZIPF = 4.5

_GR_WORD = re.compile(r"[Α-Ωα-ωΆ-Ώά-ώϊϋΐΰ]+")
_GR_WITH_ME = re.compile(r"\s+(?:και|κι)\s+(?:εγώ|εμένα|εμείς)")
_AR_WORD = re.compile(r"[\u0621-\u064a\u066e-\u06d3\u06fa-\u06ff]+")
_AR_WITH_ME = re.compile(r"\s*(?:وأنا|و أنا|وانا|ومعي|وإياي)")
_AR_BEFORE = frozenset(
    ["قال", "قالت", "يقول", "تقول", "أخبر", "أخبرت", "اتصل", "اتصلت", "كلم", "كلمت", "راسل", "راسلت", "زار", "زارت",
     "قابل", "قابلت", "التقيت", "التقى", "صديقي", "صديقتي", "زميلي", "زميلتي", "السيد", "السيدة", "الدكتور", "الدكتورة",
     # A role in apposition: "المريضة X Y" (the patient X Y).
     "المريض", "المريضة", "الطالب", "الطالبة", "الموظف", "الموظفة", "العميل", "العميلة", "الزبون", "الطفل", "الطفلة"]
)
# Where the subject of a clause starts: a pair here followed by a present-tense verb is that verb's subject.
_AR_CLAUSE_START = frozenset(["", "إن", "أن", "ان", "لأن", "بأن"])
_AR_FUNCTION = frozenset(["في", "من", "على", "عن", "إلى", "الى", "هو", "هي", "هل", "ما", "لا", "مع", "هذا", "هذه", "ذلك", "التي", "الذي", "كان", "كانت", "يا", "أو", "او", "ثم", "قد", "لم", "لن", "عند"])
_AR_DEFINITE = ("ال", "بال", "وال", "لل", "فال", "كال")


def _uncommon(word: str, language: str) -> bool:
    return zipf(word, language) < PAIR_ZIPF


def _greek_sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in ".!?;:·\"«(\n"


def find_greek_pairs(text: str) -> Iterator[Detection]:
    words = list(_GR_WORD.finditer(text))
    for first, second in pairwise(words):
        a, b = first.group(), second.group()
        if text[first.end() : second.start()] != " " or not (_titled(a) and _titled(b)):
            continue
        mid_sentence = not _greek_sentence_start(text, first.start())
        with_me = _GR_WITH_ME.match(text, second.end()) is not None
        given = fold_greek(a) in GREEK_GIVEN_NAMES or fold_greek(a) in GREEK_AMBIGUOUS  # "Ζωή" is also "life"
        if (mid_sentence or with_me) and (given or _uncommon(a, "el")) and _uncommon(b, "el"):
            yield Detection("NAME", first.start(), second.end(), text[first.start() : second.end()], 0.7)


def _titled(word: str) -> bool:
    return len(word) > 1 and word[0].isupper() and word[1:].islower()


_CYR_WORD = re.compile(r"[А-ЯЁа-яёІіЇїЄєҐґЎў]+")
_CYR_SURNAME = re.compile(
    r"(?:ов|ев|ёв|ин|ын|ова|ева|ёва|ина|ына|ский|ская|цкий|цкая|енко|ук|юк|ич|ян|швили|дзе)$"
)


def find_cyrillic_pairs(text: str) -> Iterator[Detection]:
    from clio_pipeline.privacy.name_models import cyrillic_name_score  # loads pymorphy3

    words = list(_CYR_WORD.finditer(text))
    for first, second in pairwise(words):
        a, b = first.group(), second.group()
        if text[first.end() : second.start()] not in (" ", "\u00a0") or not (_titled(a) and _titled(b)):
            continue
        if len(b) > 4 and _CYR_SURNAME.search(b.lower()) and cyrillic_name_score(a) > 0:
            yield Detection("NAME", first.start(), second.end(), text[first.start() : second.end()], 0.7)


def find_arabic_pairs(text: str) -> Iterator[Detection]:
    words = list(_AR_WORD.finditer(text))
    for index in range(len(words) - 1):
        first, second = words[index], words[index + 1]
        a, b = first.group(), second.group()
        if text[first.end() : second.start()].strip() or a in _AR_FUNCTION or b in _AR_FUNCTION:
            continue
        if a.startswith(_AR_DEFINITE) or not (_uncommon(a, "ar") and _uncommon(b, "ar")):
            continue
        previous = words[index - 1].group() if index and not text[words[index - 1].end() : first.start()].strip() else ""
        following = words[index + 2] if index + 2 < len(words) else None
        verb_after = (
            following is not None
            and not text[second.end() : following.start()].strip()
            and following.group()[:1] in "يت"
            and len(following.group()) >= 4
            and zipf(following.group(), "ar") >= 3.5
        )
        subject = verb_after and previous in _AR_CLAUSE_START
        if previous in _AR_BEFORE or _AR_WITH_ME.match(text, second.end()) or subject:
            yield Detection("NAME", first.start(), second.end(), text[first.start() : second.end()], 0.7)


_KO_HONORIFIC = re.compile(
    r"([\uac00-\ud7a3]{2,4}?)\s?(씨|님|선생님|교수님|사장님|과장님|부장님|대리님|팀장님)(?=[\s,.!?]|[\uac00-\ud7a3]{0,3}(?:[\s,.!?]|$))"
)
# Korean words this common (Zipf) are roles or relations before "님" ("고객님" 4.7, "사장님" 4.9), not
# names (a full name such as "김민수" is 3.1). wordfreq's Korean look-up needs MeCab, so the list is read.
_KO_ROLE_ZIPF = 4.0
_HI_WORD = r"[\u0900-\u0963\u0966-\u097f]+"
_HI_HONORIFIC = re.compile(rf"((?:{_HI_WORD}\s)?{_HI_WORD})\s+जी(?![\u0900-\u097f])")
_HI_FUNCTION = frozenset(["ने", "को", "से", "का", "की", "के", "में", "पर", "तक", "है", "हैं", "था", "थी", "थे", "और", "भी", "तो", "ही"])
_HI_TITLE = re.compile(rf"(?:श्री|श्रीमती|सुश्री|कुमारी|डॉ\.?|डॉक्टर)\s+({_HI_WORD}(?:\s{_HI_WORD})?)")


@lru_cache(maxsize=1)
def _korean_common_words() -> frozenset[str]:
    from wordfreq import DATA_PATH, read_cBpack

    path = DATA_PATH / "small_ko.msgpack.gz"
    if not path.exists():
        return frozenset()
    buckets = read_cBpack(str(path))  # bucket i holds the words of Zipf 9 - i/100
    return frozenset(w for bucket in buckets[: round((9 - _KO_ROLE_ZIPF) * 100) + 1] for w in bucket)


def find_honorific_names(text: str) -> Iterator[Detection]:
    """Korean and Hindi names beside an honorific or a title."""
    from clio_pipeline.privacy.name_lists_scripts import KOREAN_SURNAMES

    for m in _KO_HONORIFIC.finditer(text):
        name, honorific = m.group(1), m.group(2)
        if name in _korean_common_words():
            continue  # "선생님" teacher, "고객님" customer: a word with its honorific
        full = len(name) >= 3 and name[0] in KOREAN_SURNAMES
        # A given name alone takes "씨" ("서연 씨"); "님" after two syllables is a relation ("할머님").
        if full or (len(name) == 2 and honorific == "씨"):
            yield Detection("NAME", m.start(1), m.end(1), name, 0.75)
    for pattern in (_HI_HONORIFIC, _HI_TITLE):
        for m in pattern.finditer(text):
            words = m.group(1).split(" ")
            if words[0] in _HI_FUNCTION:
                continue  # "डॉक्टर ने कहा": the doctor (ergative) said
            end = m.start(1) + len(words[0]) if len(words) > 1 and words[1] in _HI_FUNCTION else m.end(1)
            yield Detection("NAME", m.start(1), end, text[m.start(1) : end], 0.75)
