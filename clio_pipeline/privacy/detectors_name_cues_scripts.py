"""Names announced by a cue in Persian, Hindi, Bengali, Tamil and Amharic: "my name is", titles, honorifics.

These languages have no name model here, their names are words of their frequency lists ("হোসেন" Zipf 5.2
in Bengali, "குமார்" 5.1 in Tamil), and Bengali, Tamil and Ethiopic letters are no script the other
detectors know. What says a name follows is the sentence itself, from general knowledge of each language:

- "my name is": اسم من / نام من / اسمم (fa), मेरा नाम (hi), আমার নাম (bn), என் பெயர் (ta), ስሜ (am);
- a title before the name: آقای, خانم, جناب, سرکار خانم (fa); শ্রী, শ্রীমতী, জনাব, মিস্টার, মিসেস, ডাঃ (bn);
  திரு, திருமதி, செல்வி, டாக்டர் (ta); አቶ, ወይዘሮ, ወይዘሪት, ዶ/ር, ዶክተር (am);
- an honorific after it: அவர்கள் (ta, "respected X"), সাহেব, বাবু (bn), جان, خان (fa).

After a cue the name is the next one to three words of the cue's script, ending at punctuation, at a
copula or postposition of the language ("است", "है", "ነው", "কে") or at one of its commonest words.
A bare two-word name with no cue is taken in Bengali and Tamil when a word of it is in Faker's name
lists and the second has no locative or dative ending ("হাসপাতালে" in hospital); of two overlapping
pairs the one that opens with a listed given name wins, and in Persian when a listed given name stands before a word with a family-name ending
("-ی", "-زاده", "-پور", "-نیا"), the commonest way Iranian family names are formed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from clio_pipeline.privacy.detectors import Detection
from clio_pipeline.privacy.vocabulary import zipf

# One word: letters and combining signs of the script, up to a space, a digit or punctuation.
_WORD = r"[^\s\d.,;:!?()\[\]\"'“”«»/\-–—।॥።፣፤፥፦،؛؟٫٬]+"
_CUES = {
    "fa": r"اسم\s+من|نام\s+من|اسمم|اسم\s+بنده|آقای|سرکار\s+خانم|خانم|جناب|جناب\s+آقای",
    "hi": r"मेरा\s+नाम|मेरी\s+माँ\s+का\s+नाम|मेरे\s+पिता\s+का\s+नाम|उनका\s+नाम|उसका\s+नाम",
    "bn": r"আমার\s+নাম|ওর\s+নাম|তার\s+নাম|তাঁর\s+নাম|শ্রীমতী|শ্রীমতি|শ্রী|জনাব|মিস্টার|মিসেস|ডাঃ|ডা\.|ডক্টর",
    "ta": r"என்\s+பெயர்|எனது\s+பெயர்|என்னுடைய\s+பெயர்|அவர்\s+பெயர்|அவள்\s+பெயர்|திருமதி|திரு\.?|செல்வி|டாக்டர்",
    "am": r"ስሜ|ስሟ|ስሙ|አቶ|ወይዘሮ|ወይዘሪት|ዶ/ር|ዶክተር|ፕሮፌሰር",
}
# Where a name ends: copulas, postpositions, conjunctions and the commonest adverbs of each language.
_STOPS = {
    "fa": "است هست هستم هستند بود و با به از در را که برای تا هم این آن یک من تو او ما شما ایشان دیروز امروز فردا"
          " لطفا لطفاً خیلی بسیار دارد دارم شد می",
    "hi": "है हैं हूँ हूं था थी थे और को से ने का की के में पर तक भी तो ही जी कल आज यह वह मैं मुझे",
    "bn": "এবং ও আর কে কেন কী কি হয় হল হলো হলেন ছিল ছিলেন একজন আমি আমার তুমি আপনি তিনি গতকাল আজ কাল"
          " এই সেই থেকে জন্য সঙ্গে সাথে কেমন কোথায় কে",
    "ta": "மற்றும் ஒரு இந்த அந்த நான் நீ அவர் அவள் நேற்று இன்று நாளை உள்ளது இருக்கிறது ஆவார் ஆகும் என்று"
          " எங்கள் எனது என் என்ன ஏன் எப்படி யார் எது",
    "am": "ነው ናት ናቸው ነበር እና ወደ ከ ጋር ይህ ያ እኔ አንተ አንቺ እሱ እሷ ትናንት ዛሬ ነገ ይባላል ትባላለች ሆስፒታል",
}
_STOP_SETS = {language: frozenset(words.split()) for language, words in _STOPS.items()}
# Zipf at or above which a word is one of the few hundred commonest of its language, not a name (names of
# film stars and politicians reach 5.5: "விஜய்", "হোসেন").
_COMMON_ZIPF = 6.0
_WORDFREQ = frozenset({"fa", "hi", "bn", "ta"})
_MAX_WORDS = 3
_SCRIPT_OF = {"fa": "\u0600-\u06ff", "hi": "\u0900-\u097f", "bn": "\u0980-\u09ff", "ta": "\u0b80-\u0bff",
              "am": "\u1200-\u137f"}
_CUE_RES = {language: re.compile(rf"(?<![{_SCRIPT_OF[language]}])(?:{cue})\s*[:：]?\s*")
            for language, cue in _CUES.items()}
_WORD_RE = re.compile(_WORD)
_HONORIFIC_AFTER = re.compile(
    rf"((?:{_WORD}\s)?{_WORD})\s+(?:அவர்கள்|அவர்களுக்கு|அவர்களின்|அவர்களை|সাহেব|সাহেবের|সাহেবকে|বাবু|বাবুর)(?=[\s.,!?।]|$)"
)
_BN_CASE = ("দের", "কে", "কেই", "এর", "ের", "রা", "র")  # case endings glued to a Bengali name
_NOT_NAME_ENDINGS = {"bn": ("ে", "তে", "য়", "ায়"), "ta": ("ில்", "க்கு", "டம்", "ால்", "ோடு", "ுடன்")}
_FA_NOT_SURNAME = ("های", "ها", "\u200cای", "\u200cی", "ترین")
_FA_SURNAME = re.compile(r"(?:ی|زاده|پور|نیا|فر|یان|نژاد|وند|لو|کیا|راد|منش)$")


def _in_script(word: str, language: str) -> bool:
    low, high = _SCRIPT_OF[language].split("-")
    return all(low <= c <= high or not c.isalpha() for c in word) and any(c.isalpha() for c in word)


def _stops(word: str, language: str) -> bool:
    if word in _STOP_SETS[language] or word.startswith("می\u200c"):
        return True
    return language in _WORDFREQ and zipf(word, language) >= _COMMON_ZIPF and not _listed(word)


def _listed(word: str) -> bool:
    from clio_pipeline.privacy.name_gazetteer import is_listed_name  # loads Faker's lists once

    return is_listed_name(word)


def _name_after(text: str, start: int, language: str) -> tuple[int, int] | None:
    """One to three words of the language's script from `start`, on the same clause, until a stop."""
    end, cursor = None, start
    for _ in range(_MAX_WORDS):
        m = _WORD_RE.match(text, cursor)
        if m is None or not _in_script(m.group(), language) or _stops(m.group(), language):
            break
        end = m.end()
        gap = re.match(r"[ \u00a0]+", text[end:])
        if gap is None:
            break
        cursor = end + gap.end()
    return None if end is None else (start, end)


