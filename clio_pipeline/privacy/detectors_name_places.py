"""Where a capitalised word names a place, a venue or a work rather than a person.

Places, titles, brands and venues are not personal data, and masking them blurs summaries and their
clusters. Capitals alone cannot tell "Hollenberg" (a town) from "Quarrington" (a person), but the words
around them often can, in ways that hold across languages and need no list of places:

- *place prepositions*: "in Bordentown", "at Boreas", "near Moosic", "a Sinclair", "bij Boreas", "on
  Lastfm" put a location or a platform after them; people are met "with", written "to", sent "for".
  A listed given name or a possessive ("at Lisa's") still counts as a person there.
- *institution nouns* right after the word ("Cobb Theatres", "Marcus Corporation", "Lincoln Center")
  make it part of a venue or company name.
- *titles*: words after a capitalised "The" in mid-sentence ("playing The Twinkler"), words inside
  quotation marks, and words after "called/titled" that follows a work noun ("a song called Storm").
- *Turkish case suffixes*: every Turkish proper noun takes its case ending after an apostrophe
  ("İstanbul'da", "Dana'nın"), so the apostrophe is no evidence of a person; the locative ("'da",
  "'deki", "'nda": in/at) is where places stand, so a name ending in it is a place.

Used by the Latin name detector (detectors_names.py) to drop venues and Turkish locatives, and by the
summary backstop (facets/summarize.py) to leave places and titles readable.
"""

from __future__ import annotations

import re

from clio_pipeline.privacy.detectors import Detection
from clio_pipeline.privacy.detectors import keyword_set as _words
from clio_pipeline.privacy.detectors_name_words import AMBIGUOUS_NAMES, FIRST_NAMES, KNOWN_NAMES, fold

# Prepositions (with Italian/Neapolitan/Dutch/Spanish/French/Portuguese contracted articles) after which
# a location, venue or platform is named. Not "to/for/from/with": people are written to and sent for.
PLACE_PREPOSITIONS = _words(
    """
    in at near nearby around inside outside on
    a al allo alla alle ai agli all' nel nello nella nelle nei negli vicino presso da dal dalla
    en dans à au aux chez près
    em no na nos nas
    bij nabij naar op
    bei im beim nahe
    """
)
# Words that open a place name: "South Carolina", "New Albany", "San Diego", "Fort Worth".
PLACE_PREFIXES = _words(
    """
    north south east west northern southern eastern western upper lower new old san santa santo são
    st saint ste fort port mount lake cape greater little
    """
)
# Nouns that make the capitalised word before them a venue, institution or company name.
INSTITUTION_WORDS = _words(
    """
    street st road rd avenue ave lane drive court place square park station airport hospital clinic
    university college school institute academy bank inc ltd llc corp corporation company co group
    hotel motel inn museum center centre church cathedral hall bridge beach river lake mountain island
    islands bay valley airlines motors records studios press times news club theatre theatres theater
    theaters cinema cinemas cineplex multiplex show festival restaurant cafe café bar grill pub bistro
    diner stadium arena mall market gallery library zoo foundation trust llp plc gmbh ag srl bv
    kino kinos sinema sinemasında tiyatro tiyatrolarında teatro cinéma
    """
)
# The institution nouns that are never family names ("Lisa Park", "Anna Hall" are people).
UNAMBIGUOUS_INSTITUTION_WORDS = INSTITUTION_WORDS - KNOWN_NAMES - AMBIGUOUS_NAMES
# Nouns of works after which "called X" / "titled X" names a title, not a person.
WORK_NOUNS = _words(
    """
    song songs album albums track tracks book books novel novels film films movie movies show shows series
    game games video videos trailer trailers photo photos photograph photographs picture pictures image
    images painting paintings playlist playlists podcast poem poems soundtrack program programme app
    canzone album libro film serie foto fotografia immagine colonna sonora programma
    lied buch bild spiel nummer boek foto liedje chanson livre canción libro película
    """
)
_TITLE_CUES = _words("called titled entitled named intitolata intitolato chiamata chiamato getiteld genaamd heißt")
_QUOTED = re.compile(r"[\"“”«»„]([^\"“”«»„]{1,80})[\"“”«»„]")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# Turkish case endings after an apostrophe; the locative (and "-ki" adjectives of it) marks a place.
_SUFFIXED = re.compile(r"^[^\W\d_]+['’][^\W\d_]{1,6}$")
_LOCATIVE = re.compile(r"['’](?:n?[dt][ae](?:ki)?)$", re.IGNORECASE)


