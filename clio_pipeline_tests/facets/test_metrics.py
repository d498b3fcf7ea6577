"""Direct metrics on a handmade conversation."""

from __future__ import annotations

from datetime import datetime, timezone

from clio_pipeline.facets.metrics import direct_metrics
from clio_pipeline.types import Conversation, Message


def _conversation(messages):
    return Conversation(
        conversation_id="c1",
        user_id="u1",
        created_at=datetime(2026, 1, 1, tzinfo=timezone.utc),
        messages=[Message(role=r, content=c) for r, c in messages],
    )


def test_counts_and_share():
    conv = _conversation(
        [
            ("system", "You are helpful."),  # not a turn, not counted
            ("user", "abcd"),  # 4
            ("assistant", "123456"),  # 6
            ("tool", "ignored output"),
            ("user", "ef"),  # 2
            ("assistant", "78"),  # 2
        ]
    )
    m = direct_metrics(conv)
    assert (m.n_turns, m.n_user_messages, m.n_user_chars, m.n_assistant_chars) == (4, 2, 6, 8)
    assert abs(m.user_char_share - 6 / 14) < 1e-12


def test_no_assistant_text_gives_share_one():
    assert direct_metrics(_conversation([("user", "hello")])).user_char_share == 1.0
    empty = direct_metrics(_conversation([]))
    assert (empty.n_turns, empty.n_user_chars, empty.user_char_share) == (0, 0, 1.0)
