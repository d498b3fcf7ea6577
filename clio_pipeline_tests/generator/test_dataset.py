"""Landing files, ground truth and the population properties the later stages rely on."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from clio_pipeline.generator import generate_dataset, load_rare_words, load_topics
from clio_pipeline.types import Conversation

N, DAYS, START = 6000, 7, date(2026, 3, 2)  # must match the `generated` fixture in conftest.py


LANDING_KEYS = {"conversation_id", "user_id", "created_at", "messages", "metadata"}
TRUTH_KEYS = {"conversation_id", "user_id", "date", "topic", "category", "language", "concerning", "planted",
              "rare_group", "two_user_topic"}


def _utc(created_at: str) -> datetime:
    parsed = datetime.fromisoformat(created_at)
    return parsed.replace(tzinfo=timezone.utc) if parsed.tzinfo is None else parsed.astimezone(timezone.utc)


def test_one_landing_file_per_day_with_the_input_contract(generated) -> None:
    names = sorted(p.name for p in generated.out_dir.iterdir() if p.is_file())
    assert names == [f"conversations_{START + timedelta(d)}.jsonl" for d in range(DAYS)]
    assert (generated.out_dir / "_truth" / "ground_truth.jsonl").is_file()
    for path in generated.out_dir.glob("conversations_*.jsonl"):
        file_day = date.fromisoformat(path.name[len("conversations_") : -len(".jsonl")])
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            assert set(record) == LANDING_KEYS
            assert record["user_id"].startswith("u_")
            assert isinstance(record["metadata"]["client"], str)
            roles = [m["role"] for m in record["messages"]]
            assert roles == ["user", "assistant"] * (len(roles) // 2) and 1 <= len(roles) // 2 <= 4
            assert all(m["content"].strip() and set(m) == {"role", "content"} for m in record["messages"])
            assert _utc(record["created_at"]).date() == file_day
            Conversation.model_validate(record)  # the shared record type accepts every line


def test_timestamp_formats_vary_and_follow_a_daily_rhythm(generated) -> None:
    stamps = [r["created_at"] for r in generated.records]
    styles = Counter(
        "Z" if s.endswith("Z") else "+00:00" if s.endswith("+00:00") else "offset" if re.search(r"[+-]\d\d:\d\d$", s)
        else "naive"
        for s in stamps
    )
    assert all(styles[k] > 0.03 * len(stamps) for k in ("Z", "+00:00", "naive", "offset"))
    hours = Counter(_utc(s).hour for s in stamps)
    assert sum(hours[h] for h in range(2, 6)) * 3 < sum(hours[h] for h in range(11, 15))
    assert sorted(stamps[:50], key=_utc) == stamps[:50]  # files are in arrival order


def test_counts_ids_and_summary_agree(generated) -> None:
    truth, records = generated.truth, generated.records
    assert len(records) == len(truth) == N == generated.summary.n_conversations
    assert len({r["conversation_id"] for r in records}) == N
    assert [r["conversation_id"] for r in records] == [t["conversation_id"] for t in truth]
    assert all(set(t) == TRUTH_KEYS for t in truth)
    by_id = generated.by_id()
    assert all(by_id[t["conversation_id"]]["user_id"] == t["user_id"] for t in truth)
    assert generated.summary.topic_counts == dict(sorted(Counter(t["topic"] for t in truth).items()))
    assert generated.summary.language_counts == dict(sorted(Counter(t["language"] for t in truth).items()))
    assert generated.summary.n_users == len({t["user_id"] for t in truth})
    per_day = Counter(t["date"] for t in truth)
    assert len(per_day) == DAYS and min(per_day.values()) > 0.5 * N / DAYS


def test_topics_form_a_two_level_hierarchy_in_five_languages(generated) -> None:
    topics = {t["topic"]: t for t in load_topics(generated.out_dir)}
    assert len(topics) >= 15 and len({t["category"] for t in topics.values()}) >= 6
    assert all(t["description"] and t["languages"] for t in topics.values())
    for t in generated.truth:
        assert t["category"] == topics[t["topic"]]["category"]
        assert t["language"] in topics[t["topic"]]["languages"]
    assert set(Counter(t["topic"] for t in generated.truth)) == set(topics)
    shares = {lang: c / N for lang, c in Counter(t["language"] for t in generated.truth).items()}
    assert set(shares) >= {"en", "es", "fr", "de", "pt"}
    assert 0.50 <= shares["en"] <= 0.60
    assert all(share >= 0.05 for share in shares.values())


def test_concerning_levels(generated) -> None:
    levels: dict[str, set[int]] = {}
    for t in generated.truth:
        levels.setdefault(t["topic"], set()).add(t["concerning"])
    assert all(len(v) == 1 for v in levels.values())
    high = [k for k, v in levels.items() if max(v) >= 4]
    borderline = [k for k, v in levels.items() if v <= {2, 3}]
    assert 1 <= len(high) <= 2 and len(borderline) >= 1
    assert sum(t["concerning"] >= 4 for t in generated.truth) >= 20
    assert sum(v == {1} for v in levels.values()) >= 15


def test_texts_of_a_topic_rarely_repeat(generated) -> None:
    by_id = generated.by_id()
    first_turns: dict[str, list[str]] = {}
    whole: Counter = Counter()
    for t in generated.truth:
        messages = by_id[t["conversation_id"]]["messages"]
        first_turns.setdefault(t["topic"], []).append(messages[0]["content"])
        whole[json.dumps(messages)] += 1
    for topic, texts in first_turns.items():
        if len(texts) >= 100:
            assert len(set(texts)) / len(texts) > 0.9, topic
    assert sum(c - 1 for c in whole.values()) < 0.01 * N


def test_users_are_heavy_tailed(generated) -> None:
    per_user = Counter(t["user_id"] for t in generated.truth)
    counts = sorted(per_user.values())
    assert sum(c <= 3 for c in counts) >= 0.75 * len(counts)
    assert counts[-1] >= 30 and sum(c >= 12 for c in counts) >= 10
    assert all(re.fullmatch(r"u_[a-z2-9]{10}", u) for u in per_user)
    # Users mostly stick to one language.
    langs = {(t["user_id"], t["language"]) for t in generated.truth}
    assert len(langs) == len(per_user)


def test_two_user_topic_comes_from_exactly_two_users(generated) -> None:
    niche = [t for t in generated.truth if t["two_user_topic"]]
    assert {t["topic"] for t in niche} == {"barometer_restoration"}
    assert [t for t in generated.truth if t["topic"] == "barometer_restoration"] == niche
    per_user = Counter(t["user_id"] for t in niche)
    assert len(per_user) == 2 and min(per_user.values()) >= 10
    assert sorted(per_user) == sorted(generated.summary.two_user_topic_users)
    assert any(t["two_user_topic"] for t in load_topics(generated.out_dir))


def test_rare_groups_words_stay_inside_their_group(generated) -> None:
    rare = load_rare_words(generated.out_dir)
    assert 2 <= len(rare["groups"]) <= 3
    by_id = generated.by_id()
    text_of = {cid: " ".join(m["content"] for m in r["messages"]).lower() for cid, r in by_id.items()}
    for key, group in rare["groups"].items():
        assert 1 <= len(group["user_ids"]) <= 2
        members = [t for t in generated.truth if t["rare_group"] == key]
        assert {t["user_id"] for t in members} == set(group["user_ids"])
        assert all(per >= 3 for per in Counter(t["user_id"] for t in members).values())
        for word in group["words"]:
            pattern = re.compile(rf"\b{re.escape(word.lower())}\b")
            holders = {t["user_id"] for t in generated.truth if pattern.search(text_of[t["conversation_id"]])}
            assert holders and holders <= set(group["user_ids"]), word
    assert set(rare["words"]) == {w for g in rare["groups"].values() for w in g["words"]}


def test_deterministic_for_a_seed_and_gzip_carries_the_same_lines(tmp_path: Path) -> None:
    a = generate_dataset(tmp_path / "a", n=700, days=3, seed=11)
    b = generate_dataset(tmp_path / "b", n=700, days=3, seed=11, gzip=True)
    generate_dataset(tmp_path / "c", n=700, days=3, seed=12)
    for plain, zipped in zip(a.files, b.files):
        assert zipped.endswith(".jsonl.gz")
        assert Path(plain).read_bytes() == gzip.decompress(Path(zipped).read_bytes())
    truth = "_truth/ground_truth.jsonl"
    assert (tmp_path / "a" / truth).read_bytes() == (tmp_path / "b" / truth).read_bytes()
    assert (tmp_path / "a" / truth).read_bytes() != (tmp_path / "c" / truth).read_bytes()
    assert a.model_dump(exclude={"out_dir", "files", "gzip"}) == b.model_dump(exclude={"out_dir", "files", "gzip"})


def test_regenerating_in_the_other_format_replaces_the_day_files(tmp_path: Path) -> None:
    generate_dataset(tmp_path, n=50, days=2)
    generate_dataset(tmp_path, n=50, days=2, gzip=True)
    assert sorted(p.name for p in tmp_path.glob("conversations_*")) == [
        "conversations_2026-01-01.jsonl.gz", "conversations_2026-01-02.jsonl.gz"]


def test_small_data_sets_have_no_special_users(tmp_path: Path) -> None:
    summary = generate_dataset(tmp_path, n=120, days=5)
    truth = [json.loads(line) for line in (tmp_path / "_truth" / "ground_truth.jsonl").read_text().splitlines()]
    assert len(truth) == 120 and summary.two_user_topic_users == []
    assert not any(t["rare_group"] or t["two_user_topic"] for t in truth)
    empty = generate_dataset(tmp_path / "empty", n=0, days=2)
    assert empty.n_conversations == 0 and all(Path(f).read_text() == "" for f in empty.files)


def test_assistant_never_repeats_itself_within_a_conversation(generated) -> None:
    for record in generated.records:
        replies = [m["content"] for m in record["messages"] if m["role"] == "assistant"]
        assert len(replies) == len(set(replies)), record["conversation_id"]
