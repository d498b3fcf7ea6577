"""Korean names before a particle or after "my name is", and Thai names after "ชื่อ" or a title inside a run.

Korean glues its particles to the name ("김지은은", "이준호가", "박성민이라고"), so no word of the text is
the bare name. From general knowledge of the language:

- after "이름은 / 이름이 / 성함은" (my name is) the next word is the name, less its copula or particle
  ("박성민이에요", "이준호입니다");
- "저는 / 나는 / 제가 X(이)라고 합니다 / 해요 / 불러요" (I am called X): X is a name;
- a full name, a family-name syllable and two more, before a particle ("은/는/이/가/을/를/의/에게/께서 ...")
  is a name when neither the three syllables nor their first two are a common Korean word, nor the last
  two one of the commonest ("조감독이": 감독 director; given names are rarer words, "지은", "유진").

Thai writes no spaces between words; a space ends a phrase, and a full name is written "given family".
After "ชื่อ" (named, not in "เชื่อ" believe) or a title ("คุณ", "นาย", "นาง", "นางสาว", "เด็กชาย") anywhere in
a run, the given name runs to the next space or polite particle ("ครับ", "ค่ะ"); when a space ends it, the
next run is the family name, cut where a common word glued to it starts ("เข้า", "เป็น", "ภายใน").
Words that begin like a title ("คุณภาพ" quality, "นายก" prime minister, "นางพยาบาล" nurse) are no title.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from clio_pipeline.privacy.detectors import Detection
from clio_pipeline.privacy.detectors_name_cues_scripts import strip_ending
from clio_pipeline.privacy.name_lists_scripts import KOREAN_SURNAMES

_HANGUL = "\uac00-\ud7a3"
# Copulas and particles that follow a name, longest first so that "이라고" wins over "이".
_KO_ENDINGS = sorted(
    ["이에요", "예요", "이야", "야", "입니다", "이다", "이고", "이며", "이라고", "라고", "이랑", "랑", "이한테", "한테", "에게", "께서", "께", "은", "는", "이", "가", "을", "를", "의", "과", "와", "도", "만", "님", "씨", "이가", "이는", "이를", "이의"], key=len, reverse=True)
_KO_PARTICLE_ENDINGS = tuple(e for e in _KO_ENDINGS if e not in ("님", "씨"))
_KO_NAME_CUE = re.compile(rf"(?:(?:이름은|이름이|성함은|성함이)\s+|이름\s*[:：]\s*)([{_HANGUL}]{{2,8}})")
_KO_QUESTION = ("뭐", "무엇", "무슨", "누구", "어떻", "어떤")  # "이름이 뭐니?" what is your name?
_KO_CALLED = re.compile(rf"(?:저는|나는|제가|전|난)\s+([{_HANGUL}]{{2,5}}?)(?:이라고|라고|이라 |라 )\s*(?:합니다|해요|하고|불러|부릅니다|해|불립니다)")
_KO_WORD = re.compile(rf"(?<![{_HANGUL}])([{_HANGUL}]{{3}})([{_HANGUL}]{{1,3}})(?![{_HANGUL}])")
# A three-syllable word this common is no full name (names of celebrities reach 3.2: "김지은" 3.17), and a
# given-name part this common is a word ("감독" director 5.1, "차례" turn 4.9; "유진" is 4.1).
_KO_COMMON_ZIPF = 3.3
_KO_GIVEN_WORD_ZIPF = 4.5


@lru_cache(maxsize=2)
def _korean_words(min_zipf: float) -> frozenset[str]:
    """wordfreq's Korean words of Zipf >= `min_zipf` (read from its list: the look-up needs MeCab)."""
    from wordfreq import DATA_PATH, read_cBpack

    path = DATA_PATH / "small_ko.msgpack.gz"
    if not path.exists():
        return frozenset()
    buckets = read_cBpack(str(path))  # bucket i holds the words of Zipf 9 - i/100
    return frozenset(w for bucket in buckets[: round((9 - min_zipf) * 100) + 1] for w in bucket)


def _korean(text: str) -> Iterator[Detection]:
    common, very_common = _korean_words(_KO_COMMON_ZIPF), _korean_words(_KO_GIVEN_WORD_ZIPF)
    for m in _KO_NAME_CUE.finditer(text):
        name = strip_ending(m.group(1), _KO_ENDINGS, 2)
        if 2 <= len(name) <= 4 and name not in common and not name.startswith(_KO_QUESTION):
            yield Detection("NAME", m.start(1), m.start(1) + len(name), name, 0.85)
    for m in _KO_CALLED.finditer(text):
        yield Detection("NAME", m.start(1), m.end(1), m.group(1), 0.85)
    for m in _KO_WORD.finditer(text):
        stem, ending = m.group(1), m.group(2)
        if stem[0] not in KOREAN_SURNAMES or ending not in _KO_PARTICLE_ENDINGS:
            continue
        if stem in common or stem[:2] in common or stem[1:] in very_common:
            continue  # "고양이가" cat, "이번주는" this week, "조감독이" (감독 director); given names are rarer
            # words ("지은" 3.6, "유진" 4.1)
        yield Detection("NAME", m.start(1), m.end(1), stem, 0.7)