def _previous_word(text: str, start: int) -> tuple[str, int]:
    """The word before `start` and where it starts ("", start when there is none)."""
    before = text[:start].rstrip()
    m = re.search(r"([^\W\d_][\w'’]*)$", before)
    return (m.group(1), m.start(1)) if m else ("", start)


def _next_word(text: str, end: int) -> str:
    m = _WORD.match(text, end + 1) if text[end : end + 1] == " " else None
    return m.group() if m else ""


def _possessive(text: str, end: int) -> bool:
    return text[end : end + 2] in ("'s", "’s")


def place_or_title(text: str, start: int, end: int) -> bool:
    """Whether the capitalised word(s) at text[start:end] stand where a place, venue or title stands.

    The context is read around the whole capitalised run the word belongs to: in "the best osteria in
    Hallowell Minnesota", "Minnesota" follows "in" too."""
    if _possessive(text, end) or text[start:end].endswith(("'s", "’s")):
        return False  # "at Lisa's": a person's place
    run_start, run_words = start, [text[start:end]]
    while True:
        previous, previous_start = _previous_word(text, run_start)
        if previous == "The" and not _sentence_start(text, previous_start):
            return True  # "playing The Twinkler", "my The Martin Garrix Show playlist"
        joined = text[previous_start + len(previous) : run_start].strip() == ""
        if not (previous[:1].isupper() and joined) or _sentence_start(text, run_start):
            break
        run_start, run_words = previous_start, [previous, *run_words]
    if any(fold(word) in PLACE_PREFIXES for word in run_words[:-1]):
        return True  # "South Carolina", "New Albany", "San Diego"
    if fold(previous) in PLACE_PREPOSITIONS and fold(run_words[0]) not in FIRST_NAMES:
        return True
    if fold(_next_word(text, end)) in INSTITUTION_WORDS:
        return True
    if fold(previous) in _TITLE_CUES and previous_start < run_start:
        work, _ = _previous_word(text, previous_start)
        if fold(work) in WORK_NOUNS:
            return True
    return any(q.start(1) <= start and end <= q.end(1) for q in _QUOTED.finditer(text))


def _sentence_start(text: str, start: int) -> bool:
    before = text[: max(start, 0)].rstrip()
    return not before or before[-1] in ".!?:;\n…"


def is_locative(word: str) -> bool:
    """A word with a Turkish locative ending after an apostrophe: "Minnesota’daki", "Adaları'nda"."""
    return bool(_SUFFIXED.match(word)) and bool(_LOCATIVE.search(word))


def split_at_case_suffixes(detection: Detection) -> list[Detection]:
    """A name found over a word with a case suffix ends at that word ("Raven'in Vibrations" is Raven's
    album); the pieces that end in a locative are places and are dropped ("Deezer'da Dana'nın" keeps
    "Dana'nın"). Text without an apostrophe suffix comes back unchanged."""
    if "'" not in detection.text and "’" not in detection.text:
        return [detection]
    pieces: list[Detection] = []
    piece_start: int | None = None
    for m in _WORD.finditer(detection.text):
        if piece_start is None:
            piece_start = m.start()
        if _SUFFIXED.match(m.group()):
            if not is_locative(m.group()):
                # What follows a suffixed word was joined to it only by capitals.
                return [*pieces, _piece(detection, piece_start, m.end())]
            piece_start = None  # a place; a name may follow it
    if piece_start is not None:
        pieces.append(_piece(detection, piece_start, len(detection.text)))
    return pieces


def _piece(detection: Detection, start: int, end: int) -> Detection:
    return Detection(detection.type, detection.start + start, detection.start + end,
                     detection.text[start:end], detection.score)
