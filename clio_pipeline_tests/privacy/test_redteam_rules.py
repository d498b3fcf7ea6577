"""The rules added against the red-team attack set (issue #14), each proven on planted personal data.

The identities here are NOT those of the attack set (bench/redteam_identities.py): each rule must hold
for people it was not written from.
"""

from __future__ import annotations

import pytest

from clio_pipeline.privacy.name_models import name_like
from clio_pipeline.privacy.reading_view import read_as, reading_view
from clio_pipeline.privacy.scrubber import scrub
from clio_pipeline.privacy.word_rule import WordRule, identifying_words, tokenize_words

ZW = "\u200b"


@pytest.mark.parametrize(("text", "parts"), [
    (f"E{ZW}liza{ZW}beth Warrington has asthma", ["liza", "warrington"]),  # zero-width inside
    ("Ｇｒｅｇｏｒｙ Ｈａｌｌｏｒａｎ has asthma", ["Ｇｒｅｇｏｒｙ", "Ｈａｌｌｏｒａｎ"]),  # full-width
    ("\u0410nna K\u043ewalczyk has asthma", ["nna", "walczyk"]),  # Cyrillic А and о inside Latin
    ("Fran\u0327ois Pe\u0301rignon a de l'asthme", ["ois", "rignon"]),  # decomposed accents
    ("gr3g0ry h4ll0r4n has asthma", ["gr3g0ry", "h4ll0r4n"]),  # leetspeak
])
def test_disguised_names_are_masked(text: str, parts: list[str]) -> None:
    out = scrub(text).text
    assert "[NAME]" in out and "asthm" in out
    for part in parts:
        assert part.casefold() not in out.casefold(), out
    assert ZW not in out


def test_reading_view_maps_back_and_leaves_ordinary_tokens() -> None:
    view = reading_view(f"a{ZW}b Ｘ e\u0301")
    assert view.text == "ab X é"
    assert view.span(3, 4) == (4, 5) and view.span(5, 6) == (6, 8)
    for text in ("python3 and h264 on 4k, K1A 0B1", "Привет мир", "Αθήνα 2024", "covid19 mp3 x86"):
        assert read_as(text) == text


@pytest.mark.parametrize(("text", "names"), [
    ("החברה שלי רונית שטרנברג חולה בסוכרת", ["רונית", "שטרנברג"]),
    ("دوستم مهسا کریمی دیابت دارد", ["مهسا", "کریمی"]),
    ("मेरी बहन सुनीता चौहान को मधुमेह है", ["सुनीता", "चौहान"]),
    ("Arkadaşım Gülsüm Karakaya'nın diyabeti var", ["Gülsüm", "Karakaya"]),
    ("제 동료 최지훈 씨가 당뇨병이에요", ["최지훈"]),
])
def test_names_after_relation_words_are_masked(text: str, names: list[str]) -> None:
    out = scrub(text).text
    assert [n for n in names if n in out] == [], out


@pytest.mark.parametrize("text", [
    "הבית שלי גדול מאוד", "دوستم گفت که هوا خوب است", "Komşum bana yardım etti", "친구 집에 갔어요",
    "เพื่อนของฉัน ชอบกินข้าว มาก",
])
def test_relation_words_before_ordinary_words_mask_nothing(text: str) -> None:
    assert scrub(text).text == text


