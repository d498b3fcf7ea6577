"""Over-masking, broken down by what was masked: placeholders in real requests that hold no personal data.

    .venv/bin/python -m bench.pii_overmasking [--show] [--summaries]

The rule used to judge a mask (stated in the issue note):
- A person's name is personal data wherever it stands. Private people (the contact "Lisa" in "remind me to
  pick Lisa up") must be masked; public people (the artist "Leland Sklar") are masked too, an accepted
  cost: the scrubber cannot tell a famous name from a private one, and a list of famous names would
  publish every private person who shares one. Masks on person names are therefore not over-masking.
- Places, titles of works, brands, venues and companies are not personal data: masking them is
  over-masking ("non-person" column), even when the word is also a surname ("Sinclair", a town).
- A full date is masked by policy wherever it appears (detectors_dates.py), reported apart ("DATE").
- A mask on a word that names nothing at all (a sentence-initial verb, a German noun, a dialect word)
  is a plain false positive ("not a name" column); the strictest figure.

xSID (15 languages, each a translation of the same English request) has no entity labels, so the named
things of each English source sentence were labelled by hand below (by `parallel_group`, from general
knowledge, with the spellings seen in translations); a mask is matched to them by the first four letters
of its words. CLINC150 is judged automatically: a NAME mask whose words are all listed given or family
names is a person, a DOB mask is a date, anything else counts as non-person (so it overstates).
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
from collections import Counter, defaultdict
from datetime import datetime, timezone
from pathlib import Path

from clio_pipeline.facets.offline import OfflineFacetExtractor
from clio_pipeline.privacy.detectors_name_words import FIRST_NAMES, SURNAMES, fold
from clio_pipeline.privacy.scrubber import detect, scrub
from clio_pipeline.types import Conversation, Message

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
if not DATA.exists():
    DATA = Path("/work/shared/data")
PERSON = {"PRIVATE", "ARTIST"}

# PRIVATE = a private person, ARTIST = a public person, PLACE, TITLE = a work, brand, venue or company.
XSID_ENTITIES: dict[int, list[tuple[str, str]]] = {
 24: [("PRIVATE", "Lisa リサ")], 93: [("PRIVATE", "Patrick パトリック")], 144: [("PRIVATE", "Dan Dans ダン")],
 155: [("PRIVATE", "imelda"), ("PLACE", "Missouri Миссуриде")], 200: [("PRIVATE", "shawn marguerite della"), ("PLACE", "Rwanda Ruanda 卢旺达")],
 265: [("PRIVATE", "stacy stcy watson adriana Стейси Уотсон Адриана"), ("PLACE", "Hallowell Minnesota Minnesota’daki 哈洛韦尔")],
 299: [("PRIVATE", "meredith betty erika erica fran")],
 154: [("ARTIST", "Dana"), ("TITLE", "Deezer"), ("TITLE", "shadowplay")], 156: [("ARTIST", "bob klose")],
 157: [("ARTIST", "Luis Luisa Alfonzo Alfonsa Larrain Lorejn")], 176: [("ARTIST", "Nastya Kamenskih Настя Каменских"), ("TITLE", "Martin Garrix Show")],
 178: [("ARTIST", "Joseph Utsler Джозеф Ютслердің")], 180: [("ARTIST", "Timour Timura Moutsouraev Mucuraeva Тимур Муцураев")],
 181: [("ARTIST", "Lee Lija Aaron Arona Ли Ааронның")], 182: [("ARTIST", "Fereydoun Ferejduna Farrokhzad Farokzada")],
 187: [("ARTIST", "Houston"), ("TITLE", "Spotify")], 209: [("ARTIST", "Kan Kana Mikami Mikamija"), ("TITLE", "Pre-Party")], 212: [("ARTIST", "Leland Lilanda Sklar")],
 229: [("ARTIST", "Juanes")], 231: [("ARTIST", "David Mallett Дэвид Мэллетті")], 239: [("ARTIST", "Gucci Mane")],
 241: [("ARTIST", "Ashley Ešlija McIsaac")], 247: [("ARTIST", "morten harket")], 248: [("ARTIST", "Richard Harvey Ричард Харвидің")],
 250: [("ARTIST", "Marion Elise Elis Raven Rejven Мэрион Элис Райвеннің")], 259: [("ARTIST", "Charles Neidich Чарльз Найдиктің")],
 267: [("ARTIST", "Armen Movsessian Армен Мовсесянды")], 283: [("ARTIST", "Jacob Džejkoba Hoggard Hogarda Джейкоб Хоггарды")],
 288: [("ARTIST", "Joseph Džozefa Meyer Majera Жозеф Мейердің")],
 158: [("PLACE", "Bahamas Багамада")], 142: [("PLACE", "Bordentown ボーデン")], 161: [("TITLE", "Vegucated")],
 198: [("TITLE", "Twinkler")], 199: [("TITLE", "Hadon Opar")], 201: [("TITLE", "Lastfm")],
 203: [("PLACE", "Hollenberg Hollenberf")], 237: [("TITLE", "Mirrorshades Mirrorshared")],
 253: [("ARTIST", "Kleptones"), ("TITLE", "Spotify Sporify")], 254: [("PLACE", "Moosic")], 169: [("PLACE", "sri lanka 斯里兰卡 Montana")], 184: [("PLACE", "Insel Isla Bastimentos Meeres-Nationalpark")],
 216: [("PLACE", "Guinea Gvineju Bissau Bisao")], 218: [("PLACE", "Tioga Colorado 蒂奥")], 223: [("PLACE", "Georgia")],
 238: [("PLACE", "Colorado Колорадо 科罗拉多")], 260: [("PLACE", "Wilderville 维尔 Montenegro")],
 266: [("PLACE", "Western Westsahara Westleche Sahara 撒哈拉")], 272: [("PLACE", "Sinclair Синклерде 辛克莱")],
 274: [("PLACE", "Virgin Isole Vergini Američkim Devičanskim Virjin Adaları Adaları'nda")], 191: [("PLACE", "Caribbean 加勒比")],
 208: [("TITLE", "Tarzan Apes Cobb Theatres Tiyatrolarında")], 214: [("TITLE", "Between")], 215: [("TITLE", "Halal Guys")],
 219: [("TITLE", "Ghost Shell Music")], 226: [("TITLE", "Storm")], 235: [("TITLE", "IBM Program")], 242: [("TITLE", "Soulful")],
 256: [("TITLE", "Alamo Drafthouse Sinemasında")], 257: [("TITLE", "Nameless Kingdom")], 258: [("TITLE", "Me'yi")],
 278: [("TITLE", "Marcus Corporation Coporation")], 289: [("TITLE", "Carolina")], 291: [("TITLE", "Flower Snake")],
 295: [("TITLE", "Santikos")], 297: [("TITLE", "Straight Chase")], 170: [("TITLE", "Boreas")],
}


def xsid_category(group: int, span: str, kind: str) -> str:
    """The labelled entity a mask falls on, "+EXTRA" when it also took a word outside it, or NOT_A_NAME."""
    if kind != "NAME":
        return "DATE" if kind == "DOB" else kind
    # Case suffixes after an apostrophe or hyphen (Turkish "Utsler'in", Kazakh "Sklar-дың") belong to the name.
    words = [w for w in (re.split(r"['’-]", w)[0].casefold() for w in span.split()) if len(w) >= 3 or not w.isascii()]
    for category, names in XSID_ENTITIES.get(group, []):
        stems = {name.casefold()[:4] for name in names.split()}
        if words and all(w[:4] in stems for w in words):
            return category
        if any(w[:4] in stems for w in words):
            return category + "+EXTRA"
    return "NOT_A_NAME"


def clinc_category(span: str, kind: str) -> str:
    if kind == "DOB":
        return "DATE"
    words = [w.strip("'’.,") for w in span.split()]
    if kind == "NAME" and words and all(fold(w) in FIRST_NAMES or fold(w) in SURNAMES for w in words):
        return "PERSON"
    return "OTHER"


def _report(name: str, rows: list[tuple[str, list[str]]], show: bool, examples: dict) -> None:
    n = len(rows)
    masked = sum(bool(cats) for _, cats in rows)
    non_person = sum(bool(set(cats) - PERSON - {"PERSON"}) for _, cats in rows)
    not_a_name = sum(any(c in ("NOT_A_NAME", "OTHER") or c.endswith("+EXTRA") for c in cats) for _, cats in rows)
    counts = Counter(c for _, cats in rows for c in set(cats))
    print(f"{name:<9}{n:>6}{100 * masked / n:>7.1f}%{100 * non_person / n:>10.1f}%{100 * not_a_name / n:>9.1f}%  "
          + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    if show and examples.get(name):
        print("           not a name:", examples[name][:30])


def _summary_masks(text: str) -> list[tuple[str, str]]:
    """(type, masked text) of every placeholder in the offline facet summary of `text`: the scrubber's
    detections on the summary, plus the words the proper-noun backstop (facets/summarize.py) replaced."""
    seen: list[tuple[str, str]] = []
    scrubbed_text: list[str] = []

    def recording_scrubber(raw: str):
        seen.extend((d.type, d.text) for d in detect(raw))
        result = scrub(raw)
        scrubbed_text.append(result.text)
        return result

    conversation = Conversation(conversation_id="c", user_id="u", created_at=datetime(2026, 1, 1, tzinfo=timezone.utc),
                                messages=[Message(role="user", content=text)])
    summary = OfflineFacetExtractor(scrubber=recording_scrubber).extract_one(conversation).summary
    if scrubbed_text:
        before, after = scrubbed_text[0].split(), summary.split()
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
            if tag == "replace" and any("[NAME]" in w for w in after[j1:j2]):
                seen.append(("NAME", " ".join(before[i1:i2]).strip(".,!?;:")))
    return seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show", action="store_true", help="list the masks that fall on no name")
    parser.add_argument("--summaries", action="store_true",
                        help="judge the placeholders of the offline facet summaries instead of the scrubbed text")
    args = parser.parse_args()
    examples: dict[str, list[str]] = defaultdict(list)
    print(f"{'set':<9}{'texts':>6}{'raw':>8}{'non-person':>11}{'not name':>10}  texts per category")
    xsid = DATA / "xsid_valid_multilingual.jsonl"
    if xsid.exists():
        per_language: dict[str, list[tuple[str, list[str]]]] = defaultdict(list)
        for row in map(json.loads, xsid.open()):
            text = row["messages"][0]["content"]
            cats = []
            masks = _summary_masks(text) if args.summaries else [(d.type, d.text) for d in detect(text)]
            for kind, masked in masks:
                category = xsid_category(row["parallel_group"], masked, kind)
                cats.append(category)
                if category == "NOT_A_NAME" or category.endswith("+EXTRA"):
                    examples[row["language"]].append(masked)
            per_language[row["language"]].append((text, cats))
        for language, rows in sorted(per_language.items()):
            _report(language, rows, args.show, examples)
    clinc = DATA / "clinc150_full.jsonl"
    if clinc.exists() and not args.summaries:
        rows = []
        for row in map(json.loads, clinc.open()):
            text = row["messages"][0]["content"]
            cats = [clinc_category(d.text, d.type) for d in detect(text)]
            examples["CLINC150"] += [d.text for d in detect(text) if clinc_category(d.text, d.type) == "OTHER"]
            rows.append((text, cats))
        _report("CLINC150", rows, args.show, examples)


if __name__ == "__main__":
    main()
