"""How old the analyst database's last publication is (Dagster-free core of the freshness check).

Read from the analyst database itself (`publication_log.published_at`), because that is what analysts
see: a publication the Dagster instance remembers but whose file was lost or replaced does not count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import duckdb


@dataclass(frozen=True)
class Freshness:
    passed: bool
    last_published_at: datetime | None
    age: timedelta | None
    description: str


def last_publication(db: str | Path) -> datetime | None:
    """UTC time of the newest publication in the analyst database; None when there is none."""
    db = Path(db)
    if not db.exists():
        return None
    con = duckdb.connect(str(db), read_only=True)
    try:
        (exists,) = con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'publication_log'"
        ).fetchone()
        if not exists:
            return None
        (last,) = con.execute("SELECT max(published_at) FROM publication_log").fetchone()
    finally:
        con.close()
    return None if last is None else last.replace(tzinfo=timezone.utc)  # stored as naive UTC


def judge_freshness(db: str | Path, max_age: timedelta, now: datetime | None = None) -> Freshness:
    """Fresh when the last publication is at most `max_age` old."""
    now = now or datetime.now(timezone.utc)
    last = last_publication(db)
    if last is None:
        return Freshness(False, None, None, f"Nothing has been published to {db} yet.")
    age = now - last
    hours = age.total_seconds() / 3600
    if age > max_age:
        return Freshness(False, last, age, f"The last publication ({last:%Y-%m-%d %H:%M} UTC) is {hours:.1f} h old, "
                                           f"more than {max_age.total_seconds() / 3600:.0f} h: is the schedule on, "
                                           "and did the latest runs pass their privacy checks?")
    return Freshness(True, last, age, f"Last published {hours:.1f} h ago ({last:%Y-%m-%d %H:%M} UTC).")
