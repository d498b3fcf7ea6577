"""A held-out attack set against the privacy layer (issue #14): other identities, scripts, obfuscations.

Written before any rule was changed for it. A real `clio-pipeline run` (Dagster, temporary DuckDB files,
offline backend, the embedding model, FAISS) at PRODUCTION thresholds (25 users / 50 conversations):
the generator as background, and per identity 32 fresh accounts with two conversations each, all naming
the same person (or contact, number, address) and an illness. The identities are in
`bench/redteam_identities.py` (Hangul, Hebrew, Devanagari, Thai, Vietnamese, Turkish, Kazakh, Persian,
names that are common words, Unicode tricks, leetspeak, obfuscated contacts in other languages, spaced
IBAN/card/national ids, addresses and dates of birth in other scripts, prompt injections in other
languages). None of their strings may be readable in the analyst database or explorer.html, read the
way a person reads them (NFKC, zero-width characters removed, look-alike letters folded).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bench.redteam_identities import ACCOUNTS, IDENTITIES, PER_ACCOUNT, ReaderText, leaked_strings
from bench.redteam_sybil import prepare, readable, run_job, table_texts
from clio_pipeline_tests.conftest import read_rows

pytestmark = [pytest.mark.integration, pytest.mark.slow]


# Tables a scrubbed text reaches before the publication gates: facet summaries, and the cluster names and
# topics built from them. One step from analysts (and, in the LLM path, what the model was told to omit).
DERIVED = ("facets", "base_clusters", "clusters", "cluster_topics", "cluster_hierarchy", "staged_clusters",
           "staged_facet_breakdowns", "staged_topic_lineage", "topic_lineage")
# Identities whose names still reach facet summaries (names opening a sentence with no cue, in scripts
# with no name model): the publication rule stops them. strict: a fix makes the test say so.
FACETS_STILL_LEAK = frozenset({"hindi", "persian", "thai", "turkish"})


@pytest.fixture(scope="module")
def attacked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    reuse = os.environ.get("CLIO_REDTEAM_HOME")  # judge a finished run again (e.g. one made on main)
    if reuse:
        return Path(reuse)
    home = tmp_path_factory.mktemp("redteam")
    prepare(home, n=3200)
    proc = run_job(home)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    return home


def test_production_thresholds_and_attack_loaded(attacked: Path) -> None:
    ((n, min_users),) = read_rows(attacked / "published.duckdb",
                                  "SELECT count(*), min(n_users) FROM clusters WHERE NOT is_other")
    assert n >= 3, "the background must be large enough for clusters to be published"
    assert min_users >= 25
    ((planted,),) = read_rows(attacked / "warehouse.duckdb",
                          "SELECT count(*) FROM conversations WHERE conversation_id LIKE 'redteam-%'")
    assert planted == len(IDENTITIES) * ACCOUNTS * PER_ACCOUNT


def test_reader_view_sees_through_the_tricks() -> None:
    """The leak test itself must be able to fail: disguised strings are found where a reader sees them."""
    disguised = json.dumps(["Ма\u200brgot", "Ｃｏｒｎｅｌｉｕｓ", "\u0412\u0435\u0430trice", "De\u0301sire\u0301e"],
                           ensure_ascii=False)
    assert leaked_strings(disguised, ["margot", "cornelius", "beatrice", "désirée"]) == [
        "margot", "cornelius", "beatrice", "désirée"]


@pytest.mark.parametrize("identity", sorted(IDENTITIES))
def test_no_identifying_string_reaches_analysts(attacked: Path, identity: str) -> None:
    strings, _ = IDENTITIES[identity]
    leaked = leaked_strings(readable(attacked), strings)
    assert leaked == [], f"{identity}: {leaked}"


@pytest.fixture(scope="module")
def derived(attacked: Path) -> ReaderText:
    tables = table_texts(attacked / "warehouse.duckdb")
    return ReaderText("\n".join(text for name, text in tables.items() if name in DERIVED))


@pytest.mark.parametrize("identity", [
    pytest.param(key, marks=pytest.mark.xfail(strict=True, reason="name opens the sentence; no model"))
    if key in FACETS_STILL_LEAK else key
    for key in sorted(IDENTITIES)
])
def test_no_identifying_string_in_facets_or_cluster_names(derived: ReaderText, identity: str) -> None:
    strings, _ = IDENTITIES[identity]
    assert derived.leaked(strings) == [], identity
