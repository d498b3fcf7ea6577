"""Stable topics over a month: churn, new and rising topics, re-run determinism, and the cost of matching.

    .venv/bin/python -m bench.topic_stability                       # 9,000 conversations over 30 days
    .venv/bin/python -m bench.topic_stability --n 3000 --days 12 --midway-day 6    # quick
    .venv/bin/python -m bench.topic_stability --home /tmp/ts --reuse               # re-measure a run

Generates `n` conversations over `days` days with a rising topic (meal_planning) and one that appears
on `midway-day` (caregiving_advice), materializes every asset for every day through Dagster (offline
backend, thresholds 5 users / 10 conversations, 7-day window), then measures:

- churn: for each day, among conversations that were in the previous day's window too and whose
  ground-truth topic is neither the rising nor the mid-way one (unchanged content), the share whose
  topic id differs from the day before; also over all conversations. The headline is over the days
  whose window is full (from day 8): before that each window holds a day more than the one before
  (growing windows), which is not quite unchanged content; all days are reported as well;
  a table with one row per day (window size, k and how it was chosen, churn, published base clusters,
  the day's private lineage events) follows the headline;
- the mid-way topic: the first day a base cluster is mostly made of it (privately, with at least
  the minimum conversations) and whether that cluster's id is new (never seen before that day, minted
  on or after the day the topic appeared), and the first day such a cluster is published, whether that id had
  never been published before and was minted on or after the day the topic appeared (no older
  topic's id, dead or alive), and the lineage event published with it;
- the rising topic: the published topic holding most of it on the last day, its `topic_growth` rows
  over the whole run (7- and 28-day growth), and its rank among all topics' 7-day growth that day;
- determinism: the last day re-materialized with unchanged input must give identical topic ids,
  origins and names;
- cost: the last day re-materialized alternately with topics on and off (`--repeats` times each, in
  this one process); the ratio of medians, for the whole daily job and for the `base_clusters` step.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

START = date(2026, 1, 1)
RISING, MIDWAY = "meal_planning", "caregiving_advice"
MIN_USERS, MIN_CONVERSATIONS = 5, 10
WINDOW_DAYS = 7


def _setup_env(home: Path) -> None:
    os.environ.update({
        "CLIO_HOME": str(home), "CLIO_START_DATE": START.isoformat(), "DAGSTER_HOME": str(home / "dagster_home"),
        "CLIO_MIN_USERS": str(MIN_USERS), "CLIO_MIN_CONVERSATIONS": str(MIN_CONVERSATIONS),
        "CLIO_PSEUDONYM_SECRET": "bench-topic-stability",  # the landing resource refuses the public demo secret
        # The determinism and cost checks re-run the last day unchanged: it must be re-clustered, not kept.
        "CLIO_SKIP_UNCHANGED": "0",
    })
    for name in ("CLIO_WAREHOUSE", "CLIO_PUBLISHED_DB", "CLIO_LANDING_DIR"):
        os.environ.pop(name, None)


def _job(track_topics: bool, k_filling: str = "band"):
    from dagster import Definitions, load_asset_checks_from_modules, load_assets_from_modules

    from clio_pipeline.definitions import STAGE_MODULES
    from clio_pipeline.jobs import clio_daily_job
    from clio_pipeline.resources import ClusteringResource, build_resources

    resources = build_resources() | {"clustering": ClusteringResource(window_days=WINDOW_DAYS, track_topics=track_topics,
                                                                    k_filling=k_filling)}
    defs = Definitions(assets=load_assets_from_modules(STAGE_MODULES),
                       asset_checks=load_asset_checks_from_modules(STAGE_MODULES), jobs=[clio_daily_job],
                       resources=resources)
    return defs.resolve_job_def("clio_daily_job")


def _run_day(job, instance, day: date) -> tuple[float, float]:
    """Materialize one day; returns (seconds for the whole job, seconds of the base_clusters step)."""
    from clio_pipeline.runner import QUIET

    began = time.perf_counter()
    result = job.execute_in_process(partition_key=day.isoformat(), instance=instance, raise_on_error=False,
                                    run_config=QUIET)
    seconds = time.perf_counter() - began
    failed = [e.asset_key.to_user_string() + ":" + e.check_name
              for e in result.get_asset_check_evaluations() if not e.passed]
    if not result.success or failed:
        raise RuntimeError(f"{day}: run failed {failed}")
    step = {s.step_key: s for s in instance.get_run_step_stats(result.run_id)}["base_clusters"]
    return seconds, step.end_time - step.start_time


def _query(path: Path, sql: str, params: list | None = None) -> list[tuple]:
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def churn(home: Path, truth: dict[str, str]) -> dict:
    """Per day: the share of conversations in both windows whose topic id changed (unchanged content, all)."""
    rows = _query(home / "warehouse.duckdb", """
        SELECT a.partition_date, a.conversation_id, t.topic_id
        FROM cluster_assignments a JOIN cluster_topics t USING (partition_date, cluster_id)""")
    topic = {(d, c): t for d, c, t in rows}
    per_day: dict[date, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # unchanged same/total, all same/total
    for (d, c), t in topic.items():
        before = topic.get((d - timedelta(days=1), c))
        if before is None:
            continue
        counts = per_day[d]
        counts[2] += before == t
        counts[3] += 1
        if truth.get(c) not in (RISING, MIDWAY):
            counts[0] += before == t
            counts[1] += 1
    days = sorted(per_day)
    full = [d for d in days if d >= START + timedelta(days=WINDOW_DAYS)]
    unchanged = {d: 1 - per_day[d][0] / per_day[d][1] for d in days}
    everything = {d: 1 - per_day[d][2] / per_day[d][3] for d in days}
    return {"days": len(full), "unchanged_mean": statistics.mean(unchanged[d] for d in full),
            "unchanged_max": max(unchanged[d] for d in full), "all_mean": statistics.mean(everything[d] for d in full),
            "all_max": max(everything[d] for d in full), "every_day_unchanged_mean": statistics.mean(unchanged.values()),
            "every_day_unchanged_max": max(unchanged.values()),
            "per_day": {str(d): {"unchanged": round(unchanged[d], 4), "all": round(everything[d], 4),
                                 "carried_unchanged": per_day[d][1]} for d in days}}


def day_table(home: Path, per_day: dict) -> list[dict]:
    """One row per day: window size, k and how it was chosen, churn, and the day's private lineage events."""
    runs = {d: (n, k, method) for d, n, k, method in _query(
        home / "warehouse.duckdb", "SELECT partition_date, n_conversations, k, k_method FROM clustering_runs")}
    events: dict[date, Counter] = defaultdict(Counter)
    for d, event, n in _query(home / "warehouse.duckdb",
                              "SELECT partition_date, event, count(*) FROM topic_lineage GROUP BY ALL"):
        events[d][event] = n
    published = dict(_query(home / "published.duckdb", "SELECT partition_date, count(*) FROM clusters "
                                                       "WHERE level = 0 AND NOT is_other GROUP BY 1"))
    rows = []
    for d in sorted(runs):
        n, k, method = runs[d]
        churned = per_day.get(str(d), {})
        rows.append({"day": str(d), "window_n": n, "k": k, "k_method": method,
                     "churn_unchanged": churned.get("unchanged"), "churn_all": churned.get("all"),
                     "events": dict(events[d]), "published_base_clusters": published.get(d, 0)})
    return rows


