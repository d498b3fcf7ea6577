"""Offline English gloss of non-English summaries (`clio_pipeline.facets.gloss`)."""

from __future__ import annotations

import json
import re
import socket

import pytest

from clio_pipeline.facets.gloss import (
    LEXICON_DIR,
    Glosser,
    fold,
    gloss_to_english,
    parse_lexicon,
    stem,
    supported_languages,
)
from clio_pipeline_tests.conftest import SHARED_DATA

CORE_LANGUAGES = ("es", "fr", "de", "pt")


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z']+", text.lower()))


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "es",
            "¿Puedes escribir una carta de presentación para un trabajo de enfermera?",
            {"write", "letter", "job", "nurse"},
        ),
        ("es", "Necesito una receta de pollo con arroz para la cena", {"recipe", "chicken", "rice", "dinner"}),
        ("es", "Explícame cómo funcionan las bases de datos", {"explain", "how", "database"}),
        ("pt", "Pode criar um treino de 12 semanas para perder gordura?", {"create", "workout", "weeks", "fat"}),
        ("pt", "Como faço para corrigir este erro no meu código Python?", {"correct", "error", "code"}),
        ("fr", "Peux-tu m'aider à écrire une lettre de motivation pour un poste d'infirmière ?", {"help", "write", "cover", "letter", "nurse"}),
        ("fr", "Qu'est-ce que l'apprentissage automatique ?", {"what", "machine", "learning"}),
        ("fr", "Donne-moi des idées de recettes végétariennes pour la semaine", {"ideas", "recipes", "vegetarian", "week"}),
        ("de", "Kannst du mir einen Trainingsplan für zwölf Wochen erstellen?", {"training", "plan", "twelve", "weeks", "create"}),
        ("de", "Schreibe eine E-Mail an meinen Chef wegen meines Urlaubs", {"write", "email", "boss", "vacation"}),
        ("de", "Wie berechne ich die Ableitung dieser Funktion?", {"how", "calculate", "derivative", "function"}),
    ],
)  # fmt: skip
def test_gloss_gives_english_content_words(language: str, text: str, expected: set[str]) -> None:
    glossed = gloss_to_english(text, language)
    assert expected <= _words(glossed), glossed


@pytest.mark.parametrize("language", CORE_LANGUAGES)
def test_every_core_lexicon_exists_parses_and_is_substantial(language: str) -> None:
    assert language in supported_languages()
    text = (LEXICON_DIR / f"lexicon_{language}.txt").read_text(encoding="utf-8")
    lexicon = parse_lexicon(text, language)
    assert len(lexicon) >= 1500
    assert lexicon.phrases, "multi-word entries are expected"


def test_malformed_lexicon_line_is_an_error_naming_the_line() -> None:
    with pytest.raises(ValueError, match="line 2"):
        parse_lexicon("hola\thello\nsin tabulador\n", "es")


@pytest.mark.parametrize("language", ["en", "und"])
def test_english_and_undetermined_pass_through_unchanged(language: str) -> None:
    text = "¿Puedes escribir una carta?  Write a cover letter for [NAME], please!"
    assert gloss_to_english(text, language) == text


def test_language_without_lexicon_passes_through_unchanged() -> None:
    text = "Напиши письмо начальнику"
    assert gloss_to_english(text, "ru") == text


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "Escribe un correo a [NAME] sobre [EMAIL] y [PHONE_NUMBER]"),
        ("fr", "Écris un courriel à [NAME] au sujet de [EMAIL]"),
        ("de", "Schreibe eine Nachricht an [NAME] wegen [EMAIL]"),
        ("pt", "Escreva um e-mail para [NAME] sobre [EMAIL]"),
    ],
)
def test_placeholders_are_kept_intact(language: str, text: str) -> None:
    glossed = gloss_to_english(text, language)
    for placeholder in re.findall(r"\[[A-Z_]+\]", text):
        assert placeholder in glossed, glossed


def test_unknown_words_are_kept_as_written() -> None:
    glossed = gloss_to_english("Necesito ayuda con Zorblaxian y Kwyjibo", "es")
    assert "Zorblaxian" in glossed and "Kwyjibo" in glossed
    assert "help" in _words(glossed)