@pytest.mark.parametrize(("text", "kind", "secret"), [
    ("Rufen Sie an: null acht neun, sieben sechs, fünf vier drei zwei", "[PHONE]", "sieben sechs"),
    ("llámame al seis uno dos, treinta y cuatro, cincuenta y seis, setenta y ocho", "[PHONE]", "treinta"),
    ("Call me at 0 6 1 2 then 3 4 5 6 7 8", "[PHONE]", "3 4 5"),
    ("I was born 1990년 7월 4일", "[DOB]", "1990"),
    ("जन्म तिथि ०४/०७/१९९०", "[DOB]", "१९९०"),
    ("تاریخ تولد ۱۳۶۹/۰۴/۱۳", "[DOB]", "۱۳۶۹"),
    ("서울특별시 종로구 세종대로 175 에 살아요", "[ADDRESS]", "세종대로"),
    ("पता: फ्लैट नंबर 12, सेक्टर 15, राजीव नगर", "[ADDRESS]", "राजीव"),
    ("Bağdat Caddesi No: 210 Daire 5 Kadıköy", "[ADDRESS]", "210"),
    ("Send it to ana punto lópez arroba gmail punto com", "[EMAIL]", "lópez"),
])
def test_contacts_dates_and_addresses_in_other_languages_are_masked(text: str, kind: str, secret: str) -> None:
    out = scrub(text).text
    assert kind in out and secret not in out, out


@pytest.mark.parametrize("text", ["sales in 2019 and 2021 and 2022 grew", "두 번째로 5개 주세요", "I need 2 and 3 and 4 apples"])
def test_years_counts_and_particles_are_not_contacts(text: str) -> None:
    assert scrub(text).text == text


def test_marks_stay_inside_words() -> None:
    assert tokenize_words("सुनीता चौहान को") == ["सुनीता", "चौहान", "को"]
    assert tokenize_words("สมศรี ใจดี") == ["สมศรี", "ใจดี"]


def _rule(texts: list[str], accounts: int = 32) -> WordRule:
    """The publication rule after `accounts` fake accounts each wrote every text."""
    pairs = [(text, f"fake-{n}") for n in range(accounts) for text in texts]
    return WordRule.from_pairs(pairs, min_users=25)


@pytest.mark.parametrize(("text", "names"), [
    ("רונית שטרנברג חולה בסוכרת", ["רונית", "שטרנברג"]),  # Hebrew: names are frequent "vocabulary"
    ("مهسا کریمی دیابت دارد", ["مهسا", "کریمی"]),  # Persian
    ("सुनीता चौहान को मधुमेह है", ["सुनीता", "चौहान"]),  # Devanagari
    ("ნინო ბერიძე დიაბეტი", ["ნინო", "ბერიძე"]),  # Georgian: a script with no model at all
])
def test_sybil_names_of_unmodelled_scripts_never_publish(text: str, names: list[str]) -> None:
    rule = _rule([text])
    published = rule.filter_text(text)
    assert [n for n in names if n in published] == [], published


@pytest.mark.parametrize(("text", "secret", "kept"), [
    ("pay with 4716 0291 8834 2210 for diabetes pills", "0291", "diabetes"),  # card in 4-digit groups
    ("diabetes hotline 0 6 1 2 3 4 5 6 7 8", "3 4 5", "diabetes"),  # digits one by one
    ("patient G r e g o r y H a l l o r a n has diabetes", "r e g", "diabetes"),  # spaced letters
    ("ruf null acht neun sieben sechs fünf vier an", "sieben sechs", "ruf"),  # number words
])
def test_sybil_runs_of_harmless_tokens_never_publish(text: str, secret: str, kept: str) -> None:
    published = _rule([text]).filter_text(text)
    assert secret not in published, published
    assert kept in published, published


def test_listed_and_proper_names_of_other_languages_never_publish() -> None:
    texts = ["Il paziente Benedetta Ferraro ha il diabete", "We used Python and Excel for diabetes data",
             "Der Patient hat Krebs und Diabetes", "Hasta Ayşegül Demirtaş diyabet tedavisi görüyor"]
    rule = _rule(texts)
    for name in ("ferraro", "demirtaş", "ayşegül"):
        assert not rule.allows(name), name
    for word in ("python", "excel", "krebs", "diabetes", "diabete"):
        assert rule.allows(word), word
    assert "ferraro" in identifying_words("Benedetta Ferraro")  # the blocking check needs no counts


def test_script_without_a_model_cannot_be_ruled_out_but_numbers_can() -> None:
    assert name_like("ნინო") and name_like("Արամ")
    assert not name_like("2024") and not name_like("%")
