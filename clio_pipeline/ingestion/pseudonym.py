"""Keyed-hash pseudonyms for user ids.

HMAC-SHA256 with a secret (CLIO_PSEUDONYM_SECRET) rather than a plain hash: without the key, nobody
can confirm a guessed user id against the warehouse. Distinct-user counts downstream use the pseudonym.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable


def pseudonymize(user_id: str, secret: str) -> str:
    """The stable pseudonym of one user id under `secret`."""
    if not secret:
        raise ValueError("CLIO_PSEUDONYM_SECRET must not be empty")
    digest = hmac.new(secret.encode("utf-8"), user_id.encode("utf-8"), hashlib.sha256).hexdigest()
    return "p_" + digest[:32]


def pseudonym_map(user_ids: Iterable[str], secret: str) -> dict[str, str]:
    """Pseudonyms for the distinct ids in `user_ids` (each id hashed once)."""
    return {uid: pseudonymize(uid, secret) for uid in set(user_ids)}
