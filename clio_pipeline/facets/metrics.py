"""Facets read straight off the transcript (no model involved)."""

from __future__ import annotations

from clio_pipeline.types import Conversation, DirectMetrics


def direct_metrics(conversation: Conversation) -> DirectMetrics:
    """Turn and character counts of one conversation.

    A turn is a user or assistant message: system prompts and tool outputs are not something
    either party wrote to the other, so they count neither as turns nor as characters.
    """
    n_user_messages = 0
    n_assistant_messages = 0
    n_user_chars = 0
    n_assistant_chars = 0
    for message in conversation.messages:
        if message.role == "user":
            n_user_messages += 1
            n_user_chars += len(message.content)
        elif message.role == "assistant":
            n_assistant_messages += 1
            n_assistant_chars += len(message.content)
    total = n_user_chars + n_assistant_chars
    # With no assistant text all the (possibly zero) text is the user's: share 1.0 as documented.
    share = 1.0 if n_assistant_chars == 0 else n_user_chars / total
    return DirectMetrics(
        n_turns=n_user_messages + n_assistant_messages,
        n_user_messages=n_user_messages,
        n_user_chars=n_user_chars,
        n_assistant_chars=n_assistant_chars,
        user_char_share=share,
    )
