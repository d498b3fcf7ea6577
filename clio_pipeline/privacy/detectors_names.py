"""NAME detector without an NER model: gazetteers, context cues and capitalization.

Why hand-written: the usual tools need a statistical model that cannot be downloaded here (presidio's
default engine loads a spaCy model; spaCy/flair/stanza NER likewise), and the offline name-list packages
on PyPI are either very large (names-dataset: hundreds of MB of data) or cover one country only. So
the package ships its own compact lists, `first_names.txt` (~4,100 given names) and `surnames.txt`
(~2,600 family names), compiled by hand for this project across English, Spanish, Portuguese,
French, German, Italian, Dutch, Nordic, Finnish, Slavic, Hungarian, Romanian, Greek, Turkish, Arabic,
Persian, Hebrew, South Asian, East Asian and African naming traditions, lower-cased and accent-folded.

A span is a name when:
- a strong cue precedes it ("my name is", "Dear", "Mr."/"Dr."/"Frau"/"Sra.", "je m'appelle", "me
  llamo", "ich heiße", "mi chiamo", "meu nome é", a signature sign-off...), whatever the word is;
- a weak cue ("Hi", "told", "shouted at") precedes a capitalized word;
- a capitalized known given name starts it (then middle initials, particles and further capitalized
  words are taken as the rest of the name), unless the given name is also a common word ("Will",
  "Grace", "Paris"), in which case the next word must itself be a known name;
- an unknown capitalized word is followed by a known family name ("Krisztina Nowak");
- in an all-lower-case text, a known unambiguous given name appears (people often type names
  lower-case in chat), together with a following word that is in no word list ("patricia desrosiers");
- names that no list holds are found by `detectors_name_context.py` (rare capitalized words in name
  positions, "First X. Last" shapes), and words coordinated with any found name ("Torpy and Salinas")
  are names too, unless they are everyday words ("the Roman Empire and Julius Caesar").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from clio_pipeline.privacy.detectors import Detection, words_of
from clio_pipeline.privacy.detectors import keyword_set as _words
from clio_pipeline.privacy.detectors_name_context import (
    contextual_names,
    initial_names,
    is_unknown_capitalized,
    is_unknown_lowercase,
)
from clio_pipeline.privacy.detectors_name_words import (
    AMBIGUOUS_NAMES,
    COMMON_WORDS,
    FIRST_NAMES,
    FUNCTION_WORDS,
    KNOWN_NAMES,
    LOWERCASE_NAMES,
    NAME_PARTICLES,
    NEVER_NAMES,
    NOT_SURNAMES,
    PLACE_PREFIXES,
    SURNAMES,
    fold,
)
from clio_pipeline.privacy.vocabulary import in_language, is_frequent, likely_latin_language

# A possessive "'s" is not part of the token, so "Oliver's" is looked up as "Oliver".
_TOKEN = re.compile(r"[^\W\d_]+(?:['’-](?![sS]\b)[^\W\d_]+)*")
_STRONG_CUE = re.compile(
    r"(?:\bmy\s+name\s+is|\bname\s*\?|\b(?:named|called)\s+(?:him|her|them)|\bmy\s+name's|\bname\s*:|\bcalls?\s+me|\bcalled|\bnamed|\bdear|\bmaiden\s+name\s+is"
    r"|\bname\s+is|\bunder\s+the\s+name|\bsigned|\bregards,|\bsincerely,|\bcheers,|\bbest,|\bthanks,"
    r"|\b(?:mr|mrs|ms|mx|dr|prof|sr|sra|srta|mme|mlle|sig|dott)\.|\b(?:mr|mrs|ms|miss|dr|prof|herr|frau|madame|monsieur|señor|señora|senhor|senhora|signor|signora)\b"
    r"|\bme\s+llamo|\bmi\s+nombre\s+es|\bse\s+llama|\bje\s+m'appelle|\bmon\s+nom\s+est|\bil\s+s'appelle"
    r"|\bich\s+hei(?:ß|ss)e|\bmein\s+name\s+ist|\ber\s+hei(?:ß|ss)t|\bsie\s+hei(?:ß|ss)t|\bmeu\s+nome\s+é"
    r"|\bme\s+chamo|\bchamo-me|\bmi\s+chiamo|\bil\s+mio\s+nome\s+è|\bsi\s+chiama)[ \t]*[,:]?[ \t]*",
    re.IGNORECASE,
)
_WEAK_CUE = re.compile(
    r"(?:\b(?:hi|hello|hey|hola|bonjour|hallo|ciao|olá|ola|thanks|thank\s+you|told|asked|shouted\s+at|said\s+to"
    r"|married|i'm|i\s+am|wife|husband|son|daughter|mother|father|brother|sister|friend|boss|colleague"
    r"|soy|sou|sono|je\s+suis|ich\s+bin)[ \t]*[,:]?[ \t]+)",
    re.IGNORECASE,
)
# Words of the cues above: a cue regex only runs on a text that holds one of them.
_STRONG_CUE_WORDS = _words(
    """
    name name's call called named dear maiden signed regards sincerely cheers best thanks mr mrs ms
    mx dr prof sr sra srta mme mlle sig dott miss herr frau madame monsieur señor señora senhor
    senhora signor signora llamo nombre llama m'appelle nom s'appelle heiße heisse heißt heisst nome
    chamo chamo-me chiamo chiama
    """
)
_WEAK_CUE_WORDS = _words(
    """
    hi hello hey hola bonjour hallo ciao olá ola thanks thank told asked shouted said married i'm am
    wife husband son daughter mother father brother sister friend boss colleague soy sou sono suis
    bin
    """
)
_TITLE = re.compile(
    r"(?:mr|mrs|ms|mx|miss|dr|prof|sr|sra|srta|mme|mlle|sig|dott|herr|frau|madame|monsieur|señor|señora"
    r"|senhor|senhora|signor|signora)\.?[ \t]*$",
    re.IGNORECASE,
)
# Family-name endings distinctive enough to mark an unknown capitalized word as a surname
# ("Andreassen", "Virtanen", "Kowalczyk"-style lists miss most real names; morphology generalizes).
_SURNAME_SUFFIXES = tuple(
    [
        "sson",
        "nson",
        "dson",
        "kson",
        "lson",
        "tson",
        "ssen",
        "nsen",
        "rsen",
        "dsen",
        "ksen",
        "tsen",
        "lsen",
        "inen",
        "anen",
        "onen",
        "ski",
        "ska",
        "wicz",
        "vich",
        "vych",
        "ović",
        "ovic",
        "evic",
        "ević",
        "čić",
        "ová",
        "ková",
        "kova",
        "lova",
        "rova",
        "sova",
        "tova",
        "enko",
        "chuk",
        "escu",
        "eanu",
        "oglu",
        "oğlu",
        "poulos",
        "akis",
        "idis",
        "dottir",
        "dóttir",
        "yan",
        "ian",
        "moto",
        "mura",
        "yama",
        "kawa",
        "gawa",
        "shita",
        "zaki",
        "hara",
        "uchi",
        "ez",
        "elli",
        "etti",
        "ucci",
        "acci",
        "otti",
        "ov",
        "ev",
        "iev",
        "eva",
    ]
)
# Common words with those endings.
_SUFFIX_EXCEPTIONS = _words(
    """
    christian italian canadian indian russian asian european american brazilian egyptian persian
    norwegian hungarian austrian australian belgian indonesian malaysian civilian musician physician
    politician technician guardian librarian comedian median meridian vegetarian veterinarian
    pedestrian custodian historian grammarian utopian ukrainian armenian georgian iranian jordanian
    syrian nigerian kenyan croatian serbian bosnian estonian latvian lithuanian romanian bulgarian
    macedonian albanian slovenian finnish ian chosen essen eleven seven given driven linen listen
    ski kev dev rev prev lev sev eva leva diva ez
    """
)
_INITIAL = re.compile(r"[A-ZÀ-Þ]\.?(?=\s)")


def _is_capitalized(word: str) -> bool:
    return word[0].isupper() and (len(word) == 1 or not word[1:].isupper() or len(word) <= 3)


def _is_name_word(word: str) -> bool:
    """A capitalized word that may continue a name (not a stop word, title noun or placeholder)."""
    key = fold(word)
    return _is_capitalized(word) and key not in NOT_SURNAMES and key not in NEVER_NAMES


def _extend(text: str, end: int, max_words: int = 3) -> int:
    """Extend a name ending at `end` over initials, particles and capitalized words on the same line."""
    for _ in range(max_words):
        if end >= len(text) or text[end] != " ":
            break
        initial = _INITIAL.match(text, end + 1)
        if initial:
            end = initial.end()
            continue
        m = _TOKEN.match(text, end + 1)
        if m is None:
            break
        word = m.group()
        if fold(word) in NAME_PARTICLES and word.islower():
            after = _TOKEN.match(text, m.end() + 1) if m.end() < len(text) and text[m.end()] == " " else None
            if after and _is_name_word(after.group()):
                end = m.end()
                continue
            break
        if not _is_name_word(word):
            break
        end = m.end()
    return end


def _everyday(word: str, language: str | None) -> bool:
    """A listed name that is also a very common word (Zipf >= 5) of the text's language: "Koji" (Serbian "which"),
    "Hoe" (Dutch "how"), "Alle". English is left to the hand-made AMBIGUOUS_NAMES, which the
    detector was tuned with; its frequency list is full of names."""
    return language is not None and language != "en" and is_frequent(word, language)


def _is_name_start(word: str, next_word: str | None, language: str | None = None) -> bool:
    key = fold(word)
    if key not in FIRST_NAMES or key in NEVER_NAMES:
        return False
    if key not in AMBIGUOUS_NAMES and not _everyday(word, language):
        return True
    if key not in AMBIGUOUS_NAMES and next_word is not None and next_word[:1].isupper():
        # An everyday word of the text's language ("Ella", "Alle") opens a name only before a name-shaped
        # word that is not itself a word of that language: "Ella H. Snider", not "Alle Erinnerungen".
        if len(next_word) == 1:
            return True  # a middle initial
        next_key = fold(next_word)
        return (next_key in KNOWN_NAMES or is_unknown_capitalized(next_word)) and not (
            language is not None and in_language(next_word, language)
        )
    # "Will Smith" is a name, "Will you" is not: an ambiguous first name needs a known name after it.
    return next_word is not None and fold(next_word) in KNOWN_NAMES


def looks_like_surname(word: str) -> bool:
    key = fold(word)
    return (
        len(key) >= 5
        and (key.endswith(_SURNAME_SUFFIXES) or word.lower().endswith(_SURNAME_SUFFIXES))
        and key not in _SUFFIX_EXCEPTIONS
        and key not in NOT_SURNAMES
    )


@lru_cache(maxsize=64)
def _cue_ends(text: str, strong_only: bool = False) -> dict[int, tuple[float, int | None]]:
    """Offsets right after a name cue: the confidence that a name starts there, and where a title
    ("Mr.", "Frau") starts when the cue is one, so that the title is scrubbed with the name."""
    words = words_of(text)
    cue_ends: dict[int, tuple[float, int | None]] = {}
    if not words.isdisjoint(_STRONG_CUE_WORDS):
        for cue in _STRONG_CUE.finditer(text):
            title = cue.start() if _TITLE.match(cue.group()) else None
            cue_ends[cue.end()] = (0.9, title)
    if not strong_only and not words.isdisjoint(_WEAK_CUE_WORDS):
        for cue in _WEAK_CUE.finditer(text):
            cue_ends.setdefault(cue.end(), (0.6, None))
    return cue_ends


def _is_plain_word(word: str) -> bool:
    key = fold(word)
    return key not in FUNCTION_WORDS and key not in NEVER_NAMES


def _candidate_names(
    text: str, tokens: list[re.Match[str]], lowercase_text: bool, language: str | None = None
) -> Iterator[Detection]:
    # Weak cues only ever introduce a capitalized word, so a lower-case text needs the strong ones only.
    cue_ends = _cue_ends(text, lowercase_text)
    for index, m in enumerate(tokens):
        word = m.group()
        if not (lowercase_text or word[0].isupper() or m.start() in cue_ends):
            continue  # in mixed-case text only capitalized words and words right after a cue can be names
        key = fold(word)
        if key in NEVER_NAMES or key in FUNCTION_WORDS:
            continue
        next_m = tokens[index + 1] if index + 1 < len(tokens) else None
        next_word = next_m.group() if next_m and next_m.start() == m.end() + 1 else None
        cue = cue_ends.get(m.start())
        if cue is not None:
            cue_score, title_start = cue
            start = m.start() if title_start is None else title_start
            strong = cue_score >= 0.9
            if _is_capitalized(word) and key not in NOT_SURNAMES and (strong or key not in AMBIGUOUS_NAMES):
                end = _extend(text, m.end())
                yield Detection("NAME", start, end, text[start:end], cue_score)
                continue
            if strong and lowercase_text:
                end = next_m.end() if next_word and _is_plain_word(next_word) else m.end()
                yield Detection("NAME", start, end, text[start:end], 0.85)
                continue
        previous = tokens[index - 1].group() if index else ""
        if fold(previous) in PLACE_PREFIXES:
            continue
        if _is_capitalized(word):
            if _is_name_start(word, next_word, language):
                end = _extend(text, m.end())
                yield Detection("NAME", m.start(), end, text[m.start() : end], 0.85 if end > m.end() else 0.7)
            elif key in AMBIGUOUS_NAMES or key in NOT_SURNAMES or _everyday(word, language):
                continue
            elif (
                next_word
                and _is_capitalized(next_word)
                and (
                    (fold(next_word) in SURNAMES and fold(next_word) not in AMBIGUOUS_NAMES)
                    or looks_like_surname(next_word)
                )
            ):
                end = _extend(text, m.end())
                yield Detection("NAME", m.start(), end, text[m.start() : end], 0.75)
            elif (key in SURNAMES and len(key) > 3) or looks_like_surname(word):
                yield Detection("NAME", m.start(), m.end(), word, 0.6)
        elif lowercase_text and key in FIRST_NAMES and key not in AMBIGUOUS_NAMES and len(key) > 2:
            end = m.end()
            everyday = _everyday(word, language)
            if (
                next_word
                and _is_plain_word(next_word)
                and (
                    (fold(next_word) in SURNAMES and fold(next_word) not in AMBIGUOUS_NAMES)
                    or looks_like_surname(next_word)
                )
            ) or (next_word and is_unknown_lowercase(next_word)):
                end = next_m.end()
            if everyday and end == m.end():
                continue  # "hoe is het weer": a lone everyday word needs a family name after it
            yield Detection("NAME", m.start(), end, text[m.start() : end], 0.6)


_COORDINATION = re.compile(r"[ \t]*(?:,|&|\band\b|\bor\b|\by\b|\bet\b|\bund\b|\be\b)[ \t]*", re.IGNORECASE)
_CONJUNCTIONS = frozenset(["and", "or", "y", "et", "und", "e"])


def _coordinated(text: str, tokens: list[re.Match[str]], found: list[Detection]) -> Iterator[Detection]:
    """Words listed with a detected name are names too: "founders: Schulz, Strickland and Matthews"."""
    covered = {(d.start, d.end) for d in found}
    starts = {m.start(): m for m in tokens}
    for detection in found:
        for direction in (1, -1):
            cursor = detection
            for _ in range(6):
                neighbour = _neighbour(text, tokens, starts, cursor, direction)
                if neighbour is None or (neighbour.start(), neighbour.end()) in covered:
                    break
                word = neighbour.group()
                key = fold(word)
                if not _is_capitalized(word) or key in NOT_SURNAMES or key in NEVER_NAMES:
                    break
                if key in COMMON_WORDS and key not in KNOWN_NAMES:
                    break  # "the Roman Empire and Julius Caesar": an everyday word is not listed with a name
                if (
                    direction == -1
                    and key in AMBIGUOUS_NAMES
                    and key in COMMON_WORDS
                    and _comma_joined(text, cursor, neighbour)
                ):
                    break  # "London, England": a comma after a place-like word reads as "city, country"
                cursor = Detection("NAME", neighbour.start(), neighbour.end(), word, 0.55)
                covered.add((cursor.start, cursor.end))
                yield cursor


def _comma_joined(text: str, detection: Detection, neighbour: re.Match[str]) -> bool:
    between = text[neighbour.end() : detection.start] if neighbour.end() <= detection.start else ""
    between = between or text[detection.end : neighbour.start()]
    return between.strip() == ","


def _neighbour(text, tokens, starts, detection: Detection, direction: int):
    """The token joined to `detection` by a comma or a conjunction, on the given side."""
    if direction == 1:
        joint = _COORDINATION.match(text, detection.end)
        return starts.get(joint.end()) if joint and joint.end() > detection.end else None
    for m in reversed(tokens):
        if m.end() > detection.start:
            continue
        if m.group().lower() in _CONJUNCTIONS and _COORDINATION.fullmatch(text, m.start(), detection.start):
            continue  # "Torpy and Salinas": the word before the name is the conjunction itself; look past it
        joint = _COORDINATION.fullmatch(text, m.end(), detection.start)
        return m if joint and detection.start > m.end() else None
    return None


def find_names(text: str) -> Iterator[Detection]:
    lowercase_text = text == text.lower()
    if (
        lowercase_text
        and text.isascii()
        and words_of(text).isdisjoint(LOWERCASE_NAMES)
        and not _cue_ends(text, True)
    ):
        return  # the common case for chat text: no known name, no cue, nothing to tokenize
    tokens = list(_TOKEN.finditer(text))
    language = likely_latin_language([m.group() for m in tokens])
    found = list(_candidate_names(text, tokens, lowercase_text, language))
    if not lowercase_text:
        found.extend(contextual_names(text, tokens, language))
        found.extend(initial_names(text, language))
    yield from found
    if found and not lowercase_text:
        yield from _coordinated(text, tokens, found)
