"""Choosing a name by how well it tells a cluster from its nearest siblings: no bare verbs, no vague words."""

from __future__ import annotations

import numpy as np

from clio_pipeline.clustering.function_words import is_vague
from clio_pipeline.clustering.name_choice import Candidate, name_margins, pointing_home_first, separation
from clio_pipeline.clustering.naming import N_EMBEDDED, keeps_words, name_clusters_offline
from clio_pipeline.clustering.phrases import Scored, analyse
from clio_pipeline.privacy.policy import FALLBACK_NAME

PLACES = ["paris", "rome", "berlin", "madrid", "vienna", "prague", "lisbon", "dublin", "oslo", "athens"]


def _name(groups: list[list[str]], centroids: np.ndarray | None = None, min_users: int = 5):
    summaries = [text for texts in groups for text in texts]
    users = [f"g{g}-u{i}" for g, texts in enumerate(groups) for i in range(len(texts))]
    labels = np.asarray([g for g, texts in enumerate(groups) for _ in texts])
    centroids = np.eye(len(groups), dtype=np.float32) if centroids is None else centroids
    return name_clusters_offline(summaries, users, labels, centroids[labels], centroids, min_users=min_users)


def test_siblings_that_share_the_verb_are_named_by_what_they_book() -> None:
    """"Book" opens every request of both clusters: it tells neither apart, so it is never the name alone."""
    tables = [f"book a table at a restaurant in {p}" for p in PLACES]
    flights = [f"book a flight to {p} next week" for p in PLACES]
    labels = _name([tables, flights])
    assert "table" in labels[0].name.lower() or "restaurant" in labels[0].name.lower(), labels[0].name
    assert "flight" in labels[1].name.lower(), labels[1].name
    assert labels[0].name.split()[0] == "Book" and len(labels[0].name.split()) > 1


def test_siblings_that_share_the_topic_are_named_by_what_they_do_with_it() -> None:
    """"alarm" is in every request of both: the names carry the verb that sets each apart."""
    setting = [f"set an alarm for {h} tomorrow" for h in range(5, 15)]
    cancelling = [f"cancel my alarm for {h} tomorrow" for h in range(5, 15)]
    labels = _name([setting, cancelling])
    assert labels[0].name.lower().startswith("set") and "alarm" in labels[0].name.lower(), labels[0].name
    assert labels[1].name.lower().startswith("cancel") and "alarm" in labels[1].name.lower(), labels[1].name


def test_separation_prefers_what_the_nearest_sibling_does_not_share() -> None:
    def docs(texts: list[str]) -> list:
        return [analyse(t, f"u{i}", "en", lambda w: True) for i, t in enumerate(texts)]

    inside = docs([f"set an alarm for {h}" for h in range(10)])
    sibling = docs([f"cancel the alarm for {h}" for h in range(10)])

    def candidate(*key: str) -> Candidate:
        return Candidate(" ".join(key), (key,), Scored(key, " ".join(key), 1.0, 10, False), 1.0)

    assert separation(candidate("alarm"), inside, [sibling]) == 0.0  # both use it
    assert separation(candidate("set", "an", "alarm"), inside, [sibling]) > 0.9
    assert separation(candidate("cancel"), inside, [sibling]) == 0.0  # not used here at all


def test_vague_words_and_fragments_do_not_name_alone() -> None:
    assert is_vague("good", "en") and is_vague("need", "en") and is_vague("d", "en")
    assert not is_vague("alarm", "en") and not is_vague("playlist", "en") and not is_vague("天気", "ja")


def test_a_name_the_privacy_pass_emptied_of_its_topic_is_not_taken() -> None:
    assert keeps_words("Help with reminders", "Help with reminders", "en")
    assert not keeps_words("Help", "Help with Erinnerung", "en")
    assert keeps_words("Wecker stellen [de]", "Wecker stellen", "de")


def test_a_cluster_of_one_request_in_many_languages_is_named_from_words_many_users_wrote() -> None:
    """Six translations, one user each, no phrase twice in one language: the last pass (all members)
    names it from "playlist", which many users wrote; a word only one user wrote never appears."""
    english = [f"add this song to my playlist for the {p} trip" for p in PLACES]
    translations = ["aggiungi questa canzone alla playlist zorbatique", "füge dieses lied zur playlist hinzu",
                    "ajoute cette chanson à la playlist", "añade esta canción a la playlist",
                    "voeg dit nummer toe aan de playlist", "lägg till den här låten i playlist"]
    weather = [f"what is the weather forecast for {p} tomorrow" for p in PLACES]
    centroids = np.asarray([[1, 0, 0], [0.9, 0.43, 0], [0, 0, 1]], dtype=np.float32)
    labels = _name([english, translations, weather], centroids=centroids)
    assert labels[1].name != FALLBACK_NAME and "playlist" in labels[1].name.lower(), labels[1].name
    published = " ".join(f"{lab.name} {lab.description}" for lab in labels.values()).lower()
    assert "zorbatique" not in published and "canzone" not in published
    assert len({lab.name for lab in labels.values()}) == 3


def test_margins_say_which_names_land_nearest_their_own_centroid() -> None:
    centroids = np.eye(3, dtype=np.float32)
    names = np.asarray([[0.9, 0.1, 0.0], [0.2, 0.8, 0.0], [0.5, 0.5, 0.0]], dtype=np.float32)
    margins = name_margins(names, 0, centroids)
    assert margins[0] > 0 > margins[1] and abs(margins[2]) < 1e-6
    assert name_margins(names, 0, centroids[:1]).tolist() == [1.0, 1.0, 1.0]  # no sibling to confuse it with


