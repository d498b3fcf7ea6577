"""Names after field labels in many scripts, two-word names found by their position, and Chinese names whose
family name is an everyday character: each planted name must not come out, and look-alikes must stay.

None of the planted names is in the detectors' lists or the generator's pools; each exercises a rule.
"""

from __future__ import annotations

import pytest

from clio_pipeline.privacy.scrubber import detect, scrub

PLANTED = [
    # Field labels: the value is a name whatever its script, case or spelling.
    ("PATIENT: vordane quilliam", ["vordane", "quilliam"]),
    ("Client - ODALRIC PENSWORTH", ["ODALRIC", "PENSWORTH"]),
    ("Name: t0bias gr1mshaw", ["t0bias", "gr1mshaw"]),
    ("Paciente: Anselmo Quiroga Tupac, 61 años", ["Anselmo", "Quiroga", "Tupac"]),
    ("ФИО: Ведерникова Аглая Петровна", ["Ведерникова", "Аглая"]),
    ("Όνομα: Κλεόβουλος Μαργαρίτης", ["Κλεόβουλος", "Μαργαρίτης"]),
    ("الاسم: شهد الخزرجي", ["شهد", "الخزرجي"]),
    ("이름: 윤채원", ["윤채원"]),
    ("नाम: विवेक त्रिपाठी", ["विवेक", "त्रिपाठी"]),
    ("病人姓名：司徒振邦，男，52岁。", ["司徒振邦"]),
    ("氏名：桐生あかね", ["桐生あかね"]),
    ("担当：東雲隼", ["東雲隼"]),  # a Japanese family name, no kana
    ("Name: ottokar plimsworth-reeve", ["ottokar", "plimsworth-reeve"]),  # lower case after a label
    # Greek and Arabic pairs in a person's position; a Cyrillic given name read as a word first.
    ("Ο λογιστής είπε ότι ο Ερμόλαος Τσιμπίδης έφυγε.", ["Ερμόλαος", "Τσιμπίδης"]),
    ("Ρένα Μπαλάφα και εγώ πάμε σινεμά.", ["Ρένα", "Μπαλάφα"]),
    ("قالت الممرضة إن ريتاج الحوراني تحتاج إلى دواء.", ["ريتاج", "الحوراني"]),
    ("جود القيسي وأنا نعمل معا.", ["جود", "القيسي"]),
    ("الطالبة ريماس الشمري غائبة اليوم.", ["ريماس", "الشمري"]),  # a role in apposition
    ("Вчера звонила Варвара Скобелева.", ["Варвара", "Скобелева"]),
    # Korean and Hindi beside an honorific or a title (no model of their own).
    ("남궁서하 씨에게 검사 결과를 알려 주세요.", ["남궁서하"]),
    ("류태오님이 입원하셨어요.", ["류태오"]),
    ("श्रीमती कमला बघेल को मधुमेह है।", ["कमला", "बघेल"]),
    ("निखिल जी को फोन करो।", ["निखिल"]),
    # A family name that is an everyday character, before a given name that is no word.
    ("昨天文雅琪没来上课。", ["文雅琪"]),
    ("请转告慕容静姝明天开会。", ["慕容静姝"]),  # a compound family name
]


@pytest.mark.parametrize(("text", "parts"), PLANTED)
def test_planted_names_are_removed(text, parts):
    out = scrub(text).text
    assert "[NAME]" in out
    for part in parts:
        assert part not in out, (text, out)


@pytest.mark.parametrize(
    "text",
    [
        "Name: the file name is wrong",
        "Patient: 45-year-old male with a cough",
        "Patient: stable after surgery",
        "Patient: unknown",
        "患者：男，45岁",
        "Πήγαμε στη Νέα Υόρκη το καλοκαίρι.",
        "طفل صغير يبكي في الليل",
        "أريد حجز طاولة في مطعم إيطالي يقدم البيتزا",
        "Нижний Новгород красивый город",
        "我常常去北京，他常说这个。",
        "关于这个问题，安全第一。",
        "선생님께 물어보세요. 고객님 감사합니다.",
        "할머님께 드려요",
    ],
)
def test_look_alikes_are_not_names(text):
    assert [d.text for d in detect(text) if d.type == "NAME"] == []
