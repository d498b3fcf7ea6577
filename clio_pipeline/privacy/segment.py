"""Word segmentation and part-of-speech tags for Chinese and Japanese, which write no spaces.

Without a segmenter a whole Chinese sentence is one "word" to a `\\w+` regex: the word rule would count
sentences, and a name inside one could never be told apart. Chosen libraries (both ship their
dictionaries inside their PyPI packages and never download):

- Chinese: `jieba` (MIT), `jieba.posseg`, whose tag `nr` marks person names (`nrt`, `nrfg` are
  transliterated and well-known names); its HMM tags unknown names too. First use loads the
  dictionary (~1-2 s, ~130 MB, cached by jieba in the temp folder after the first process).
- Japanese: `fugashi` (MeCab in Cython, MIT) with `unidic-lite` (BSD): UniDic tags names as
  名詞-固有名詞-人名 (姓 = family name, 名 = given name) and places as 地名. Loading takes ~20 ms.

Both are imported on first use, i.e. only when a text holds Chinese characters or kana.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache

from clio_pipeline.privacy.scripts import CJK_RUN, has_kana


@dataclass(frozen=True)
class Morpheme:
    """One segmented word: its text, offsets in the analysed text, and whether it is a person name."""

    text: str
    start: int
    end: int
    person: bool  # a person name (jieba nr*, UniDic 人名)
    given: bool = False  # Japanese given name (名), or a Chinese full name
    place: bool = False
    known: bool = True  # in the segmenter's dictionary (False: guessed by jieba's HMM / MeCab's unknown)


@lru_cache(maxsize=1)
def _jieba_posseg():
    import jieba
    import jieba.posseg as posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba, posseg


@lru_cache(maxsize=1)
def _japanese_tagger():
    import fugashi

    return fugashi.Tagger()  # unidic-lite's dictionary, found by fugashi inside its package


def _starts_with_surname(word: str) -> bool:
    from clio_pipeline.privacy.name_lists_scripts import CHINESE_SURNAMES

    return len(word) >= 2 and (word[0] in CHINESE_SURNAMES or word[:2] in CHINESE_SURNAMES)


def _chinese(text: str, offset: int) -> list[Morpheme]:
    jieba, posseg = _jieba_posseg()
    out: list[Morpheme] = []
    cursor = offset
    dictionary = jieba.dt.FREQ
    for pair in posseg.cut(text, HMM=True):
        word, flag = pair.word, pair.flag
        start = cursor
        cursor += len(word)
        # jieba's dictionary tags some time words as names ("今天下午" nr); a Chinese name starts with a
        # family name, so plain `nr` needs one. Transliterated names (nrt, nrfg) need not.
        person = flag in ("nrt", "nrfg") or (flag == "nr" and _starts_with_surname(word))
        out.append(Morpheme(word, start, cursor, person, given=person, place=flag == "ns",
                            known=dictionary.get(word, 0) > 0))
    return out


def _japanese(text: str, offset: int) -> list[Morpheme]:
    tagger = _japanese_tagger()
    out: list[Morpheme] = []
    cursor = 0
    for word in tagger(text):
        surface = word.surface
        found = text.find(surface, cursor)
        start = found if found >= 0 else cursor
        cursor = start + len(surface)
        feature = word.feature
        person = feature.pos2 == "固有名詞" and feature.pos3 == "人名"
        out.append(Morpheme(surface, offset + start, offset + cursor, person, given=person and feature.pos4 == "名",
                            place=feature.pos3 == "地名", known=not word.is_unk))
    return out


@lru_cache(maxsize=4096)
def segment_run(run: str, japanese: bool) -> tuple[Morpheme, ...]:
    """Morphemes of one run of CJK characters (offsets relative to the run)."""
    return tuple(_japanese(run, 0) if japanese else _chinese(run, 0))


def segment_text(text: str) -> list[Morpheme]:
    """Morphemes of every CJK run in `text`, with offsets into `text`.

    Japanese or Chinese is decided once per text: any kana means Japanese (kanji runs included).
    """
    japanese = has_kana(text)
    out: list[Morpheme] = []
    for m in CJK_RUN.finditer(text):
        for morpheme in segment_run(m.group(), japanese):
            out.append(Morpheme(morpheme.text, morpheme.start + m.start(), morpheme.end + m.start(),
                                morpheme.person, morpheme.given, morpheme.place, morpheme.known))
    return out


def split_words(run: str, japanese: bool) -> list[str]:
    """The words of one CJK run, for counting and checking words."""
    return [m.text for m in segment_run(run, japanese)]