def test_names_pointing_home_keep_their_order_and_the_others_follow_least_ambiguous_first() -> None:
    assert pointing_home_first([-0.2, 0.1, -0.05, 0.3]) == [1, 3, 2, 0]
    assert pointing_home_first([0.4, 0.1]) == [0, 1]  # the separation's first choice stays when it points home


def _topic_encoder(topics: list[str]):
    """A stand-in embedder: a text points at the first topic word it holds (else nowhere in particular)."""
    def encode(texts: list[str]) -> np.ndarray:
        out = np.full((len(texts), len(topics)), 0.1, dtype=np.float32)
        for row, text in enumerate(texts):
            hits = [i for i, word in enumerate(topics) if word in text.lower()]
            if hits:
                out[row, hits[0]] = 1.0
        encode.calls.append(len(texts))
        return out
    encode.calls = []
    return encode


def test_with_an_embedder_the_name_is_the_candidate_that_lands_on_its_own_cluster() -> None:
    """Without the embedder both clusters are named by the phrase that separates them most; an embedder that
    reads "alarm" as the other cluster's topic sends the first cluster's name to its next candidate."""
    setting = [f"set an alarm for {h} tomorrow morning" for h in range(5, 15)]
    cancelling = [f"cancel my alarm for {h} tomorrow" for h in range(5, 15)]
    groups = [setting, cancelling]
    plain = _name(groups)
    assert "alarm" in plain[0].name.lower(), plain[0].name
    summaries = [text for texts in groups for text in texts]
    users = [f"g{g}-u{i}" for g, texts in enumerate(groups) for i in range(len(texts))]
    labels = np.asarray([g for g, texts in enumerate(groups) for _ in texts])
    centroids = np.eye(2, dtype=np.float32)
    encode = _topic_encoder(["morning", "alarm"])
    named = name_clusters_offline(summaries, users, labels, centroids[labels], centroids, min_users=5, encode=encode)
    assert "morning" in named[0].name.lower() and "alarm" not in named[0].name.lower(), named[0].name
    assert "alarm" in named[1].name.lower(), named[1].name
    assert encode.calls and sum(encode.calls) <= N_EMBEDDED * 2  # one small batch, not one call per name


def _groups_and_centroids(groups: list[list[str]]):
    summaries = [text for texts in groups for text in texts]
    users = [f"g{g}-u{i}" for g, texts in enumerate(groups) for i in range(len(texts))]
    labels = np.asarray([g for g, texts in enumerate(groups) for _ in texts])
    centroids = np.eye(len(groups), dtype=np.float32)
    return summaries, users, labels, centroids


GERMAN_ALARMS = [f"bitte stelle den wecker für morgen früh um {h} uhr" for h in range(5, 15)]


def test_a_cluster_whose_english_name_lands_on_a_sibling_is_named_in_its_own_language() -> None:
    """Every English phrase of the first cluster holds "alarm", which (for this stand-in embedder) is the
    second cluster's topic; its German members' "Wecker" lands home, so the name is German, tagged."""
    setting = [f"set an alarm for {h}" for h in range(5, 15)] + GERMAN_ALARMS
    cancelling = [f"cancel my alarm for {h} tomorrow" for h in range(5, 15)]
    summaries, users, labels, centroids = _groups_and_centroids([setting, cancelling])
    plain = name_clusters_offline(summaries, users, labels, centroids[labels], centroids, min_users=5)
    assert "alarm" in plain[0].name.lower(), plain[0].name  # without the embedder: the English phrase
    named = name_clusters_offline(summaries, users, labels, centroids[labels], centroids, min_users=5,
                                  encode=_topic_encoder(["wecker", "alarm"]))
    assert "wecker" in named[0].name.lower() and named[0].name.endswith("[de]"), named[0].name
    assert "alarm" in named[1].name.lower(), named[1].name


def test_an_embedder_that_favours_a_word_one_user_wrote_never_gets_it_published() -> None:
    """The embedder only reorders candidates the word rule let through: a rare (planted) word that would
    land the name home is not among them, in any round."""
    setting = [f"set an alarm for {h}" for h in range(5, 15)] + ["wake zorbatique up, set an alarm at six"]
    cancelling = [f"cancel my alarm for {h} tomorrow" for h in range(5, 15)]
    summaries, users, labels, centroids = _groups_and_centroids([setting, cancelling])
    named = name_clusters_offline(summaries, users, labels, centroids[labels], centroids, min_users=5,
                                  encode=_topic_encoder(["zorbatique", "alarm"]))
    published = " ".join(f"{lab.name} {lab.description}" for lab in named.values()).lower()
    assert "zorbatique" not in published and named[0].name != FALLBACK_NAME, published


def test_the_offline_backend_hands_its_namer_the_embedder_loaded_on_first_use() -> None:
    from clio_pipeline.backends import OfflineBackend

    loads = []

    def embed():
        loads.append(1)
        return _topic_encoder(["morning", "alarm"])

    setting = [f"set an alarm for {h} tomorrow morning" for h in range(5, 15)]
    cancelling = [f"cancel my alarm for {h} tomorrow" for h in range(5, 15)]
    summaries, users, labels, centroids = _groups_and_centroids([setting, cancelling])
    namer = OfflineBackend().cluster_namer(embed)
    assert not loads  # nothing loaded before naming needs it
    named = namer(summaries, users, labels, centroids[labels], centroids, min_users=5)
    assert loads and "morning" in named[0].name.lower(), named[0].name
