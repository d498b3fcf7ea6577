"""Names announced by "my name is", a title or an honorific in Persian, Hindi, Bengali, Tamil, Amharic,
Korean, Thai, Vietnamese, Indonesian and Turkish, and name parts beside a found name.

Every sentence here was written for these tests (none is a row of bench/pii_heldout_fourth.py): each
planted case exercises one rule of detectors_name_cues_scripts.py, detectors_name_ko_th.py,
detectors_name_extend.py or the Vietnamese/Indonesian/Turkish cues of detectors_name_cues.py; the
ordinary sentences are the words those rules must not take for names (a title that starts another word,
a pronoun, a postposition, a place).
"""

from __future__ import annotations

import pytest

from clio_pipeline.privacy.scrubber import scrub

# (text, the identifying parts that must be gone)
PLANTED = [
    # Persian: "my name is ... is", a title, a listed given name before a family-name ending ("-زاده").
    ("اسم من کاوه نوروزی است و از شیراز آمده‌ام.", ["کاوه", "نوروزی"]),
    ("فردا جلسه با آقای بهرام تهرانی است.", ["بهرام", "تهرانی"]),
    ("کتاب را به علی صادق‌زاده دادم.", ["علی", "صادق‌زاده"]),
    # Hindi "my name is".
    ("मेरा नाम दीपक रावत है और मैं पुणे से हूँ।", ["दीपक", "रावत"]),
    # Bengali "my name is" and the title "জনাব".
    ("আমার নাম রফিক উল্লাহ, আমি ঢাকায় থাকি।", ["রফিক", "উল্লাহ"]),
    ("জনাব মোস্তফা কামাল আজ অফিসে আসবেন।", ["মোস্তফা", "কামাল"]),
    # Tamil "my name is", the title "திருமதி", the honorific "அவர்கள்" after the name.
    ("என் பெயர் செந்தில் நாதன்.", ["செந்தில்", "நாதன்"]),
    ("திருமதி வள்ளி முத்து நாளை வருவார்.", ["வள்ளி", "முத்து"]),
    ("ஆனந்த் அவர்கள் நாளை வருவார்.", ["ஆனந்த்"]),
    # Amharic "my name is ... is" and the title "አቶ" (Mr).
    ("ስሜ ገብረ መድህን ነው።", ["ገብረ", "መድህን"]),
    ("አቶ ታምራት ላቀው ዛሬ መጡ።", ["ታምራት", "ላቀው"]),
    # Korean: "이름은 X입니다", "X(이)라고 해요", a full name before a particle.
    ("제 이름은 한가람입니다.", ["한가람"]),
    ("저는 서하준이라고 해요.", ["서하준"]),
    ("어제 오세린이 병원에 갔어요.", ["오세린"]),
    # Thai: "ชื่อ" + given name, space, family name, particle; a title inside a run; "ชื่อว่า".
    ("ผมชื่อวีระพงษ์ มั่นคงครับ", ["วีระพงษ์", "มั่นคง"]),
    ("เมื่อวานนางสาวจิราพร ทองคำมาหาฉัน", ["จิราพร", "ทองคำ"]),
    ("เขาชื่อว่าสุรชัย", ["สุรชัย"]),
    # Vietnamese: "tên tôi là", a kinship title, a family name opening the sentence.
    ("Tên tôi là Trương Gia Huy.", ["Trương", "Gia", "Huy"]),
    ("Chiều nay chị Mỹ Duyên sẽ đến khám.", ["Mỹ", "Duyên"]),
    ("Huỳnh Thanh Tâm bị gãy chân hôm qua.", ["Huỳnh", "Thanh", "Tâm"]),
    # Indonesian: "nama saya" with a family name that is also a word, the title "Pak".
    ("Nama saya Bambang Susilo, saya guru.", ["Bambang", "Susilo"]),
    ("Tadi pagi Pak Joko menelepon saya.", ["Joko"]),
    # Turkish "benim adım".
    ("Benim adım Kemal Aydemir, Ankara'da yaşıyorum.", ["Kemal", "Aydemir"]),
]