def midway_topic(home: Path, truth: dict[str, str], midway_from: date) -> dict:
    """The mid-way topic's first cluster of its own (private), and the first day it was published.

    "Its own": a base cluster of which the mid-way topic is at least half. "New id": minted on or after
    the day the mid-way content appeared (`T<yyyymmdd>-nnnn` carries its birth day), so no older topic's
    id, dead or alive, was handed to it; and never published before.
    """
    assignments = _query(home / "warehouse.duckdb", "SELECT partition_date, cluster_id, conversation_id "
                                                    "FROM cluster_assignments")
    members: dict[tuple, Counter] = defaultdict(Counter)
    for d, cid, conv in assignments:
        members[(d, cid)][truth.get(conv) == MIDWAY] += 1
    private = _query(home / "warehouse.duckdb", "SELECT partition_date, cluster_id, topic_id, origin FROM "
                                                "cluster_topics ORDER BY partition_date, cluster_id")
    formed = next(((d, cid, t, o) for d, cid, t, o in private
                   if members[(d, cid)][True] >= 0.5 * max(1, sum(members[(d, cid)].values()))
                   and members[(d, cid)][True] >= MIN_CONVERSATIONS), None)
    published = _query(home / "published.duckdb", "SELECT partition_date, cluster_id, topic_id, name, n_conversations, "
                                                   "n_users FROM clusters WHERE level = 0 AND NOT is_other "
                                                   "ORDER BY partition_date, cluster_id")
    result: dict = {"appears": str(midway_from), "formed_privately": None, "first_published": None}
    if formed:
        earlier = {t for d, _, t, _ in private if d < formed[0]}
        result["formed_privately"] = {
            "day": str(formed[0]), "topic_id": formed[2], "origin": formed[3],
            "new_id": formed[2] not in earlier and _born(formed[2]) >= midway_from,
            "days_after_it_appeared": (formed[0] - midway_from).days,
            "n_conversations": sum(members[(formed[0], formed[1])].values()),
            "share_of_cluster": round(members[(formed[0], formed[1])][True]
                                      / max(1, sum(members[(formed[0], formed[1])].values())), 3)}
    seen: set[str] = set()
    for d, cid, topic_id, name, n, users in published:
        share = members[(d, cid)][True] / max(1, sum(members[(d, cid)].values()))
        if share >= 0.5:
            events = _query(home / "published.duckdb", "SELECT event, related_topic_id FROM topic_lineage "
                                                       "WHERE partition_date = ? AND topic_id = ?", [d, topic_id])
            continued = [str(x) for (x,) in _query(home / "published.duckdb", "SELECT DISTINCT partition_date FROM "
                                                   "clusters WHERE topic_id = ? ORDER BY 1", [topic_id])]
            born = _born(topic_id)
            result.update({
                "first_published": str(d), "topic_id": topic_id, "n_conversations": n, "n_users": users,
                "never_published_before": topic_id not in seen, "minted_after_it_appeared": born >= midway_from,
                "share_of_cluster": round(share, 3), "name": name, "lineage": events,
                "published_days_of_the_id": len(continued), "last_published": continued[-1]})
            return result
        seen.add(topic_id)
    return result


