"""Personal data in every script must not come out of the scrubber, and ordinary words must stay.

The planted names are not in the generator's pools (generator/pii_scripts.py), and most are in none of the
detectors' lists either: each case exercises a rule (a cue, a family-name shape, a given name before a
family name, a capitalised word mid-sentence), not a lookup.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from clio_pipeline.facets.offline import OfflineFacetExtractor
from clio_pipeline.privacy.scrubber import detect, scrub
from clio_pipeline.types import Conversation, Message

# (text, the identifying parts that must be gone)
PLANTED = [
    # Chinese: a relation word before a family name, jieba's lone family-name tag, a rarer family name.
    ("这是给我同事诸葛明辉的。请帮我写一封信。", ["诸葛明辉"]),
    ("我叫欧阳晓燕。", ["欧阳晓燕"]),
    ("潘美玲得了癌症。", ["潘美玲"]),
    ("昨天殷素素给我打电话了。", ["殷素素"]),
    # Arabic: a family name after a listed given name, an unlisted given name before "al-" + a given name
    # or before a nisba, and a family name that is also a word ("حداد" smith).
    ("وقّع باسم مريم حداد. كيف أصلح خطأ في بايثون؟", ["مريم", "حداد"]),
    ("هيفاء الأحمد مريضة بالسرطان.", ["هيفاء", "الأحمد"]),
    ("اتصل بي لمى الحمصي أمس.", ["لمى", "الحمصي"]),
    # Greek: an ambiguous given name capitalised mid-sentence, a surname that is also a word.
    ("Υπόγραψε ως Σοφία Γεωργίου.", ["Σοφία", "Γεωργίου"]),
    ("Είναι για τον συνάδελφό μου Γιάννης Οικονόμου.", ["Γιάννης", "Οικονόμου"]),
    # Cyrillic: a given name the dictionary reads as a word first, before a surname; Ukrainian.
    ("Мой сосед Злата Мельникова лежит в больнице.", ["Злата", "Мельникова"]),
    ("Олена Коваленко просить допомоги.", ["Олена", "Коваленко"]),
    # Latin without capitals: invented lower-case names in English, names in capitals.
    ("zorblax vantreight has hepatitis and schizophrenia", ["zorblax", "vantreight"]),
    ("my neighbour ottilie brennecke is in hospital", ["ottilie", "brennecke"]),
    ("XELPHA MURNVIK has cancer of the pancreas", ["XELPHA", "MURNVIK"]),
    ("Please tell TIBOR KASZNAR the results.", ["TIBOR", "KASZNAR"]),
]


@pytest.mark.parametrize(("text", "parts"), PLANTED)
def test_planted_names_in_every_script_are_removed(text: str, parts: list[str]) -> None:
    scrubbed = scrub(text).text
    assert "[NAME]" in scrubbed
    for part in parts:
        assert part not in scrubbed, (text, scrubbed)


def test_russian_address_reaches_no_facet_summary_in_pieces() -> None:
    """The summariser used to split "г. Москва, ул. Гагарина, д. 125" at each abbreviation, and the
    pieces passed the detectors; now the sentence stays whole, is recognised and left out."""
    text = "Я живу по адресу г. Казань, ул. Баумана, д. 58, кв. 14. Как приготовить борщ?"
    conversation = Conversation(
        conversation_id="c1",
        user_id="u1",
        created_at=datetime(2026, 1, 1, tzinfo=timezone.utc),
        messages=[Message(role="user", content=text)],
    )
    summary = OfflineFacetExtractor().extract_one(conversation).summary
    for part in ("Казань", "Баумана", "58", "кв. 14"):
        assert part not in summary, summary
    assert "борщ" in summary


# Ordinary requests that must come out unchanged: German nouns and polite forms, sentence-initial verbs
# and determiners in German, Dutch, Italian and Indonesian, Swiss German's article "dr", Kazakh words
# the Russian model would guess to be surnames, Arabic verbs after a family-name-like word, Chinese
# family-name characters used as words.
PRECISION = [
    "Alle Wecker anzeigen",
    "Alle Erinnerungen löschen",
    "Lösche Wecker",
    "Würden Sie mir bitte einen Pullover empfehlen?",
    "Können Sie mir sagen, wie das Wetter morgen wird?",
    "Wird der Wind an meinem jetzigen Standort bis zum Abendessen nachlassen?",
    "Buche Mittagessen für eine Party von 8 Personen",
    "Schpiu Musig uf Lastfm .",
    "Weles Chino zeigt hüt Fiume?",
    "Du dr Wecker vo morn em Morge uf di sächse ändere .",
    "hoe is het weer vandaag?",
    "Hoe laat gaat de wekker morgen?",
    "quanto caldo sarà oggi",
    "cancella la mia sveglia di domani mattina",
    "Trova un cinema vicino a me",
    "akan seberapa panas hari ini",
    "Күн сайын оятқышты қос",
    "Жақын маңдағы мейрамхананы тап",
    "أريد تحسين النظام الغذائي",
    "ابحث عن مطعم يقدم الساشيمي",
    "王说他明天来。",
    "我买了一张票。",
]


@pytest.mark.parametrize("text", PRECISION)
def test_ordinary_words_are_not_names(text: str) -> None:
    assert [d for d in detect(text) if d.type == "NAME"] == [], detect(text)


def test_a_verb_opening_the_request_is_not_part_of_the_name() -> None:
    """ "Füge Ashley McIsaac ... hinzu": the name is scrubbed, the verb that opens the request is kept."""
    assert scrub("Füge Ashley McIsaac zu meiner Wiedergabeliste hinzu").text.startswith("Füge [NAME]")
    assert scrub("Add Ashley McIsaac to my party playlist").text.startswith("Add [NAME]")
