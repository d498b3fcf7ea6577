"""ADDRESS detector: street lines in several conventions, unit/PO-box lines, address blocks, cued ZIPs.

Street conventions covered:
- number first, type last (en): "221B Baker Street", "40 W 40th St. Apt 5", "12 rue de la Paix";
- type first, number last (es/pt/it/fr/pl): "Calle Mayor 5", "Rua do Ouro 120", "via Roma 3", "ul. Długa 7";
- compound street word + number (de/nl/nordic/fi): "Hauptstraße 12", "Eskelundsvej 15", "Puruntie 82".
A detected street swallows the unit, city, region, country and postal-code lines or comma segments that
follow it, so a whole postal block becomes one [ADDRESS]. Fragments are covered too: unit and PO-box
lines (with the place words after them on the same line), US military mail ("Unit 4410 Box 2231 / DPO AE
09123", "USNS <ship> / FPO AP 96601"), Hungarian "Petőfi u. 12.", and "number words number" lines
("4241 Steinfelden 73") when a unit or postal block follows them. Where no street type is written at all
("Stubben 149"), only an explicit cue ("my address:", "lives at", "the corner of") makes it an address:
"Windows 10" and "Chapter 5" have the same shape.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from clio_pipeline.privacy.detectors import Detection, digit_count, words_of
from clio_pipeline.privacy.detectors import keyword_set as _words

_L = r"A-Za-zÀ-ÖØ-öø-ÿĀ-žȘ-țΑ-ωА-яЁё"  # letters of Latin, Greek and Cyrillic scripts
_UP = r"A-ZÀ-ÖØ-ÞĀ-ŽΑ-ΩА-ЯЁ"
_WORD_CAP = rf"[{_UP}0-9][{_L}0-9'’-]*"
_HOUSE = r"\d{1,5}(?:[A-Za-z]|-\d{1,4})?\b"
_CONNECT = r"(?:de|del|de la|des|du|da|do|dos|das|di|della|dei|degli|la|le|les|el|los|las|van|von|der|den|het|y|e|l'|d')"

_EN_TYPES = (
    r"Street|St|Str|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Way|Terrace|Ter"
    r"|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Square|Sq|Loop|Bridge|Crescent|Cres|Close|Row|Trail|Trl"
    r"|Pike|Alley|Plaza|Mews|Grove|Gardens|Heights|Ridge|Crossing|Expressway|Freeway|Route|Rte"
)
# "2 main street", "40 West 40th St", "64 97 guildry street": number, up to four name words, type.
_EN_STREET = re.compile(
    rf"\d(?<![\w.,-]\d)\d{{0,4}}(?:[A-Za-z]|-\d{{1,4}})?\b(?:\s+\d{{1,5}})?\s+(?:[NSEW]\.?\s+)?(?!(?:of|the|a|an|and|or|to|for|in|on|at|my|your|more|other)\b)"
    rf"(?:[{_L}0-9][{_L}0-9'’-]*\s+){{1,4}}(?:{_EN_TYPES})\b\.?",
    re.IGNORECASE,
)
_PREFIX_TYPES = (
    r"rue|avenue|av\.|avda\.?|avenida|boulevard|bd|chemin|allée|impasse|quai|calle|c/|paseo|camino|carrer"
    r"|ronda|travesía|rua|travessa|largo|praça|alameda|estrada|rodovia|via|viale|piazza|corso|vicolo"
    r"|ul\.|ulica|aleja|al\.|calea|strada|bulevardul|odos|οδός|улица|ул\."
)
# "Calle Mayor 5", "12 rue de la Paix", "via Goffredo Mameli 149": a house number on either side.
# The first alternative ends on the house number ("Via del Pontiere 101"); without it, a lazy name would
# stop at its first word ("Via del").
_PREFIX_STREET = re.compile(
    rf"(?:(?<![\w.,-]){_HOUSE},?\s+)?\b(?:{_PREFIX_TYPES})\s+(?:{_CONNECT}\s*)*{_WORD_CAP}"
    rf"(?:(?:\s+(?:{_CONNECT}\s+)*{_WORD_CAP}){{0,4}}?,?\s+(?:n[º°o]\.?\s*)?{_HOUSE}"
    rf"|(?:\s+(?:{_CONNECT}\s+)*{_WORD_CAP}){{0,4}}?)",
    re.IGNORECASE,
)
_SUFFIXES = (
    r"straße|strasse|str\.|weg|gasse|allee|platz|damm|ufer|chaussee|steig|vej|vei|veien|veg|vegen|gade"
    r"|gata|gatan|vägen|väg|gränd|katu|tie|polku|kuja|kaari|laan|straat|plein|gracht|dijk|kade|singel"
    r"|steenweg|utca|iela|tänav|gatvė|stræti|braut|vegur|stígur|graben|stigen|stien|útja|körút"
)
_COMPOUND_STREET = re.compile(rf"(?<![\w.-])(?:{_WORD_CAP}[ \t]+)?[{_L}]{{2,}}(?i:{_SUFFIXES})[ \t]+{_HOUSE}")
# German streets named with a preposition instead of a street word: "Am Markt 27, 04109 Leipzig". Only
# with the postcode and town after it: "Am Ende 5 Punkte" or "Im Jahr 2020" have the same shape.
_DE_PREPOSITION_STREET = re.compile(
    rf"\b(?:Am|An der|An den|Auf der|Auf dem|Im|In der|In den|Unter den|Zum|Zur|Hinter der|Hinter dem|Vor dem)"
    rf"[ \t]+{_WORD_CAP}(?:[ \t]+{_WORD_CAP}){{0,2}}[ \t]+{_HOUSE}(?=,?[ \t]+\d{{5}}[ \t]+[{_UP}])"
)
_DE_PREPOSITIONS = frozenset(["am", "an", "auf", "im", "in", "unter", "zum", "zur", "hinter", "vor"])
_HU_STREET = re.compile(
    rf"(?<![\w.-])(?:{_WORD_CAP}[ \t]+){{0,2}}{_WORD_CAP}[ \t]+(?:u|krt|út)\.[ \t]+\d{{1,5}}\.?"
)
_UNIT = re.compile(
    r"(?<![\w.-])(?:apt\.?|apartment|suite|ste\.|unit\s+\d{1,6}\s+box|unit|flat|p\.?\s?o\.?\s?box|psc\s+\d{1,5},\s*box"
    r"|[ad]po\s+[a-z]{2}|fpo\s+[a-z]{2}"
    r"|postfach|apartado|caixa postal|bo[iî]te postale)\s*#?\s*\d{1,6}[a-z]?\b",
    re.IGNORECASE,
)
# "4241 Steinfelden 73": a number, capitalized words and a house number, with no street type written.
# Alone that is also "Chapter 12 Verse 5"; it counts only when a unit or a postal block follows it.
_NUMBER_STREET = re.compile(
    rf"(?<![\w.,-])\d{{2,5}}[ \t]+{_WORD_CAP}(?:[ \t]+(?:{_WORD_CAP}|{_CONNECT})){{0,3}}[ \t]+\d{{1,5}}[A-Za-z]?\b"
)
# After a unit, the rest of its line when it is only a few capitalized words: "Apt. 405 Sindi PR".
_UNIT_TAIL = re.compile(rf"(?:[ \t]+[{_UP}][{_L}'’-]*){{1,4}}(?=[ \t]*(?:\n|$|,))")
# A US military ship line ("USNS Name", "USCGC Name") followed by its FPO/APO/DPO line.
_SHIP = re.compile(
    r"\bUS(?:NS|NV|S|CGC)[ \t]+[^\W\d_]+(?:[ \t]+[^\W\d_]+)?(?=[ \t]*\n?[ \t]*[ADF]PO\s+[A-Z]{2}\s+\d{5})"
)
_ZIP_CUED = re.compile(
    r"\b(?:zip(?:\s*code)?|post(?:al)?\s*code|postcode|plz|code postal|c[oó]digo postal|cep|cap)\s*(?:is|:|=|-)?\s*"
    r"([A-Z0-9]{2,5}[ -]?[A-Z0-9]{2,5})\b",
    re.IGNORECASE,
)
_CUE = re.compile(
    r"(?:\baddress(?:\s+is|\s*:)?|\blives?\s+(?:at|on|in)|\bliving\s+at|\blocated\s+(?:at|on)|\bcorner\s+of"
    r"|\b(?:sent|send\s+\w+|ship(?:ped)?|deliver(?:ed)?|mail(?:ed)?)\s+to|\bdrops?\s+you\s+off\s+at"
    r"|\boffice\s+is\s+at|\breside\s+at|\barrived\s+at|\bside\s+of|\benter\s+on|\bmove[ds]?\s+to"
    r"|\bwohn(?:e|t|en)?\s+(?:in\s+der|in\s+dem|in|an\s+der|an|am|im)|\badresse\s*:?|\bdirecci[oó]n\s*:?|\bendereço\s*:?|\bindirizzo\s*:?"
    r"|\bviv(?:o|e|imos|en)\s+en|\bresid(?:o|e|imos|en)\s+en|\bmor(?:o|a|amos|am)\s+(?:na|no|em)"
    r"|\bresid(?:o|e|imos|em)\s+(?:na|no|em)|\bj'habite(?:\s+au)?|\bhabite\s+au)\s*",
    re.IGNORECASE,
)
# After a cue: up to eight words/numbers of a street, which must contain a house number.
_CUED_BODY = re.compile(
    rf"(?:the\s+corner\s+of\s+)?(?:(?:\d{{1,5}}[A-Za-z]?|{_WORD_CAP}|{_CONNECT}|and|&|c/)[ \t]+){{0,7}}"
    rf"(?:\d{{1,5}}[A-Za-z]?|{_WORD_CAP})"
)
# Segments that continue a postal block: a unit, a city/region/country, a postal code.
_POSTAL = r"[A-Z0-9]{2,5}(?:[ -][A-Z0-9]{2,4})?"
_CONTINUATION = re.compile(
    rf"(?:[ \t]*(?:,|(?:\n[ \t>?]*){{1,2}})[ \t>?]*|[ \t]+)(?:(?i:{_UNIT.pattern})"
    rf"|[{_L}][{_L}0-9'’-]*(?:[ \t]+[{_L}][{_L}0-9'’-]*){{0,4}}(?:,?[ \t]+{_POSTAL})?"
    rf"|{_POSTAL}(?![\d.-])(?:[ \t]+[{_UP}][{_L}'’-]*){{0,3}})"
)
# The line before a unit line ("764 Fagradalsbraut 71" before "Apt. 762") when it holds a house number.
_PREVIOUS_STREET_LINE = re.compile(
    rf"(?:^|\n)[ \t>?*-]*((?=[^\n]*\d)[{_L}0-9][{_L}0-9'’., \t-]{{2,60}}?)[ \t,]*(?:\n[ \t]*)?$"
)
_NUMBERED_LINE = re.compile(
    rf"(?m)^[ \t>?*-]*((?:\d{{1,5}}[ \t]+)?{_WORD_CAP}(?:[ \t]+(?:{_WORD_CAP}|{_CONNECT})){{0,4}}[ \t]+\d{{1,5}}[A-Za-z]?"
    rf"|\d{{1,5}}[ \t]+{_WORD_CAP}(?:[ \t]+(?:{_WORD_CAP}|{_CONNECT})){{0,4}})[ \t]*$"
)
_SENTENCE_WORDS = _words(
    """
    i you he she we they it is are was were be been my your his her our their the a an this that
    what how why when where who which whose can could would should will please thanks thank me to
    for with from and or but so if because near next not also too very just there here then than as
    at by in on of into about after before since until while get got need want like love live lives
    living moved go going und oder aber ich du er sie wir es ist bin sind et ou mais je tu il elle
    nous est suis y o pero yo soy es estoy e ou mas eu sou é sono e o ma io
    """
)


def _extend_block(text: str, end: int, multiline: bool) -> int:
    """Extend an address ending at `end` over following unit/city/country/postal segments."""
    for _ in range(6):
        m = _CONTINUATION.match(text, end)
        if m is None:
            break
        segment = m.group()
        words = re.findall(rf"[{_L}']+", segment.lower())
        if any(word in _SENTENCE_WORDS for word in words):
            break
        # On one line, only a comma-separated segment or a unit continues the address ("..., Paris 75002");
        # a bare following word is usually the sentence going on.
        if "\n" not in segment and "," not in segment and not _UNIT.search(segment):
            break
        if "\n" in segment and not multiline:
            break
        end = m.end()
    return end


def _keywords(alternation: str) -> frozenset[str]:
    return frozenset(word.strip(".\\?") for word in alternation.lower().split("|"))


_EN_TYPE_WORDS = _keywords(_EN_TYPES)
_PREFIX_TYPE_WORDS = _keywords(_PREFIX_TYPES) | {"c", "ul", "al", "av"}
_SUFFIX_TUPLE = tuple(suffix.rstrip(".\\") for suffix in _SUFFIXES.split("|"))
_UNIT_WORDS = _words(
    """
    apt apartment suite ste unit flat box po p psc apo fpo dpo postfach apartado caixa boite boîte
    """
)
_ZIP_WORDS = frozenset(["zip", "zipcode", "postal", "postcode", "plz", "code", "cep", "cap"])
_CUE_WORDS = _words(
    """
    address lives live living located corner sent send ship shipped deliver delivered mail mailed
    drops drop office reside arrived side enter move moved moves wohn wohne wohnt wohnen adresse dirección
    direccion endereço indirizzo vivo vive vivimos viven resido reside residimos residen residem moro mora
    moramos moram j'habite habite
    """
)


def _active_patterns(text: str, words: frozenset[str]) -> list[tuple[re.Pattern[str], float]]:
    """The street patterns worth running on a text with these words (see `words_of`)."""
    patterns: list[tuple[re.Pattern[str], float]] = []
    if not words.isdisjoint(_EN_TYPE_WORDS):
        patterns.append((_EN_STREET, 0.85))
    if not words.isdisjoint(_PREFIX_TYPE_WORDS):
        patterns.append((_PREFIX_STREET, 0.8))
    if any(word.endswith(_SUFFIX_TUPLE) for word in words):
        patterns.append((_COMPOUND_STREET, 0.85))
    if not words.isdisjoint(_DE_PREPOSITIONS):
        patterns.append((_DE_PREPOSITION_STREET, 0.8))
    if "u." in text or "krt." in text or "út." in text:
        patterns.append((_HU_STREET, 0.8))
    if "PO " in text:
        patterns.append((_SHIP, 0.8))
    return patterns


def _street_before(text: str, unit_start: int) -> int:
    """Where the street in front of a unit ("Apt. 5") starts: same line or the line above."""
    window_start = max(0, unit_start - 70)
    m = _PREVIOUS_STREET_LINE.search(text, window_start, unit_start)
    if m is None:
        return unit_start
    words = re.findall(rf"[{_L}']+", m.group(1).lower())
    if any(word in _SENTENCE_WORDS for word in words):
        return unit_start
    return m.start(1)


def find_addresses(text: str) -> Iterator[Detection]:
    if digit_count(text) == 0:
        return
    words = words_of(text)
    has_newline = "\n" in text
    for pattern, score in _active_patterns(text, words):
        for m in pattern.finditer(text):
            if pattern is _PREFIX_STREET and not re.search(r"\d", m.group()):
                continue  # "via email", "place an order": no house number, no address
            end = _extend_block(text, m.end(), has_newline)
            yield Detection("ADDRESS", m.start(), end, text[m.start() : end], score)
    unit_matches = _UNIT.finditer(text) if not words.isdisjoint(_UNIT_WORDS) else ()
    for m in unit_matches:
        end = m.end()
        tail = _UNIT_TAIL.match(text, end)
        if tail and not any(word in _SENTENCE_WORDS for word in tail.group().lower().split()):
            end = tail.end()
        end = _extend_block(text, end, has_newline)
        start = _street_before(text, m.start())
        yield Detection("ADDRESS", start, end, text[start:end], 0.8)
    for m in _NUMBER_STREET.finditer(text):
        end = _extend_block(text, m.end(), has_newline)
        if end > m.end():
            yield Detection("ADDRESS", m.start(), end, text[m.start() : end], 0.7)
    zip_matches = _ZIP_CUED.finditer(text) if not words.isdisjoint(_ZIP_WORDS) else ()
    for m in zip_matches:
        if any(c.isdigit() for c in m.group(1)):
            yield Detection("ADDRESS", m.start(1), m.end(1), m.group(1), 0.8)
    cues = _CUE.finditer(text) if not words.isdisjoint(_CUE_WORDS) else ()
    for cue in cues:
        body = _CUED_BODY.match(text, cue.end())
        # A street needs a house number and a name: "moved to 3 pm" has only the number.
        if (
            body is None
            or not re.search(r"\d", body.group())
            or not re.search(rf"[{_L}]{{2,}}", body.group())
        ):
            continue
        end = _extend_block(text, body.end(), has_newline)
        yield Detection("ADDRESS", body.start(), end, text[body.start() : end], 0.75)
    if has_newline:
        # A line that is only "words + house number" heads a postal block when a unit, city or postal
        # line follows it; an isolated "Chapter 5" line has nothing after it and is left alone.
        for m in _NUMBERED_LINE.finditer(text):
            end = _extend_block(text, m.end(1), True)
            if end > m.end(1):
                yield Detection("ADDRESS", m.start(1), end, text[m.start(1) : end], 0.7)