def _born(topic_id: str) -> date:
    """The day a topic id was minted (`T<yyyymmdd>-nnnn`)."""
    return date(int(topic_id[1:5]), int(topic_id[5:7]), int(topic_id[7:9]))


def rising_topic(home: Path, truth: dict[str, str], last: date) -> dict:
    """The topic holding most of the rising content on the last day, and its `topic_growth` rows."""
    assignments = _query(home / "warehouse.duckdb", """
        SELECT t.topic_id, a.conversation_id FROM cluster_assignments a JOIN cluster_topics t
        USING (partition_date, cluster_id) WHERE a.partition_date = ?""", [last])
    holders = Counter(t for t, c in assignments if truth.get(c) == RISING)
    growth = {t: (g7, g28, n) for t, g7, g28, n in _query(
        home / "published.duckdb", "SELECT topic_id, growth_7d, growth_28d, n_conversations FROM topic_growth "
                                   "WHERE day = ?", [last])}
    topic_id = next((t for t, _ in holders.most_common() if t in growth), None)
    all_7d = sorted((g[0] for g in growth.values() if g[0] is not None), reverse=True)
    rows = _query(home / "published.duckdb", "SELECT day, n_conversations, share, growth_7d, growth_28d, is_new "
                                              "FROM topic_growth WHERE topic_id = ? ORDER BY day", [topic_id])
    g7 = growth.get(topic_id, (None,))[0]
    return {"topic_id": topic_id, "growth_7d": g7, "rank_of_growth_7d": all_7d.index(g7) + 1 if g7 in all_7d else None,
            "topics_with_growth_7d": len(all_7d),
            "share_of_rising_conversations": holders[topic_id] / max(1, sum(holders.values())),
            "growth_28d": growth.get(topic_id, (None, None))[1],
            "median_growth_7d_all_topics": statistics.median(all_7d) if all_7d else None,
            "growth_rows": [{"day": str(d), "n_conversations": n, "share": round(sh, 4),
                             "growth_7d": None if g is None else round(g, 3),
                             "growth_28d": None if g2 is None else round(g2, 3), "is_new": new}
                            for d, n, sh, g, g2, new in rows]}


