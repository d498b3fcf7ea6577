"""Names in labelled fields, in any script: "Patient: ...", "ФИО: ...", "Όνομα: ...", "الاسم: ...", "患者姓名：...".

Forms, records and notes name people after a field label, and the label says what the value is whatever
its spelling: an invented name, a name in capitals or lower case, a name in a script no other detector
models ("이름: 김서연", "नाम: राहुल वर्मा"). The value after a person label is therefore masked when it
may be a name: up to four words on the same line, ending at punctuation, a digit ("Patient: 45-year-old")
or a function word, of which at least one is capitalised, or name-like to its script's model
(name_models.py), so "Name: the file name" and "Patient: stable" stay.

Chinese and Japanese write no spaces: there the value is a family name and one or two characters
(Chinese), or two to five kanji optionally followed by kana (Japanese, "平野さくら").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from clio_pipeline.privacy.detectors import Detection
from clio_pipeline.privacy.detectors_name_words import FUNCTION_WORDS, fold
from clio_pipeline.privacy.name_lists_scripts import CHINESE_SURNAMES, CHINESE_WORD_SURNAMES
from clio_pipeline.privacy.scripts import LATIN, has_kana, word_script
from clio_pipeline.privacy.vocabulary import SCRIPT_LANGUAGES, is_frequent, is_general_word, zipf

# Field labels whose value is a person, by language. Multi-word labels come before their first word.
_LABELS = """
full name|first name|last name|given name|family name|surname|name|patient name|patient|client name|client
|customer name|customer|employee name|employee|student name|student|emergency contact|contact person|contact
|next of kin|attn|attention|sender|recipient|applicant|tenant|guest|passenger|author|cardholder|account holder
|spouse|witness|victim|suspect|defendant|plaintiff|beneficiary|user name|username
|nombre completo|nombre|apellidos|apellido|paciente|cliente|contacto|alumno|alumna|remitente|destinatario
|nom complet|nom|prénom|patiente|élève|expéditeur|destinataire
|vorname|nachname|familienname|patientin|kunde|kundin|ansprechpartner|absender|empfänger
|nome completo|nome|cognome|sobrenome|paziente|contatto|mittente|remetente
|naam|voornaam|achternaam|patiënt|klant|contactpersoon|imię|nazwisko|pacjent|klient
|ad soyad|adı soyadı|soyadı|soyad|adı|isim|hasta|müşteri|nama lengkap|nama|pasien|tên|họ tên|bệnh nhân
|фио|ф\\.и\\.о\\.|имя|фамилия|отчество|пациент|пациентка|больной|больная|клиент|ім'я|прізвище|пацієнт
|ονοματεπώνυμο|όνομα|ονομα|επώνυμο|επωνυμο|ασθενής|ασθενης|πελάτης
|الاسم الكامل|الاسم الأول|اسم العائلة|اسم المريض|اسم المريضة|الاسم|اسم|المريض|المريضة|العميل|اللقب|نام خانوادگی|نام|بیمار
|שם מלא|שם משפחה|שם|מטופל|מטופלת|חולה
|患者姓名|病人姓名|姓名|名字|患者|病人|联系人|聯絡人|收件人|客户|客戶|申请人|签名|署名|氏名|お名前|名前|患者名|担当者|担当|宛名
|이름|성명|성함|환자|고객|담당자|보호자|नाम|पूरा नाम|मरीज़|मरीज|रोगी|ग्राहक|ชื่อ|ผู้ป่วย
"""
# A label ends right before its separator: found by looking back from each colon or spaced dash, so the
# long alternation runs on a few short snippets instead of at every position of the text.
_LABEL_BEFORE = re.compile(
    r"(?<![^\W\d_])(?:" + "|".join(label.strip() for label in _LABELS.replace("\n", "").split("|")) + r")[ \t]*$",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"[ \t]*[:：][ \t]*|[ \t]+[-–—][ \t]+")
_LOOK_BACK = 32
# One word of a value: a letter, then anything up to a space or punctuation (combining vowel signs of
# Devanagari or Thai, inner dots of "M.a.r.g.i.t", digits of "j0sefina"). A Chinese/Japanese value is cut
# out separately.
_VALUE_WORD = re.compile(r"[^\W\d_][^\s,;:：，、。！？!?()\[\]{}\"«»“”|/]*")
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff々"
_ZH_VALUE = re.compile(rf"[{_HAN}]{{2,4}}")
_JA_VALUE = re.compile(rf"[{_HAN}]{{1,5}}(?:[\u3041-\u3096\u30a1-\u30fa\u30fc]{{2,5}})?")
_JA_PARTICLES = "のはがをにでとも"
_MAX_WORDS = 4
_LOWERCASE_VALUE_ZIPF = 3.5


def may_hold_label(text: str) -> bool:
    """Cheap test before looking for labels: a colon, a full-width colon or a spaced dash."""
    return ":" in text or "：" in text or " - " in text or " – " in text or " — " in text


def find_labelled_names(text: str) -> Iterator[Detection]:
    for separator in _SEPARATOR.finditer(text):
        before = text[max(0, separator.start() - _LOOK_BACK) : separator.start()]
        if _LABEL_BEFORE.search(before) is None:
            continue
        span = _value(text, separator.end())
        if span is not None:
            start, end = span
            yield Detection("NAME", start, end, text[start:end], 0.85)


def _value(text: str, start: int) -> tuple[int, int] | None:
    if re.match(rf"[{_HAN}]", text[start : start + 1]):
        return _cjk_value(text, start)
    cursor, words, end = start, [], start
    for _ in range(_MAX_WORDS):
        m = _VALUE_WORD.match(text, cursor)
        word = m.group().rstrip(".'’-") if m else ""
        if not word or (word.islower() and fold(word) in FUNCTION_WORDS):
            break
        words.append(word)
        end = cursor = m.start() + len(word)
        while cursor < len(text) and text[cursor] in " \t":
            cursor += 1
        if cursor == end:
            break  # punctuation or the end of the line ends the value
    if not any(_may_be_name(word) for word in words):
        return None
    return start, end


def _may_be_name(word: str) -> bool:
    from clio_pipeline.privacy.name_models import name_like  # its models load on first use

    if any(c.isdigit() for c in word) or "." in word.strip("."):
        return True  # written to dodge a filter ("j0sefina", "M.a.r.g.i.t")
    if word[:1].isupper() and not is_general_word(word):
        return True  # "Korvath", "AUDUN": a capitalised word of no language
    if word[:1].isupper() and word_script(word) != LATIN:
        return not _frequent_anywhere(word)  # "Παντελής" (Zipf 4.1): names are words of Greek lists too
    if word.lower() == word.upper():
        # A script without capitals (Arabic, Hebrew, Hangul, Devanagari, Thai): after a person label,
        # any word but the commonest of its language ("رغد", "राहुल" are general vocabulary too).
        return name_like(word) or not _frequent_anywhere(word)
    # Lower case after a label ("Name: ignatius fairweather-pole"): a name, or a word too rare in English
    # to be the value's description ("stable", "unknown" are common).
    return name_like(word) or zipf(word, "en") < _LOWERCASE_VALUE_ZIPF


def _frequent_anywhere(word: str) -> bool:
    language_lists = SCRIPT_LANGUAGES.get(word_script(word), ())
    return any(is_frequent(word, language) for language in language_lists)


def _cjk_value(text: str, start: int) -> tuple[int, int] | None:
    """A Chinese value is a family name and one or two characters; otherwise (a Japanese family name, or
    kana in the value) the kanji run with the kana after it, up to five kanji and no trailing particle."""
    surnames = CHINESE_SURNAMES | CHINESE_WORD_SURNAMES
    surname = 2 if text[start : start + 2] in surnames else 1 if text[start] in surnames else 0
    if surname and not has_kana(text[start : start + 8]):
        m = _ZH_VALUE.match(text, start)
        return None if m is None else (start, min(m.end(), start + surname + 2))
    m = _JA_VALUE.match(text, start)
    if m is None:
        return None
    end = m.end()
    while end > start + 1 and text[end - 1] in _JA_PARTICLES:
        end -= 1
    return (start, end) if end - start >= 2 else None
