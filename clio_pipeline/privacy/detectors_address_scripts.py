"""Street addresses written by the conventions of Korea, India (Hindi) and Turkey.

`detectors_address.py` knows the street words of Western European languages and Russian; these three
conventions have their own shape and need one pattern each:

- Korean road-name addresses (도로명주소, since 2014): a road name ending in 로/대로/길 and a building
  number ("테헤란로 152", "세종대로 175", "성미산로1길 23-4"), found after a city or district
  (…시, …도, …구, …군) or followed by a floor/unit (층, 호) so that "으로 10" (the particle) is not one;
- Hindi: house, street, plot, flat and sector numbers ("मकान नंबर 42", "गली नं. 7", "सेक्टर 15") and the
  locality after them when it ends in a locality word (नगर, कॉलोनी, विहार, पुरम, मार्ग ...);
- Turkish: neighbourhood, street and avenue names (Mahallesi, Sokak/Sokağı, Caddesi, Bulvarı, with
  their abbreviations) followed by the door number "No: 14" and unit ("Daire 3", "D: 3", "Kat 2").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from clio_pipeline.privacy.detectors import Detection

_HANGUL_WORD = r"[가-힣]{1,8}"
_KO_REGION = rf"{_HANGUL_WORD}(?:특별시|광역시|특별자치시|특별자치도|시|도|구|군|읍|면|동)"
_KO_ROAD = r"[가-힣0-9]{1,10}(?:대로|로|길)\s?\d{1,4}(?:-\d{1,4})?(?:번길\s?\d{1,4})?"
_KO_UNIT = r"(?:[\s,]*\d{1,4}\s?(?:층|호|동))"
_KOREAN = re.compile(
    rf"(?:{_KO_REGION}\s+)+{_KO_ROAD}{_KO_UNIT}*|{_KO_ROAD}{_KO_UNIT}+"
)

_HI_CUE = (r"(?:मकान|घर|हाउस|गली|फ्लैट|फ़्लैट|प्लॉट|प्लाट|ब्लॉक|सेक्टर|वार्ड|कमरा)"
           r"(?:\s*(?:नंबर|नम्बर|नं\.?|संख्या|न\.))?")
_HI_NUMBER = rf"{_HI_CUE}\s*[:.\-]?\s*\d{{1,5}}[A-Za-z]?(?:/\d{{1,4}})?"
_HI_LOCALITY = r"[\u0900-\u097F]+(?:\s[\u0900-\u097F]+)?\s(?:नगर|कॉलोनी|कालोनी|विहार|पुरम|मार्ग|रोड|बाग|एन्क्लेव|मोहल्ला|चौक|बाज़ार|बाजार)"
_HINDI = re.compile(rf"{_HI_NUMBER}(?:\s*,\s*{_HI_NUMBER})*(?:\s*,\s*{_HI_LOCALITY})?")

_TR_UPPER = "A-ZÇĞİÖŞÜ"
_TR_WORD = rf"[{_TR_UPPER}][A-Za-zÇĞİÖŞÜçğıöşü'’]+"
_TR_TYPE = (r"(?:Mahallesi|Mahalle|Mah\.|Mh\.|Sokak|Sokağı|Sok\.|Sk\.|Caddesi|Cadde|Cad\.|Cd\.|Bulvarı|"
            r"Bulvar|Blv\.|Meydanı|Yolu|Küme\s+Evleri|Sitesi|Apartmanı|Apt\.)")
_TR_STREET = rf"(?:{_TR_WORD}\s+){{1,3}}{_TR_TYPE}"
_TR_DOOR = r"No\s*[:.]?\s*\d{1,5}[A-Za-z]?(?:\s*/\s*\d{1,4})?"
_TR_UNIT = r"(?:[\s,/]*(?:Daire|Kat|Blok|D|K)\s*[:.]?\s*\d{1,4})"
_TURKISH = re.compile(rf"(?:{_TR_STREET}[\s,]*)+{_TR_DOOR}{_TR_UNIT}*")


def may_hold_script_address(text: str) -> bool:
    """Cheap pre-test: a digit and a letter of one of the three conventions."""
    return any(c.isdigit() for c in text) and (
        not text.isascii() or "No" in text or "Mah" in text or "Sk" in text
    )


def find_script_addresses(text: str) -> Iterator[Detection]:
    """Korean, Hindi and Turkish street addresses (see the module docstring)."""
    for pattern in (_KOREAN, _HINDI, _TURKISH):
        for m in pattern.finditer(text):
            value = m.group().rstrip(" ,")
            if any(c.isdigit() for c in value):
                yield Detection("ADDRESS", m.start(), m.start() + len(value), value, 0.85)
