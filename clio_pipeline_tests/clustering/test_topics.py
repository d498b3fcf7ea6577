"""Stable topics, core: steady k, warm-start seeds, new content, Hungarian matching, lineage and names."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from clio_pipeline.clustering.kmeans import KSelection, faiss_kmeans
from clio_pipeline.clustering.topics import (
    BIRTH,
    DEATH,
    MERGE,
    RENAME,
    SPLIT,
    CurrentCluster,
    PreviousTopics,
    carry_names,
    topic_id_for,
    track_topics,
)
from clio_pipeline.clustering.warm import split_new_content, steady_k, warm_start_centroids

DAY0, DAY1 = date(2026, 1, 6), date(2026, 1, 7)


def unit(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v, axis=-1, keepdims=True)).astype(np.float32)


@pytest.fixture(scope="module")
def directions() -> np.ndarray:
    return unit(np.random.default_rng(0).normal(size=(6, 32)))


def previous(directions: np.ndarray, members: dict[str, int], sizes=None) -> PreviousTopics:
    m = len(directions)
    return PreviousTopics(
        day=DAY0, cluster_ids=[f"c{i}" for i in range(m)], topic_ids=[f"T{i}" for i in range(m)],
        centroids=directions, sizes=sizes or [10] * m, names=[f"name {i}" for i in range(m)],
        descriptions=[f"description {i}" for i in range(m)], named_on=[DAY0] * m, anchors=directions,
        members=members,
    )


def nudge(v: np.ndarray, amount: float, seed: int) -> np.ndarray:
    return unit(v + amount * np.random.default_rng(seed).normal(size=v.shape))


def test_unchanged_clusters_keep_their_topics_whatever_their_order(directions) -> None:
    before = previous(directions[:4], {f"x{i}": i for i in range(4)})
    order = [2, 0, 3, 1]
    now = [CurrentCluster(f"n{j}", nudge(directions[i], 0.02, j), [f"x{i}"]) for j, i in enumerate(order)]
    update = track_topics(DAY1, now, before)
    assert [update.links[f"n{j}"].topic_id for j in range(4)] == [f"T{i}" for i in order]
    assert update.events == [] and all(link.similarity > 0.95 for link in update.links.values())


def test_a_new_direction_is_born_and_a_vanished_one_dies(directions) -> None:
    before = previous(directions[:3], {})
    now = [CurrentCluster("n0", directions[0], []), CurrentCluster("n1", directions[1], []),
           CurrentCluster("n2", directions[5], [])]
    update = track_topics(DAY1, now, before)
    assert update.links["n2"].topic_id == topic_id_for(DAY1, 0) and update.links["n2"].origin == BIRTH
    events = {(e.topic_id, e.event) for e in update.events}
    assert events == {(topic_id_for(DAY1, 0), BIRTH), ("T2", DEATH)}


def test_below_the_threshold_a_cluster_does_not_inherit_an_id(directions) -> None:
    # The only previous cluster is some way off: Hungarian would pair them, the threshold must not.
    before = previous(directions[:1], {})
    far = unit(directions[0] + 1.2 * directions[4])
    assert float(far @ directions[0]) < 0.8
    update = track_topics(DAY1, [CurrentCluster("n0", far, [])], before)
    assert update.links["n0"].topic_id != "T0"


def test_split_and_merge_follow_the_members(directions) -> None:
    members = {f"a{i}": 0 for i in range(10)} | {f"b{i}": 1 for i in range(10)} | {f"c{i}": 2 for i in range(10)}
    before = previous(directions[:3], members)
    now = [
        CurrentCluster("n0", directions[0], [f"a{i}" for i in range(6)] + [f"c{i}" for i in range(8)]),
        CurrentCluster("n1", directions[5], [f"a{i}" for i in range(6, 10)] + ["new1"]),  # split off T0
        CurrentCluster("n2", directions[1], [f"b{i}" for i in range(10)]),
    ]
    update = track_topics(DAY1, now, before)
    assert update.links["n0"].topic_id == "T0" and update.links["n2"].topic_id == "T1"
    split = [e for e in update.events if e.event == SPLIT]
    merge = [e for e in update.events if e.event == MERGE]
    assert [(e.topic_id, e.related_topic_id) for e in split] == [(update.links["n1"].topic_id, "T0")]
    assert [(e.topic_id, e.related_topic_id) for e in merge] == [("T2", "T0")]


def test_a_split_topic_keeps_its_id_on_the_child_holding_most_of_its_members(directions) -> None:
    # T0 (60 members) splits in two; both children are near its centroid, the smaller one nearer. The id
    # stays with the larger child (fewest conversations change id), and the smaller one is a split of T0.
    members = {f"a{i}": 0 for i in range(60)} | {f"b{i}": 1 for i in range(20)}
    before = previous(directions[:2], members)
    large, small = nudge(directions[0], 0.06, 1), nudge(directions[0], 0.02, 2)
    assert 0.9 <= float(large @ directions[0]) < float(small @ directions[0])
    now = [CurrentCluster("n0", small, [f"a{i}" for i in range(24)]),
           CurrentCluster("n1", large, [f"a{i}" for i in range(24, 60)]),
           CurrentCluster("n2", directions[1], [f"b{i}" for i in range(20)])]
    update = track_topics(DAY1, now, before)
    assert update.links["n1"].topic_id == "T0" and update.links["n2"].topic_id == "T1"
    assert update.links["n0"].origin == SPLIT
    assert [(e.event, e.related_topic_id) for e in update.events] == [(SPLIT, "T0")]


def test_of_two_even_children_the_one_made_of_the_old_topic_keeps_its_id(directions) -> None:
    # T0 splits about evenly (18 and 17 of its 46 conversations still in the window); the child with 18 also
    # took 14 of T1's conversations and sits a little nearer T0's centroid. The id stays with the child made
    # mostly of T0 (the generator's 4-day topics run had this: an e-mail topic's id went to the half that
    # took in a new care-giving topic, and the e-mail half was reported as a new topic).
    members = {f"a{i}": 0 for i in range(46)} | {f"b{i}": 1 for i in range(40)}
    before = previous(directions[:2], members)
    mixed, pure = nudge(directions[0], 0.02, 3), nudge(directions[0], 0.05, 4)
    assert 0.9 <= float(pure @ directions[0]) < float(mixed @ directions[0])
    now = [CurrentCluster("mixed", mixed, [f"a{i}" for i in range(18)] + [f"b{i}" for i in range(14)]
                          + [f"new{i}" for i in range(40)]),
           CurrentCluster("pure", pure, [f"a{i}" for i in range(18, 35)] + [f"new{i}" for i in range(40, 50)]),
           CurrentCluster("rest", directions[1], [f"b{i}" for i in range(14, 40)])]
    update = track_topics(DAY1, now, before)
    assert update.links["pure"].topic_id == "T0" and update.links["rest"].topic_id == "T1"
    assert update.links["mixed"].origin in (SPLIT, BIRTH) and update.links["mixed"].topic_id.startswith("T2026")


def test_same_input_gives_the_same_ids(directions) -> None:
    before = previous(directions[:3], {})
    now = [CurrentCluster(f"n{j}", d, []) for j, d in enumerate(directions[2:6])]
    first, second = track_topics(DAY1, now, before), track_topics(DAY1, now, before)
    assert {k: v.topic_id for k, v in first.links.items()} == {k: v.topic_id for k, v in second.links.items()}


def test_warm_start_keeps_the_largest_or_extends_with_kmeans_plus_plus(directions) -> None:
    X = unit(np.repeat(directions, 30, axis=0) + 0.05 * np.random.default_rng(1).normal(size=(180, 32)))
    before = previous(directions[:4], {}, sizes=[5, 50, 20, 40])
    fewer = warm_start_centroids(X, 2, before, seed=0)
    assert np.allclose(fewer, directions[[1, 3]], atol=1e-6)  # the two smallest were dropped
    more = warm_start_centroids(X, 6, before, seed=0)
    assert more.shape == (6, 32) and np.allclose(more[:4], directions[[1, 3, 2, 0]], atol=1e-6)
    # The two extra seeds land on the two directions yesterday did not have.
    assert {int(np.argmax(directions @ s)) for s in more[4:]} == {4, 5}
    result = faiss_kmeans(X, 6, seed=0, init=more)
    assert sorted(np.bincount(result.labels).tolist()) == [30] * 6


def test_names_stay_until_the_content_moves_or_a_word_is_no_longer_allowed(directions) -> None:
    before = previous(directions[:3], {})
    now = [CurrentCluster("n0", nudge(directions[0], 0.05, 1), []),  # barely moved
           CurrentCluster("n1", unit(directions[1] + 0.8 * directions[4]), []),  # drifted: still T1, new name
           CurrentCluster("n2", directions[2], [])]
    update = track_topics(DAY1, now, before, match_cosine=0.5)
    assert update.links["n1"].topic_id == "T1"
    fresh = {c.cluster_id: (f"fresh {c.cluster_id}", "fresh description") for c in now}
    names, events = carry_names(DAY1, now, update, before, fresh, allowed=lambda text: "name 2" not in text)
    assert names["n0"].name == "name 0" and names["n0"].kept and names["n0"].named_on == DAY0
    assert names["n1"].name == "fresh n1" and names["n1"].named_on == DAY1
    assert names["n2"].name == "fresh n2"  # unmoved, but the word rule no longer allows its old text
    assert {(e.topic_id, e.event) for e in events} == {("T1", RENAME), ("T2", RENAME)}


def selection(k: int, method: str, scores: dict[int, float]) -> KSelection:
    return KSelection(k=k, method=method, candidates=sorted(scores.items()), reason="test")


def test_k_stays_unless_the_size_or_a_clear_silhouette_gain_moves_it() -> None:
    flat = {10: 0.150, 14: 0.158, 20: 0.162, 28: 0.170, 40: 0.172}  # noise-sized differences
    today = selection(28, "silhouette_peak_near_size", flat)
    kept = steady_k(today, 20, n=2000, target_size=100)
    assert kept.k == 20 and kept.method == "kept_previous"
    assert steady_k(today, 17, n=2000, target_size=100).k == 17  # between candidates: interpolated score
    peak = selection(28, "silhouette_peak_near_size", {**flat, 28: 0.230})  # far beyond the noise
    assert steady_k(peak, 20, n=2000, target_size=100).k == 28
    grown = selection(40, "target_size", flat)  # the window doubled: yesterday's k is out of the band
    assert steady_k(grown, 20, n=4000, target_size=100).k == 40
    pinned = KSelection(k=7, method="pinned", candidates=[], reason="pinned")
    assert steady_k(pinned, 20, n=2000, target_size=100).k == 7


def test_members_carry_a_topic_whose_centroid_is_noisy(directions) -> None:
    # A small cluster whose centroid moved below the cosine threshold, but whose conversations stayed.
    before = previous(directions[:2], {f"a{i}": 0 for i in range(6)} | {f"b{i}": 1 for i in range(6)})
    moved = unit(directions[0] + 0.9 * directions[3])
    assert float(moved @ directions[0]) < 0.9
    now = [CurrentCluster("n0", moved, [f"a{i}" for i in range(5)] + [f"new{i}" for i in range(5)]),
           CurrentCluster("n1", unit(directions[1] + 0.9 * directions[4]), ["b0", "new9"] + [f"new1{i}" for i in range(8)])]
    update = track_topics(DAY1, now, before)
    assert update.links["n0"].topic_id == "T0"  # half of it is T0's conversations: the same content
    assert update.links["n1"].topic_id != "T1"  # mostly new conversations: new content, however close


def test_a_kept_name_whose_word_fewer_users_use_today_is_replaced(directions) -> None:
    """Privacy: yesterday's name may carry a word that today's window no longer gives enough users."""
    from clio_pipeline.clustering.kmeans import KMeansResult
    from clio_pipeline.clustering.lineage import assign_topics
    from clio_pipeline.clustering.naming import ClusterLabel
    from clio_pipeline.clustering.window import WindowData, base_cluster_id

    ids = [f"x{i}" for i in range(20)]
    summaries = ["The user plans a zorbington garden party." if i < 2 else "The user plans a garden party."
                 for i in range(20)]  # the rare word: 2 users today, 5 needed
    window = WindowData(ids, [f"u{i}" for i in range(20)], summaries, np.repeat(directions[:2], 10, axis=0))
    result = KMeansResult(np.repeat([0, 1], 10), directions[:2].copy(), np.zeros(20, np.float32))
    before = PreviousTopics(
        day=DAY0, cluster_ids=["c0", "c1"], topic_ids=["T0", "T1"], centroids=directions[:2], sizes=[10, 10],
        names=["Zorbington garden party", "Garden party"], descriptions=["The user plans.", "The user plans."],
        named_on=[DAY0, DAY0], anchors=directions[:2], members={i: 0 if n < 10 else 1 for n, i in enumerate(ids)})
    fresh = {0: ClusterLabel(name="Garden party plans", description="Plans."),
             1: ClusterLabel(name="Party planning", description="Plans.")}
    assignment = assign_topics(DAY1, window, result, fresh, before, min_users=5)
    assert [row["topic_id"] for row in assignment.rows] == ["T0", "T1"]  # both continue
    assert assignment.labels[0].name == "Garden party plans"  # the rare word's name was not kept
    assert assignment.labels[1].name == "Garden party"  # an unmoved, still publishable name is kept
    assert assignment.rows[0]["cluster_id"] == base_cluster_id(DAY1, 0) and not assignment.rows[0]["kept"]
    assert [(e.topic_id, e.event) for e in assignment.events] == [("T0", RENAME)]


def test_a_kept_name_keeps_its_language_tag_and_a_tagged_rare_word_is_still_replaced(directions) -> None:
    """The tag is code added after the word rule: it must neither rename a topic daily nor shield a word."""
    from clio_pipeline.clustering.kmeans import KMeansResult
    from clio_pipeline.clustering.lineage import assign_topics
    from clio_pipeline.clustering.naming import ClusterLabel
    from clio_pipeline.clustering.window import WindowData

    ids = [f"x{i}" for i in range(20)]
    summaries = ["Пользователь планирует зорбингтон вечеринку на день рождения." if i < 2
                 else "Пользователь планирует вечеринку на день рождения."
                 for i in range(20)]  # the rare word: 2 users today, 5 needed
    window = WindowData(ids, [f"u{i}" for i in range(20)], summaries, np.repeat(directions[:2], 10, axis=0))
    result = KMeansResult(np.repeat([0, 1], 10), directions[:2].copy(), np.zeros(20, np.float32))
    before = PreviousTopics(
        day=DAY0, cluster_ids=["c0", "c1"], topic_ids=["T0", "T1"], centroids=directions[:2], sizes=[10, 10],
        names=["Зорбингтон день рождения [ru]", "День рождения [ru]"], descriptions=["", ""],
        named_on=[DAY0, DAY0], anchors=directions[:2], members={i: 0 if n < 10 else 1 for n, i in enumerate(ids)})
    fresh = {0: ClusterLabel(name="Планирует вечеринку [ru]", description=""),
             1: ClusterLabel(name="Вечеринку [ru]", description="")}
    assignment = assign_topics(DAY1, window, result, fresh, before, min_users=5)
    assert [row["topic_id"] for row in assignment.rows] == ["T0", "T1"]
    assert assignment.labels[0].name == "Планирует вечеринку [ru]"  # the tag did not shield the rare word
    assert assignment.labels[1].name == "День рождения [ru]"  # kept, tag and all: not renamed every day
    assert "зорбингтон" not in " ".join(label.name.lower() for label in assignment.labels.values())


def test_recent_content_inside_a_cluster_is_split_off_and_unchanging_content_is_not(directions) -> None:
    rng = np.random.default_rng(3)

    def blob(direction: np.ndarray, n: int) -> np.ndarray:
        return unit(direction + 0.12 * rng.normal(size=(n, 32)))

    # Two clusters with conversations spread evenly over a 7-day window ...
    X = np.vstack([blob(directions[0], 140), blob(directions[1], 140)])
    ages = np.tile(np.arange(7), 40).astype(float)
    # ... and a new topic close to the first, only in the last three days.
    new = unit(directions[0] + 0.9 * directions[2])
    X_new = np.vstack([X, blob(new, 45)])
    ages_new = np.concatenate([ages, np.tile(np.arange(3), 15)])
    result = faiss_kmeans(X_new, 2, seed=0, init=np.stack([directions[0], directions[1]]))
    assert np.bincount(result.labels).max() >= 180  # the warm start hides the new topic in cluster 0
    split, found = split_new_content(X_new, result, ages_new, min_size=20, seed=0)
    assert found is not None and found.z >= found.threshold and split.k == 3
    newest = np.bincount(split.labels[-45:]).argmax()
    assert (split.labels == newest).sum() < 70 and np.mean(split.labels[-45:] == newest) > 0.9
    # The same data with the new topic's conversations spread over the whole window: nothing is split.
    steady, none = split_new_content(X_new, result, np.concatenate([ages, np.tile(np.arange(7), 7)[:45]]),
                                     min_size=20, seed=0)
    assert none is None and steady.k == 2


def test_a_day_without_clusters_ends_every_topic(directions) -> None:
    update = track_topics(DAY1, [], previous(directions[:2], {}))
    assert update.links == {} and {(e.topic_id, e.event) for e in update.events} == {("T0", DEATH), ("T1", DEATH)}


def test_a_small_topic_whose_centroid_moved_onto_other_content_does_not_keep_its_id(directions) -> None:
    # Yesterday: T0 large, T1 two conversations. Today k-means moved T1's centroid next to where it was
    # (cosine above the threshold) but filled it with half of T0: its content is T0's, not T1's.
    members = {f"a{i}": 0 for i in range(20)} | {"s0": 1, "s1": 1}
    before = previous(directions[:2], members, sizes=[20, 2])
    now = [CurrentCluster("n0", directions[0], [f"a{i}" for i in range(10)]),
           CurrentCluster("n1", nudge(directions[1], 0.05, 1), [f"a{i}" for i in range(10, 20)] + ["s0"])]
    update = track_topics(DAY1, now, before)
    assert update.links["n0"].topic_id == "T0"
    assert update.links["n1"].topic_id not in ("T0", "T1")
    assert {(e.topic_id, e.event, e.related_topic_id) for e in update.events} == {
        (update.links["n1"].topic_id, SPLIT, "T0"), ("T1", MERGE, update.links["n1"].topic_id)}
