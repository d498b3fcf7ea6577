"""NAME, ADDRESS and DOB detectors for Chinese and Japanese text.

Names come from the segmenters' part-of-speech tags (jieba `nr`, UniDic 人名; see segment.py), merged
over adjacent name morphemes ("田中" + "太郎"), plus two rules for names the dictionaries do not hold:
a word the segmenter had to guess that starts with a common Chinese family name ("陈静怡"), and any
noun right before an honorific (さん, 様, 先生, 女士, 先生...). Addresses and dates are regular
expressions over the administrative structure both languages write from large to small:
"南京市鼓楼区中山路23号2栋1701室", "東京都新宿区西新宿2丁目8番1号", "1966年3月2日", "昭和41年3月2日".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from clio_pipeline.privacy.detectors import Detection
from clio_pipeline.privacy.name_lists_scripts import CHINESE_SURNAMES, CHINESE_WORD_SURNAMES
from clio_pipeline.privacy.scripts import CJK_RUN, has_kana
from clio_pipeline.privacy.segment import Morpheme, segment_text
from clio_pipeline.privacy.vocabulary import is_general_word, zipf

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff々"
_KANA = r"\u3040-\u30ff"
_NUM = r"[0-9０-９〇零一二三四五六七八九十百千两]+"
_NUM_DIGITS = r"[0-9０-９]+"

# Chinese: [province][city][district/county][town] street + number + building/unit/room.
_ZH_ADDRESS = re.compile(
    rf"(?:[{_HAN}]{{2,7}}?(?:省|自治区|特别行政区))?(?:[{_HAN}]{{1,7}}?(?:市|州|盟))?(?:[{_HAN}]{{1,7}}?(?:区|县|旗))?"
    rf"(?:[{_HAN}]{{1,7}}?(?:镇|乡|街道))?"
    rf"(?:[{_HAN}0-9]{{1,10}}?(?:路|街|大街|大道|巷|弄|胡同|里|村|小区|花园|新村|公寓))"
    rf"{_NUM}(?:号|號)(?:院)?"
    rf"(?:\s*{_NUM}(?:号楼|栋|幢|座|单元|楼|层|室|户|號樓|棟))*"
)
# Japanese: [prefecture][city/ward][town] chome-ban-go, with optional building and room.
_JA_ADDRESS = re.compile(
    rf"(?:〒?\s*\d{{3}}-\d{{4}}\s*)?(?:[{_HAN}]{{1,4}}(?:都|道|府|県))?(?:[{_HAN}{_KANA}]{{1,8}}?(?:市|区|町|村|郡))+"
    rf"[{_HAN}{_KANA}]{{0,8}}?{_NUM}(?:丁目|-|−|ー)\s*{_NUM_DIGITS}(?:番地?|-|−)\s*{_NUM_DIGITS}(?:号)?"
    rf"(?:\s*[{_HAN}{_KANA}A-Za-z]{{1,12}}?\s*{_NUM_DIGITS}(?:号室|号|階))?"
)
_POSTCODE_JA = re.compile(r"〒\s*\d{3}-\d{4}")
_DATE = re.compile(
    rf"(?:(?:昭和|平成|令和|大正)(?:{_NUM_DIGITS}|元|[一二三四五六七八九十]+)|(?:19|20)\d\d|[〇零一二三四五六七八九]{{4}}|[１２][０-９]{{3}})"
    rf"\s*年\s*(?:{_NUM_DIGITS}|[一二三四五六七八九十]+)\s*月\s*(?:{_NUM_DIGITS}|[一二三四五六七八九十]+)\s*(?:日|号|號)"
)
_BIRTH_CUE = re.compile(r"(?:出生|生日|生于|生於|出生日期|生年月日|生まれ|誕生日)")
_YEAR_MONTH_AFTER_CUE = re.compile(rf"\s*(?:于|於|は|:|：)?\s*((?:19|20)\d\d\s*年(?:\s*{_NUM_DIGITS}\s*月)?)")
_YEAR_MONTH_BEFORE_CUE = re.compile(rf"((?:19|20)\d\d\s*年(?:\s*{_NUM_DIGITS}\s*月)?)\s*(?:出生|生まれ)")

# Honorifics after a name: Japanese さん/様/くん/ちゃん/先生/氏, Chinese 先生/女士/小姐/老师/同学.
_HONORIFICS = frozenset(["さん", "様", "さま", "くん", "君", "ちゃん", "氏", "先生", "女士", "小姐", "老师", "老師", "同学", "太太", "夫人", "医生", "教授"])


def _guessed_chinese_name(m: Morpheme) -> bool:
    """A 2-3 character word the segmenter guessed, starting with a family name and in no vocabulary."""
    text = m.text
    return (
        not m.known
        and 2 <= len(text) <= 4
        and (text[0] in CHINESE_SURNAMES or text[:2] in CHINESE_SURNAMES)
        and CJK_RUN.fullmatch(text) is not None
        and not is_general_word(text)
    )


# Chinese words after which a person is named: self-introduction and signature ("我叫", "署名"), and
# the relations people name ("同事", "朋友"). After one, a family name plus one or two characters is a
# name whatever the dictionary says of it ("徐洋" is a word to jieba, "晓燕" an unknown one).
_ZH_NAME_CUE = re.compile(
    r"(?:我叫|他叫|她叫|叫做|名叫|名字是|名字叫|姓名|署名|签名|落款|联系人|收件人|同事|朋友|同学|老板|经理|上司|室友|邻居"
    r"|男朋友|女朋友|丈夫|妻子|老公|老婆|儿子|女儿|哥哥|姐姐|弟弟|妹妹|客户|学生|病人|患者)[:：\s]*"
)
# A two-character word this common ("安排" arrange, "关注") opens no name, nor ends one as a single
# character ("好", "人").
_COMMON_OPENING_ZIPF = 4.5
# Characters that end a name after a cue: particles, pronouns, verbs of the request, punctuation.
_ZH_NOT_GIVEN = frozenset("的是了在和与跟说写请帮给我你他她们也都就还要会能去来吧呢吗啊这那把被让对从向为")


def _cued_chinese_names(text: str) -> Iterator[tuple[int, int]]:
    for cue in _ZH_NAME_CUE.finditer(text):
        start = cue.end()
        if text[start : start + 2] in CHINESE_SURNAMES:
            given_start = start + 2
        elif text[start : start + 1] in CHINESE_SURNAMES or text[start : start + 1] in CHINESE_WORD_SURNAMES:
            given_start = start + 1
        else:
            continue
        end = given_start
        while end < len(text) and end - given_start < 2 and re.match(rf"[{_HAN}]", text[end]) and (
            text[end] not in _ZH_NOT_GIVEN
        ):
            end += 1
        if end > given_start:
            yield start, end


def _surname_before_rare_given(morphemes: list[Morpheme]) -> Iterator[tuple[int, int]]:
    """A family-name character that opens a segment, then two characters that are no general vocabulary
    and end a segment: "常|浩然" (jieba: "often" + "vast"), "文雅|琪", "康乐|怡". Given names are chosen
    for their characters' meaning, so they are words, but rare ones. The segment boundary keeps ordinary
    words out ("文化|部长", "安全|第一"), and so does a common word at the start ("安排|好")."""
    starts = {m.start: m for m in morphemes}
    ends = {m.end for m in morphemes}
    for m, nxt in pairwise(morphemes):
        # A compound family name standing alone ("欧阳", "司马") before one or two characters.
        compound = len(m.text) == 2 and m.text in CHINESE_SURNAMES and nxt.start == m.end
        if compound and len(nxt.text) <= 2 and CJK_RUN.fullmatch(nxt.text) and not set(nxt.text) & _ZH_NOT_GIVEN:
            yield m.start, nxt.end
    for m in morphemes:
        head, p = m.text[:1], m.start
        if not (head in CHINESE_SURNAMES or head in CHINESE_WORD_SURNAMES) or p + 3 not in ends:
            continue
        name = "".join(x.text for x in morphemes if p <= x.start < p + 3)
        if len(name) != 3 or CJK_RUN.fullmatch(name) is None or set(name[1:]) & _ZH_NOT_GIVEN:
            continue
        if len(m.text) == 2 and zipf(m.text, "zh") >= _COMMON_OPENING_ZIPF:
            continue
        last = starts.get(p + 2)
        if last is not None and last.end == p + 3 and zipf(last.text, "zh") >= _COMMON_OPENING_ZIPF:
            continue
        if not is_general_word(name[1:]) and not is_general_word(name):
            yield p, p + 3


def find_cjk_names(text: str) -> Iterator[Detection]:
    morphemes = segment_text(text)
    spans: list[tuple[int, int]] = []
    for index, m in enumerate(morphemes):
        nxt = morphemes[index + 1] if index + 1 < len(morphemes) else None
        honorific = nxt is not None and nxt.start == m.end and nxt.text in _HONORIFICS
        if m.person or _guessed_chinese_name(m) or (honorific and len(m.text) >= 2 and not m.place):
            if spans and spans[-1][1] >= m.start - 1 and text[spans[-1][1] : m.start] in ("", "・", "·", " "):
                spans[-1] = (spans[-1][0], m.end)  # "田中" + "太郎", "ジョン" + "・" + "スミス"
            else:
                spans.append((m.start, m.end))
    if not has_kana(text):
        spans.extend(_cued_chinese_names(text))
        spans.extend(_surname_before_rare_given(morphemes))
    for start, end in spans:
        yield Detection("NAME", start, end, text[start:end], 0.8)


def find_cjk_addresses(text: str) -> Iterator[Detection]:
    for pattern in (_ZH_ADDRESS, _JA_ADDRESS, _POSTCODE_JA):
        for m in pattern.finditer(text):
            if any(c.isdigit() or c in "〇零一二三四五六七八九十" for c in m.group()):
                yield Detection("ADDRESS", m.start(), m.end(), m.group(), 0.85)


def find_cjk_dates_of_birth(text: str) -> Iterator[Detection]:
    for m in _DATE.finditer(text):
        yield Detection("DOB", m.start(), m.end(), m.group(), 0.85)
    for cue in _BIRTH_CUE.finditer(text):
        after = _YEAR_MONTH_AFTER_CUE.match(text, cue.end())
        if after:
            yield Detection("DOB", after.start(1), after.end(1), after.group(1), 0.85)
    for m in _YEAR_MONTH_BEFORE_CUE.finditer(text):
        yield Detection("DOB", m.start(1), m.end(1), m.group(1), 0.85)


def find_cjk(text: str) -> Iterator[Detection]:
    """All three detectors; the scrubber calls this only for text holding Chinese characters or kana."""
    yield from find_cjk_dates_of_birth(text)
    yield from find_cjk_addresses(text)
    yield from find_cjk_names(text)
