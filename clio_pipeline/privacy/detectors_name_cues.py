"""Cues that announce a Latin-script name: "my name is", "Dear", titles, greetings and relations.

A strong cue ("my name is", "Mr.", "je m'appelle") makes whatever follows a name; a weak cue ("Hi",
"told", "my wife") makes a following capitalised word one. Titles are scrubbed together with the name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from clio_pipeline.privacy.detectors import keyword_set as _words
from clio_pipeline.privacy.detectors import words_of

_STRONG_CUE = re.compile(
    r"(?:\bmy\s+name\s+is|\bname\s*\?|\b(?:named|called)\s+(?:him|her|them)|\bmy\s+name's|\bname\s*:|\bcalls?\s+me|\bcalled|\bnamed|\bdear|\bmaiden\s+name\s+is"
    r"|\bname\s+is|\bunder\s+the\s+name|\bsigned|\bregards,|\bsincerely,|\bcheers,|\bbest,|\bthanks,"
    r"|\b(?:mr|mrs|ms|mx|dr|prof|sr|sra|srta|mme|mlle|sig|dott)\.|\b(?:mr|mrs|ms|miss|dr|prof|herr|frau|madame|monsieur|señor|señora|senhor|senhora|signor|signora)\b"
    r"|\bme\s+llamo|\bmi\s+nombre\s+es|\bse\s+llama|\bje\s+m'appelle|\bmon\s+nom\s+est|\bil\s+s'appelle"
    r"|\bich\s+hei(?:ß|ss)e|\bmein\s+name\s+ist|\ber\s+hei(?:ß|ss)t|\bsie\s+hei(?:ß|ss)t|\bmeu\s+nome\s+é"
    r"|\bme\s+chamo|\bchamo-me|\bmi\s+chiamo|\bil\s+mio\s+nome\s+è|\bsi\s+chiama"
    # Vietnamese, Indonesian/Malay and Turkish "my name is" / "I am called".
    r"|\btên\s+tôi\s+là|\btôi\s+tên\s+là|\btên\s+của\s+tôi\s+là|\btên\s+(?:em|mình|anh|chị)\s+là|\bnama\s+saya"
    r"|\bnama\s+aku|\bnamaku|\bsaya\s+bernama|\bbenim\s+ad[ıi]m|\bbenim\s+ismim|\bismim)[ \t]*[,:]?[ \t]*",
    re.IGNORECASE,
)
_WEAK_CUE = re.compile(
    r"(?:\b(?:hi|hello|hey|hola|bonjour|hallo|ciao|olá|ola|thanks|thank\s+you|told|asked|shouted\s+at|said\s+to"
    r"|married|i'm|i\s+am|wife|husband|son|daughter|mother|father|brother|sister|friend|boss|colleague"
    r"|soy|sou|sono|je\s+suis|ich\s+bin"
    # Titles of address before a (capitalised) name: Vietnamese, Indonesian, Turkish.
    r"|ông|bà|anh|chị|cô|chú|bác|pak|bapak|ibu|mbak|kak|adım|sayın)[ \t]*[,:]?[ \t]+)",
    re.IGNORECASE,
)
# Words of the cues above: a cue regex only runs on a text that holds one of them.
_STRONG_CUE_WORDS = _words(
    """
    name name's call called named dear maiden signed regards sincerely cheers best thanks mr mrs ms
    mx dr prof sr sra srta mme mlle sig dott miss herr frau madame monsieur señor señora senhor
    senhora signor signora llamo nombre llama m'appelle nom s'appelle heiße heisse heißt heisst nome
    chamo chamo-me chiamo chiama tên nama namaku bernama adım adim ismim
    """
)
_WEAK_CUE_WORDS = _words(
    """
    hi hello hey hola bonjour hallo ciao olá ola thanks thank told asked shouted said married i'm am
    wife husband son daughter mother father brother sister friend boss colleague soy sou sono suis
    bin ông bà anh chị cô chú bác pak bapak ibu mbak kak adım sayın
    """
)
# "dr Wecker" in Swiss German is "the alarm": an abbreviated title written in lower case without its
# period is a title only in text typed all in lower case.
_BARE_SHORT_TITLE = re.compile(r"(?:dr|mr|mrs|ms|mx|sr|sig)[ \t]*$")
_TITLE = re.compile(
    r"(?:mr|mrs|ms|mx|miss|dr|prof|sr|sra|srta|mme|mlle|sig|dott|herr|frau|madame|monsieur|señor|señora"
    r"|senhor|senhora|signor|signora)\.?[ \t]*$",
    re.IGNORECASE,
)


@lru_cache(maxsize=64)
def cue_ends(text: str, strong_only: bool = False) -> dict[int, tuple[float, int | None]]:
    """Offsets right after a name cue: the confidence that a name starts there, and where a title
    ("Mr.", "Frau") starts when the cue is one, so that the title is scrubbed with the name."""
    words = words_of(text)
    cue_ends: dict[int, tuple[float, int | None]] = {}
    if not words.isdisjoint(_STRONG_CUE_WORDS):
        mixed_case = text != text.lower()
        for cue in _STRONG_CUE.finditer(text):
            if mixed_case and _BARE_SHORT_TITLE.match(cue.group()):
                continue
            title = cue.start() if _TITLE.match(cue.group()) else None
            cue_ends[cue.end()] = (0.9, title)
    if not strong_only and not words.isdisjoint(_WEAK_CUE_WORDS):
        for cue in _WEAK_CUE.finditer(text):
            cue_ends.setdefault(cue.end(), (0.6, None))
    return cue_ends