def snapshot(home: Path, day: date) -> list[tuple]:
    return _query(home / "warehouse.duckdb", """
        SELECT t.cluster_id, t.topic_id, t.origin, c.name, c.description FROM cluster_topics t
        JOIN clusters c USING (partition_date, cluster_id) WHERE t.partition_date = ? ORDER BY 1""", [day])


def _pct(x: float | None) -> str:
    return "" if x is None else f"{x:.1%}"


def report(results: dict, midway_day: int, last: date, repeats: int) -> str:
    """The results as markdown: headline table, one row per day, the new topic and the rising topic's growth."""
    c, m, r, cost = results["churn"], results["midway"], results["rising"], results["cost"]
    formed, lines = m.get("formed_privately") or {}, []
    lines += ["| measure | value |", "|---|---|",
              f"| churn, unchanged content, full windows (mean / worst of {c['days']} days) | "
              f"{c['unchanged_mean']:.2%} / {c['unchanged_max']:.2%} |",
              f"| churn, all content, full windows (mean / worst day) | {c['all_mean']:.2%} / {c['all_max']:.2%} |",
              f"| churn, unchanged content, every day incl. growing windows (mean / worst) | "
              f"{c['every_day_unchanged_mean']:.2%} / {c['every_day_unchanged_max']:.2%} |",
              f"| mid-way topic (appears {m['appears']}): own cluster privately | {formed.get('day')}: "
              f"{formed.get('topic_id')} ({formed.get('origin')}, {formed.get('n_conversations')} conversations, "
              f"{formed.get('share_of_cluster')} of them mid-way), new id: {formed.get('new_id')} |",
              f"| mid-way topic: first published | {m.get('first_published')}: {m.get('topic_id')} "
              f"({m.get('n_conversations')} conversations, {m.get('n_users')} users), never published before: "
              f"{m.get('never_published_before')}, minted after it appeared: {m.get('minted_after_it_appeared')}, "
              f"published lineage {m.get('lineage')}, published on {m.get('published_days_of_the_id')} days |",
              f"| rising topic {r['topic_id']} (holds {r['share_of_rising_conversations']:.0%} of the rising "
              f"conversations on {last}): growth_7d / growth_28d | {r['growth_7d']} / {r['growth_28d']}: rank "
              f"{r['rank_of_growth_7d']} of {r['topics_with_growth_7d']} (median {r['median_growth_7d_all_topics']}) |",
              f"| re-run of {last} with unchanged input: identical ids and names | {results['rerun_identical']} |",
              f"| cost of a day, whole job with / without matching (median of {repeats}) | {cost['job_s_with']:.1f}s / "
              f"{cost['job_s_without']:.1f}s = {cost['job_ratio']:.3f} |",
              f"| cost of base_clusters with / without matching | {cost['base_clusters_s_with']:.2f}s / "
              f"{cost['base_clusters_s_without']:.2f}s = {cost['base_clusters_ratio']:.3f} |", "",
              "| day | window | k (how) | churn unchanged | churn all | published base clusters | private events |",
              "|---|---|---|---|---|---|---|"]
    for row in results["per_day"]:
        events = ", ".join(f"{k} {v}" for k, v in sorted(row["events"].items()))
        lines.append(f"| {row['day']} | {row['window_n']} | {row['k']} ({row['k_method']}) | "
                     f"{_pct(row['churn_unchanged'])} | {_pct(row['churn_all'])} | {row['published_base_clusters']} | "
                     f"{events} |")
    lines += ["", f"rising topic {r['topic_id']} in topic_growth:", "",
              "| day | n_conversations | share | growth_7d | growth_28d | is_new |", "|---|---|---|---|---|---|"]
    lines += [f"| {g['day']} | {g['n_conversations']} | {g['share']:.1%} | {g['growth_7d']} | {g['growth_28d']} | "
              f"{g['is_new']} |" for g in r["growth_rows"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from clio_pipeline.generator.dynamics import TopicDynamics

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=9000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--midway-day", type=int, default=15, help="day index (from 0) the mid-way topic appears")
    parser.add_argument("--midway-rate", type=float, default=TopicDynamics.midway_rate,
                        help="share of ordinary conversations that switch to the mid-way topic from then on")
    parser.add_argument("--rising-rate", type=float, default=TopicDynamics.rising_rate,
                        help="share of ordinary conversations that switch to the rising topic on the last day")
    parser.add_argument("--k-filling", default="band", choices=("band", "grow", "full_window"),
                        help="how k follows the window while it fills (ClusteringResource.k_filling)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--home", default="bench/.cache/topic_stability")
    parser.add_argument("--reuse", action="store_true", help="measure an existing run in --home")
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args(argv)
    home = Path(args.home).resolve()
    if not args.reuse and home.exists():
        import shutil

        shutil.rmtree(home)
    home.mkdir(parents=True, exist_ok=True)
    _setup_env(home)
    from dagster import DagsterInstance

    from clio_pipeline.generator import generate_dataset, load_ground_truth
    from clio_pipeline.runner import ensure_dagster_home

    last = START + timedelta(days=args.days - 1)
    ensure_dagster_home()  # the project's dagster.yaml, as `clio-pipeline run` uses
    with DagsterInstance.get() as instance:
        with_topics, without_topics = _job(True, args.k_filling), _job(False, args.k_filling)
        if not args.reuse:
            generate_dataset(home / "landing", n=args.n, days=args.days, seed=args.seed,
                             dynamics=TopicDynamics(rising=RISING, midway=MIDWAY, midway_day=args.midway_day,
                                                   midway_rate=args.midway_rate, rising_rate=args.rising_rate))
            began = time.perf_counter()
            for i in range(args.days):
                seconds, _ = _run_day(with_topics, instance, START + timedelta(days=i))
                print(f"{START + timedelta(days=i)}  {seconds:6.1f}s", flush=True)
            print(f"{args.days} days in {time.perf_counter() - began:.0f}s")
        truth = {r["conversation_id"]: r["topic"] for r in load_ground_truth(home / "landing")}
        midway_from = START + timedelta(days=args.midway_day)  # the generator's day index counts from 0
        results = {"n": args.n, "days": args.days, "k_filling": args.k_filling, "churn": churn(home, truth),
                   "midway": midway_topic(home, truth, midway_from), "rising": rising_topic(home, truth, last)}
        results["per_day"] = day_table(home, results["churn"]["per_day"])
        before = snapshot(home, last)
        timings: dict[str, list[tuple[float, float]]] = {"with": [], "without": []}
        identical = []
        for _ in range(args.repeats):
            timings["with"].append(_run_day(with_topics, instance, last))
            identical.append(snapshot(home, last) == before)
            timings["without"].append(_run_day(without_topics, instance, last))
        timings["with"].append(_run_day(with_topics, instance, last))  # leave the day as it was
        identical.append(snapshot(home, last) == before)
    job = [statistics.median(t[0] for t in timings[k]) for k in ("with", "without")]
    step = [statistics.median(t[1] for t in timings[k]) for k in ("with", "without")]
    results["rerun_identical"] = all(identical) and bool(before)
    results["cost"] = {"job_s_with": job[0], "job_s_without": job[1], "job_ratio": job[0] / job[1],
                       "base_clusters_s_with": step[0], "base_clusters_s_without": step[1],
                       "base_clusters_ratio": step[0] / step[1], "raw": timings}
    print(report(results, args.midway_day, last, args.repeats))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