def test_gloss_adds_no_text_beyond_the_lexicon_and_the_input() -> None:
    # Privacy: the gloss may only emit lexicon English or the input's own tokens, so it cannot
    # introduce (or reconstruct) personal data that the scrubber removed.
    text = "Mi vecino [NAME] vive en la calle [ADDRESS] y su número es [PHONE_NUMBER]"
    glossed = gloss_to_english(text, "es")
    lexicon_words = _words((LEXICON_DIR / "lexicon_es.txt").read_text(encoding="utf-8"))
    allowed = lexicon_words | _words(text)
    assert _words(glossed) <= allowed
    assert glossed.count("[") == text.count("[")


@pytest.mark.parametrize(
    "planted",
    [
        "maria.lopez@example.com",
        "https://example.org/u/maria-lopez?id=7",
        "C:\\Users\\mlopez\\cv.docx",
        "mlopez_85",
    ],
)
def test_planted_personal_data_shapes_survive_verbatim(planted: str) -> None:
    # The gloss runs on scrubbed text and is no scrubber, but it must never break an address, link
    # or identifier into innocent-looking words that a later privacy check would no longer match.
    glossed = gloss_to_english(f"Escribe a {planted} o al 612 345 678 hoy", "es")
    assert planted in glossed.split(), glossed
    assert "612 345 678" in glossed


def test_german_compounds_are_split_into_known_parts() -> None:
    glosser = Glosser("de")
    assert glosser.lookup("Bewerbungsschreiben") == "cover letter"  # a lexicon entry wins over a split
    assert glosser.lookup("Gemüsesuppe") == "vegetables soup"
    assert glosser.lookup("Datenbankabfrage") == "database query"
    assert glosser.lookup("Urlaubsplanung") == "vacation planning"  # linking -s-
    assert glosser.lookup("Hundefutterrezepte") is None or "dog" in glosser.lookup("Hundefutterrezepte")


def test_compound_split_never_uses_function_words_as_parts() -> None:
    # "der" + "..." or "und" + "..." would turn unknown names into English-looking noise.
    assert Glosser("de").lookup("Derundmitzzq") is None


def test_french_elisions_and_contractions() -> None:
    glossed = gloss_to_english("L'histoire de l'art et l'économie du Japon aux États-Unis", "fr")
    words = _words(glossed)
    assert {"story", "art", "economy"} <= words
    assert "l" not in words and "d" not in words


def test_contractions_are_glossed() -> None:
    assert "the" in _words(gloss_to_english("el precio del coche", "es"))
    assert {"to", "the", "gym"} <= _words(gloss_to_english("Ich gehe zum Fitnessstudio", "de"))
    assert {"in", "the", "kitchen"} <= _words(gloss_to_english("na cozinha", "pt"))


def test_inflected_forms_find_their_lemma() -> None:
    assert Glosser("es").lookup("escribiendo") == "write"
    assert Glosser("es").lookup("recomiéndame") == "recommend"
    assert Glosser("es").lookup("presupuestos") == "budgets"
    assert Glosser("pt").lookup("planejando") == "plan"
    assert Glosser("fr").lookup("organisons") == "organize"
    assert Glosser("de").lookup("Rezepten") in {"recipe", "recipes"}


def test_meaningless_function_words_are_dropped() -> None:
    glossed = gloss_to_english("Kannst du mir mal eben doch helfen", "de")
    assert _words(glossed) & {"mal", "eben", "doch"} == set()
    assert "help" in _words(glossed)
    assert "ne" not in _words(gloss_to_english("Je ne comprends pas", "fr"))


def test_accent_folding_matches_unaccented_typing() -> None:
    assert gloss_to_english("explicame la programacion de funciones en ingles", "es") == gloss_to_english(
        "explícame la programación de funciones en inglés", "es"
    )
    assert fold("Straße") == "strasse" and fold("Educación") == "educacion"


def test_stem_keeps_a_minimum_length() -> None:
    assert stem("las", "es") == "las"
    assert stem("escribiendo", "es") == "escrib"


def test_gloss_is_deterministic_and_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the gloss must not touch the network")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    text = "Hazme un plan de comidas saludables para la semana"
    first = Glosser("es").gloss(text)
    assert first == gloss_to_english(text, "es") == Glosser("es").gloss(text)


def test_real_multilingual_turns_gloss_without_errors() -> None:
    path = SHARED_DATA / "wildchat_convotopo.jsonl"
    if not path.is_file():
        pytest.skip("public data set absent")
    glossed = 0
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row.get("language") in CORE_LANGUAGES:
                for message in row["messages"]:
                    if message["role"] == "user":
                        assert isinstance(gloss_to_english(message["content"][:2000], row["language"]), str)
                        glossed += 1
    assert glossed > 0
