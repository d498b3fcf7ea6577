"""The privacy audit of a finished run: what analysts can read, searched for data that must not be there.

Everything an analyst receives is the analyst database (every value of every table and view) and the
explorer page built from it. The generator knows what it planted — personal data in conversations,
words of tiny identifying groups, a topic that only two users talk about — so the audit can search
for exactly those and count what it finds. Every count should be zero.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import duckdb
from pydantic import BaseModel

# Shorter planted values ("Ana", "12") also occur by chance in ordinary text; the generator's values
# that matter (names, emails, phones, addresses, IBANs) are all longer than this.
MIN_PLANTED_CHARS = 4
# A base cluster is "the two-user topic's" when at least this share of its members come from it.
DOMINATED_SHARE = 0.5


class PrivacyAudit(BaseModel):
    """What the audit found. `passed` is true only when nothing planted is readable by analysts."""

    n_planted_values: int
    planted_found: list[str]
    n_rare_words: int
    rare_words_found: list[str]
    n_two_user_conversations: int  # of the two-user topic, in the audited window
    two_user_dominated_clusters: list[str]
    two_user_clusters_published: list[str]
    published_base_coverage: float | None  # share of the last window's conversations in published base clusters

    @property
    def passed(self) -> bool:
        return not (self.planted_found or self.rare_words_found or self.two_user_clusters_published)


def analyst_text(published_db: Path) -> str:
    """Every value of every table and view of the analyst database, as one string."""
    con = duckdb.connect(str(published_db), read_only=True)
    try:
        tables = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
        return "\n".join(json.dumps(con.execute(f'SELECT * FROM "{t}"').fetchall(), default=str) for t in tables)
    finally:
        con.close()


def readable_text(published_db: Path, explorer_html: Path | None) -> str:
    """All that analysts can read: the analyst database plus the explorer page when it exists."""
    text = analyst_text(published_db)
    if explorer_html is not None and explorer_html.exists():
        text += "\n" + explorer_html.read_text(encoding="utf-8")
    return text


def planted_values(truth: Iterable[dict], min_chars: int = MIN_PLANTED_CHARS) -> set[str]:
    """The distinct personal-data strings the generator planted (ground truth `planted[].value`)."""
    return {p["value"] for record in truth for p in record.get("planted", []) if len(p["value"]) >= min_chars}


def find_planted(text: str, values: Iterable[str]) -> list[str]:
    """Planted values that occur in `text`, case-insensitively (a lower-cased name is still a name)."""
    haystack = text.lower()
    # JSON escapes non-ASCII characters; search the escaped spelling too so "Björn" cannot hide as "Bj\u00f6rn".
    return sorted(v for v in values if v.lower() in haystack or json.dumps(v)[1:-1].lower() in haystack)


def find_words(text: str, words: Iterable[str]) -> list[str]:
    """Words that occur in `text` as whole words, case-insensitively."""
    haystack = text.lower()
    return sorted(w for w in {w.lower() for w in words} if re.search(rf"\b{re.escape(w)}\b", haystack))


def dominated_clusters(
    assignments: Sequence[tuple[str, str]], niche_ids: set[str], share: float = DOMINATED_SHARE
) -> set[str]:
    """Base clusters whose members are at least `share` conversations of `niche_ids`.

    `assignments` is (conversation_id, cluster_id) of one window.
    """
    sizes = Counter(cluster for _, cluster in assignments)
    niche = Counter(cluster for conversation, cluster in assignments if conversation in niche_ids)
    return {cluster for cluster, n in niche.items() if n >= share * sizes[cluster]}


def published_cluster_ids(published_db: Path, partition_date: object | None = None) -> set[str]:
    """Cluster ids published (of one partition, or of every partition)."""
    con = duckdb.connect(str(published_db), read_only=True)
    try:
        if partition_date is None:
            rows = con.execute("SELECT DISTINCT cluster_id FROM clusters").fetchall()
        else:
            rows = con.execute("SELECT cluster_id FROM clusters WHERE partition_date = ?", [partition_date]).fetchall()
    finally:
        con.close()
    return {r[0] for r in rows}


def base_coverage(assignments: Sequence[tuple[str, str]], published_ids: set[str]) -> float | None:
    """Share of the window's conversations whose base cluster was published (None for an empty window)."""
    if not assignments:
        return None
    return sum(cluster in published_ids for _, cluster in assignments) / len(assignments)


def audit_publication(
    published_db: Path,
    explorer_html: Path | None,
    *,
    planted: set[str],
    rare_words: Iterable[str],
    window_assignments: Sequence[tuple[str, str]] = (),
    two_user_conversations: set[str] | frozenset[str] = frozenset(),
    partition_date: object | None = None,
) -> PrivacyAudit:
    """Search what analysts can read for planted data; check the two-user topic stayed unpublished.

    `window_assignments` are the (conversation_id, base cluster_id) pairs of the window published as
    `partition_date`; without them the two-user and coverage checks have nothing to look at.
    """
    text = readable_text(published_db, explorer_html)
    words = sorted({w.lower() for w in rare_words})
    published = published_cluster_ids(published_db, partition_date)
    dominated = dominated_clusters(window_assignments, set(two_user_conversations))
    return PrivacyAudit(
        n_planted_values=len(planted),
        planted_found=find_planted(text, planted),
        n_rare_words=len(words),
        rare_words_found=find_words(text, words),
        n_two_user_conversations=sum(c in two_user_conversations for c, _ in window_assignments),
        two_user_dominated_clusters=sorted(dominated),
        two_user_clusters_published=sorted(dominated & published),
        published_base_coverage=base_coverage(window_assignments, published),
    )