ORDINARY = [
    "مرا به خانه ببر و کتاب را بیاور.",
    "डॉक्टर ने कहा कि आराम करो।",  # "ने" (ergative) after the title "डॉक्टर" is no name
    "এটা খুব ভালো বই।",
    "গতকাল আমি হাসপাতালে গিয়েছিলাম।",
    "அவன் பள்ளிக்கு சென்றான்.",
    "என் பெயர் என்ன?",  # "what is my name?"
    "ዛሬ ዝናብ ይዘንባል።",
    "이번주는 정말 바빠요.",  # "이번" (this) is a word: no family name + given name
    "고양이가 귀여워요.",
    "전문가가 그렇게 말했어요.",
    "이야기를 들려주세요.",
    "คุณภาพดีมาก",  # quality
    "คุณสบายดีไหม",  # "คุณ" is "you"
    "นายกรัฐมนตรีพูดว่าพรุ่งนี้ฝนตก",  # prime minister
    "นางพยาบาลใจดีมาก",  # nurse
    "ขอบคุณมากครับ",  # thank you
    "ชื่อไฟล์ยาวเกินไป",  # file name
    "ฉันเชื่อเขา",  # "เชื่อ" believe holds "ชื่อ"
    "Tôi sống ở Hà Nội.",
    "Thành phố Hồ Chí Minh rất đông.",
    "Jakarta adalah ibu kota Indonesia.",
    "Bu Pazartesi toplantı var.",  # "bu" is "this" in Turkish
    "Ele mora em São Paulo.",  # Portuguese "em" is no Vietnamese title
    "Fügen Sie das Lied hinzu.",
    # Shapes seen in real chats (WildChat, Chatbot Arena), in sentences of our own.
    "그는 가슴에 이름표를 달았다.",  # "이름" (name) glued to "표" (tag) is no cue
    "너의 이름은 뭐니?",  # a question, not a name
    "조감독이 급히 뛰어갔다.",  # assistant director: "감독" is one of the commonest words
    "لطفاً تمام فایل‌های مربوطه را بفرست.",  # "all the related files": a plural, no family name
]


@pytest.mark.parametrize(("text", "parts"), PLANTED)
def test_cued_name_is_masked(text: str, parts: list[str]) -> None:
    out = scrub(text).text
    assert "[NAME]" in out
    for part in parts:
        assert part not in out, (text, out)


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_sentence_stays(text: str) -> None:
    out = scrub(text).text
    assert "[NAME]" not in out, (text, out)


def test_strong_cue_does_not_join_an_english_word() -> None:
    # "called" is a strong cue and masks "Black" (an older rule); "Friday" must not join it.
    assert "Friday" in scrub("I've heard about something called Black Friday.").text


def test_a_common_english_word_does_not_join_a_name() -> None:
    # Faker lists "Sunday" as a given name; beside "[NAME]" it is still the day.
    out = scrub("We can meet this Sunday Greg, if you like.").text
    assert "Sunday" in out and "Greg" not in out


def test_a_place_named_like_a_person_is_not_grown() -> None:
    # An older rule masks "Hoàng" (a family name) in "Hoàng Sa" (the Paracel Islands); the extension must
    # not add "Sa" to it.
    assert " Sa " in scrub("Quần đảo Hoàng Sa nằm ở phía đông.").text


def test_name_parts_beside_a_mask_join_it() -> None:
    # "Wahyu [NAME]" -> "[NAME]": a listed family name beside a found given name (Indonesian), a listed
    # given name beside a found patronymic and family name (Ukrainian).
    assert scrub("Kemarin Wahyu Hidayat datang ke kantor.").text.count("Hidayat") == 0
    out = scrub("Приходив Іван Петрович Гнатюк.").text
    assert "Іван" not in out and "Гнатюк" not in out