_THAI = "\u0e00-\u0e7f"
_TH_TITLES = ("นางสาว", "เด็กชาย", "เด็กหญิง", "ด.ช.", "ด.ญ.", "คุณ", "นาย", "นาง", "ชื่อ")
# Words that start with a title but are no title ("คุณภาพ" quality, "นายก" prime minister, "นางพยาบาล" nurse),
# and the words after "ชื่อ" that say it is no person's name ("ชื่อเสียง" fame, "ชื่อไฟล์" file name).
_TH_NOT_AFTER = {
    "คุณ": ("ภาพ", "ค่า", "สมบัติ", "ธรรม", "ประโยชน์", "ลักษณะ", "วุฒิ", "แม่", "พ่อ", "ยาย", "ตา", "ป้า", "ลุง", "น้า",
            "อา", "หมอ", "ครู"),
    "นาย": ("ก", "จ้าง", "หน้า", "ทหาร", "พล", "ท่า", "ทุน", "ด่าน", "ตรวจ", "ประกัน"),
    "นาง": ("พยาบาล", "ฟ้า", "แบบ", "งาม", "เอก", "กำนัล", "สนม", "ไม้"),
    "ชื่อ": ("เสียง", "ไฟล์", "เรื่อง", "ของ", "ผู้ใช้", "สินค้า", "เพลง", "หนัง", "ร้าน", "เมือง", "ประเทศ", "ที่", "นี้", "นั้น",
             "อะไร", "เล่น", "จริง", "บริษัท", "วิชา", "ถนน", "โรง", "อีเมล", "บัญชี", "ย่อ", "เต็ม", "สกุล", "ไทย"),
}
# After any title: the pronoun "คุณ" (you) and the verbs and particles that follow a pronoun.
_TH_NOT_AFTER_ANY = (
    "ได้", "เป็น", "จะ", "ก็", "ไม่", "ช่วย", "ต้อง", "ควร", "คิด", "ชอบ", "อยาก", "มี", "ทำ", "ยัง", "และ", "ครับ", "ค่ะ",
    "คะ", "นะ", "เอง", "ด้วย", "ไป", "มา", "สบาย", "รู้", "เห็น", "ทราบ", "ชื่อ", "กิน", "พูด", "บอก", "ถาม", "ต้องการ",
    "สามารถ", "คง", "เคย", "กำลัง", "อาจ", "อยู่", "รัก", "เข้าใจ", "โทร", "ส่ง", "ใช้", "ดู", "ไหม", "หรือ", "ให้", "จำ",
    "ลอง", "เอา", "อ่าน", "เขียน", "ทาน", "ว่า", "คือ", "ที่",
)
_TH_BEFORE_NOT_TITLE = ("ขอบ", "พระ", "บุญ", "ท", "เ", "ผู้")  # "ขอบคุณ" thanks, "ทนาย" lawyer, "เชื่อ" believe
_TH_PARTICLES = ("ครับ", "ค่ะ", "คะ", "ค่า", "นะ", "จ้ะ", "จ้า", "เอง")
# Common words that may be glued to the end of a family name: where one starts, the name has ended.
_TH_GLUED = ("ครับ", "ค่ะ", "คะ", "เข้า", "เป็น", "ได้", "ไป", "ภายใน", "และ", "กับ", "จะ", "ก็", "ยัง", "ไม่", "ว่า",
             "ของ", "อยู่", "มี", "ทำ", "ช่วย", "บอก", "จาก", "ถึง", "แล้ว", "ด้วย", "โทร", "ส่ง", "ที่", "ให้", "เพราะ",
             "ซึ่ง", "กำลัง", "เคย", "ต้อง", "นะ", "มาหา", "มาที่", "ไปหา", "โทรมา")
_TH_MAX = 20


def _thai_end(text: str, start: int, stops: tuple[str, ...]) -> int:
    """Where a name that starts at `start` ends: a space, a non-Thai character, or a word of `stops`."""
    end = start
    while end < len(text) and end - start < _TH_MAX and re.match(f"[{_THAI}]", text[end]):
        if end - start >= 2 and text.startswith(stops, end):
            break
        end += 1
    return end


def _thai(text: str) -> Iterator[Detection]:
    for title in _TH_TITLES:
        for m in re.finditer(re.escape(title), text):
            start = m.end() + (text[m.end() : m.end() + 1] == " " and title != "ชื่อ")  # "คุณ สมชาย"
            if _before_blocks(text, m.start()):
                continue
            if title in ("นาง", "นาย") and text.startswith("สาว", start):
                continue  # "นางสาว" is its own title
            if title == "ชื่อ" and text.startswith("ว่า", start):
                start += len("ว่า")  # "ชื่อว่า" named
            not_after = _TH_NOT_AFTER.get(title, ()) + _TH_NOT_AFTER_ANY
            if text.startswith(not_after, start) or not re.match(f"[{_THAI}]", text[start : start + 1]):
                continue
            end = _thai_end(text, start, _TH_PARTICLES)
            if end - start < 2:
                continue
            if text[end : end + 1] == " " and re.match(f"[{_THAI}]", text[end + 1 : end + 2]):
                family_end = _thai_end(text, end + 1, _TH_GLUED)
                if family_end - end - 1 >= 2 and not text.startswith(_TH_GLUED, end + 1):
                    end = family_end
            yield Detection("NAME", start, end, text[start:end], 0.8)


def _before_blocks(text: str, at: int) -> bool:
    return any(text[:at].endswith(before) for before in _TH_BEFORE_NOT_TITLE)


_KO_TH_CHAR = re.compile(f"[{_HANGUL}{_THAI}]")


def may_hold_ko_th(text: str) -> bool:
    """Cheap test: a Hangul syllable or a Thai letter."""
    return not text.isascii() and _KO_TH_CHAR.search(text) is not None


def find_ko_th_names(text: str) -> Iterator[Detection]:
    """Korean and Thai names, by the rules of the module docstring."""
    if re.search(f"[{_HANGUL}]", text):
        yield from _korean(text)
    if re.search(f"[{_THAI}]", text):
        yield from _thai(text)