def _cued(text: str) -> Iterator[Detection]:
    for language, cue_re in _CUE_RES.items():
        if not re.search(f"[{_SCRIPT_OF[language]}]", text):
            continue
        for cue in cue_re.finditer(text):
            span = _name_after(text, cue.end(), language)
            if span is not None:
                yield Detection("NAME", span[0], span[1], text[span[0] : span[1]], 0.85)


def _honorific_after(text: str) -> Iterator[Detection]:
    for m in _HONORIFIC_AFTER.finditer(text):
        words = list(_WORD_RE.finditer(text, m.start(1), m.end(1)))
        language = "ta" if re.search("[\u0b80-\u0bff]", m.group(1)) else "bn"
        while words and (_stops(words[0].group(), language) or not _in_script(words[0].group(), language)):
            words.pop(0)
        if words:
            yield Detection("NAME", words[0].start(), words[-1].end(), text[words[0].start() : words[-1].end()], 0.8)


def strip_ending(word: str, endings: tuple[str, ...] | list[str], min_stem: int) -> str:
    """`word` without the first of `endings` it ends with (case endings and particles glued to a name), if at
    least `min_stem` characters are left; else `word` unchanged."""
    for ending in endings:
        if word.endswith(ending) and len(word) - len(ending) >= min_stem:
            return word[: -len(ending)]
    return word


def _bare_stem(word: str) -> str:
    return strip_ending(word, _BN_CASE, 3)


def _pairs(text: str) -> Iterator[Detection]:
    words = list(_WORD_RE.finditer(text))
    index = 0
    while index < len(words) - 1:
        first, second = words[index], words[index + 1]
        strength = _pair_strength(text, first, second)
        if strength and strength < 2 and index + 2 < len(words) and _pair_strength(text, second, words[index + 2]) == 2:
            index += 1  # "চিঠিটা নুসরাত জাহান": the pair that opens with the listed given name wins
            continue
        if strength:
            yield Detection("NAME", first.start(), second.end(), text[first.start() : second.end()], 0.7)
            index += 2
            continue
        index += 1


def _pair_strength(text: str, first: re.Match[str], second: re.Match[str]) -> int:
    """2: a listed given name opens the pair; 1: only its second word is listed; 0: no name pair."""
    a, b = first.group(), second.group()
    if text[first.end() : second.start()] != " ":
        return 0
    if _persian_pair(text, a, b):
        return 2
    for language in ("bn", "ta"):
        if not (_in_script(a, language) and _in_script(b, language)):
            continue
        if _stops(a, language) or _stops(_bare_stem(b), language) or b.endswith(_NOT_NAME_ENDINGS[language]):
            return 0
        return 2 if _listed(a) else 1 if _listed(_bare_stem(b)) else 0
    return 0


def _persian_pair(text: str, a: str, b: str) -> bool:
    """A listed given name before a word with a family-name ending, in Persian text."""
    if not (_in_script(a, "fa") and _in_script(b, "fa") and _persian(text)):
        return False
    if b.endswith(_FA_NOT_SURNAME):
        return False  # "تمام تیترهای" all the titles: a plural or an indefinite, no family name
    return _listed(a) and not _stops(b, "fa") and _FA_SURNAME.search(b) is not None and len(b) >= 4


def _persian(text: str) -> bool:
    """Persian rather than Arabic: it uses letters Arabic does not (پ چ ژ گ ک ی)."""
    return re.search("[پچژگکی]", text) is not None


def may_hold_script_cue(text: str) -> bool:
    """Cheap test: a letter of one of the five languages' scripts."""
    return not text.isascii() and re.search("[\u0600-\u06ff\u0900-\u09ff\u0b80-\u0bff\u1200-\u137f]", text) is not None


def find_script_cue_names(text: str) -> Iterator[Detection]:
    """Names after a cue, before an honorific, or as a listed pair (see the module docstring)."""
    yield from _cued(text)
    yield from _honorific_after(text)
    yield from _pairs(text)
