"""Turning the end-to-end benchmark's raw measurements into ratios and a short markdown report."""

from __future__ import annotations

from collections import defaultdict

ENCODE_FLOOR_TARGET = 1.25  # whole run / bare encode, stated for n = 100,000
PEER_SPEED_TARGET = 3.0  # BERTopic seconds / clio seconds, at equal or better NMI


def stage_totals(run: dict) -> dict[str, dict]:
    """Per Dagster step over the backfill days: seconds and rows summed, RSS peak and growth maxima.

    `rss_growth_mib` is the maximum over days 2..: day 1 also pays one-time costs (model load, imports),
    kept apart as `day1_rss_growth_mib`. `conversations_per_s` is the day's conversations over the step's time.
    """
    totals: dict[str, dict] = defaultdict(lambda: {"seconds": 0.0, "rows": 0, "conversations": 0, "peak_rss_mib": 0.0,
                                                   "rss_growth_mib": 0.0, "day1_rss_growth_mib": None})
    for index, day in enumerate(run.get("backfill", [])):
        conversations = int(day["steps"].get("conversations", {}).get("row_count") or 0)
        for step, stats in day["steps"].items():
            row = totals[step]
            row["seconds"] += stats.get("seconds", 0.0)
            row["rows"] += int(stats.get("row_count") or 0)
            row["conversations"] += conversations
            row["peak_rss_mib"] = max(row["peak_rss_mib"], stats.get("peak_rss_mib", 0.0))
            if index == 0:
                row["day1_rss_growth_mib"] = stats.get("rss_growth_mib")
            else:
                row["rss_growth_mib"] = max(row["rss_growth_mib"], stats.get("rss_growth_mib", 0.0))
    for row in totals.values():
        row["conversations_per_s"] = row["conversations"] / row["seconds"] if row["seconds"] else None
    return dict(totals)


def failed_days(run: dict) -> list[str]:
    days = [*run.get("backfill", []), *run.get("extra", []), *run.get("rematerialize", [])]
    return [d["day"] for d in days if not d["success"]]


def _ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or not b else a / b


def summarize(raw: dict) -> dict:
    """The numbers the README promises, from the raw child reports."""
    large, small = raw.get("large", {}), raw.get("small", {})
    summary: dict = {"n": raw["n"], "days": raw["days"]}
    if "error" in large:
        summary["error"] = large["error"]
    if "backfill_seconds" not in large:
        return summary
    stages = stage_totals(large)
    small_stages = stage_totals(small) if small and "error" not in small else {}
    run_s = large["backfill_seconds"]
    summary["run_seconds"] = run_s
    summary["conversations_per_s"] = raw["n"] / run_s
    summary["encode_floor_seconds"] = large["encode_floor"]["seconds"]
    summary["encode_floor_texts"] = large["encode_floor"]["n_texts"]
    summary["run_over_encode_floor"] = run_s / large["encode_floor"]["seconds"]
    run_cpu = sum(day.get("cpu_seconds", 0.0) for day in large["backfill"])
    floor_cpu = large["encode_floor"].get("cpu_seconds")
    summary["run_cpu_seconds"], summary["encode_floor_cpu_seconds"] = run_cpu or None, floor_cpu
    summary["run_cpu_over_encode_floor_cpu"] = _ratio(run_cpu or None, floor_cpu)
    summary["step_seconds_share_of_run"] = sum(s["seconds"] for s in stages.values()) / run_s
    summary["process_peak_rss_mib"] = large["process_peak_rss_mib"]
    summary["failed_days"] = failed_days(large)
    if small_stages:
        summary["small_n"] = small["n"]
        summary["small_process_peak_rss_mib"] = small["process_peak_rss_mib"]
        summary["data_ratio"] = raw["n"] / small["n"]
        summary["small_failed_days"] = failed_days(small)
        summary["small_run_over_encode_floor"] = small["backfill_seconds"] / small["encode_floor"]["seconds"]
    for step, row in stages.items():
        row["share_of_run"] = row["seconds"] / run_s
        if step in small_stages:
            row["small_rss_growth_mib"] = small_stages[step]["rss_growth_mib"]
            row["growth_ratio"] = _ratio(row["rss_growth_mib"], small_stages[step]["rss_growth_mib"])
    summary["stages"] = stages

    first, extra = large["backfill"][0], large.get("extra", [])
    if extra:
        remat = large["rematerialize"][0]
        summary["incremental"] = {
            "day1_seconds": first["seconds"], "day8_seconds": extra[0]["seconds"],
            "day8_over_day1": extra[0]["seconds"] / first["seconds"],
            "day1_cpu_seconds": first.get("cpu_seconds"), "day8_cpu_seconds": extra[0].get("cpu_seconds"),
            "day8_step_seconds": {step: stats.get("seconds") for step, stats in extra[0]["steps"].items()},
            "day8_rows": extra[0]["steps"].get("conversations", {}).get("row_count"),
            "day8_texts_encoded": extra[0]["steps"].get("embeddings", {}).get("texts_encoded"),
            "day8_new_distinct_texts": large.get("extra_new_distinct_texts"),
            "unchanged_rerun_texts_encoded": remat["steps"].get("embeddings", {}).get("texts_encoded"),
            "unchanged_rerun_seconds": remat["seconds"],
        }
    if "llm" in raw:
        summary["llm"] = raw["llm"]
    if "peers" in raw:
        summary["peers"] = _peer_summary(raw["peers"])
    return summary


def _peer_summary(peers: dict) -> dict:
    out: dict = {"python": peers.get("_python"), "error": peers.get("error")}
    for name, data in peers.items():
        if name.startswith("_") or not isinstance(data, dict) or "results" not in data:
            continue
        rows = data["results"]
        clio = next(v for k, v in rows.items() if k.startswith("clio"))
        bertopic = rows.get("bertopic_default", {})
        entry = {"n": data["n"], "n_labels": data["n_labels"], "methods": rows}
        if "s" in bertopic:
            entry["bertopic_over_clio_seconds"] = bertopic["s"] / clio["s"]
            entry["clio_minus_bertopic_nmi"] = clio["nmi"] - bertopic["nmi"]
        out[name] = entry
    return out


def _f(value, digits: int = 2) -> str:
    if value is None:
        return "n/a"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def render_markdown(s: dict) -> str:
    lines = [f"# End-to-end benchmark: n={s['n']} over {s['days']} days", ""]
    if "error" in s:
        lines += [f"Pipeline run failed: {s['error']}", ""]
    if "run_seconds" not in s:
        return "\n".join(lines)
    lines += [
        "| measure | value |", "|---|---|",
        f"| backfill wall time (s) | {_f(s['run_seconds'], 1)} |",
        f"| conversations per second | {_f(s['conversations_per_s'], 1)} |",
        f"| bare encode of the {s['encode_floor_texts']} distinct summaries (s) | {_f(s['encode_floor_seconds'], 1)} |",
        f"| **run / encode floor** (target <= {ENCODE_FLOOR_TARGET} at n=100k) | **{_f(s['run_over_encode_floor'])}** |",
        f"| backfill CPU seconds / bare encode CPU seconds | {_f(s.get('run_cpu_seconds'), 1)} / "
        f"{_f(s.get('encode_floor_cpu_seconds'), 1)} = **{_f(s.get('run_cpu_over_encode_floor_cpu'))}** |",
        f"| Dagster steps' share of the run's wall time | {_f(s['step_seconds_share_of_run'])} |",
        f"| process peak RSS (MiB), n={s['n']} | {_f(s['process_peak_rss_mib'], 0)} |",
    ]
    if "small_n" in s:
        lines.append(f"| process peak RSS (MiB), n={s['small_n']} | {_f(s['small_process_peak_rss_mib'], 0)} |")
        lines.append(f"| run / encode floor at n={s['small_n']} | {_f(s['small_run_over_encode_floor'])} |")
    inc = s.get("incremental")
    if inc:
        lines += [
            f"| **day 8 / day 1 time** | **{_f(inc['day8_over_day1'])}** ({_f(inc['day8_seconds'], 1)} s / "
            f"{_f(inc['day1_seconds'], 1)} s) |",
            f"| day 8 / day 1 CPU seconds | {_f(inc.get('day8_cpu_seconds'), 1)} / {_f(inc.get('day1_cpu_seconds'), 1)} |",
            "| day 8 per stage (s) | " + ", ".join(f"{step} {_f(sec, 1)}" for step, sec in
                                               sorted(inc.get("day8_step_seconds", {}).items())) + " |",
            f"| day 8 texts encoded / new distinct texts | {inc['day8_texts_encoded']} / {inc['day8_new_distinct_texts']} |",
            f"| unchanged day 8 re-run: texts encoded | {inc['unchanged_rerun_texts_encoded']} |",
        ]
    for key, label in (("failed_days", f"n={s['n']}"), ("small_failed_days", f"n={s.get('small_n')}")):
        if s.get(key):
            lines.append(f"| **failed days** ({label}; their steps are missing below) | {', '.join(s[key])} |")
    data_ratio = s.get("data_ratio")
    lines += ["", f"Per stage over the backfill (growth = RSS peak minus RSS at step start; ratio vs "
                  f"n/{_f(data_ratio, 0) if data_ratio else '?'} run; linear memory means ratio <= data ratio)", "",
              "| stage | s | share | rows | conv/s | peak RSS MiB | day-1 growth | growth MiB | growth small | ratio |",
              "|---|---|---|---|---|---|---|---|---|---|"]
    for step, r in sorted(s["stages"].items(), key=lambda kv: -kv[1]["seconds"]):
        lines.append(f"| {step} | {_f(r['seconds'], 1)} | {_f(r['share_of_run'])} | {r['rows']} | "
                     f"{_f(r['conversations_per_s'], 0)} | {_f(r['peak_rss_mib'], 0)} | {_f(r['day1_rss_growth_mib'], 0)} | "
                     f"{_f(r['rss_growth_mib'], 0)} | {_f(r.get('small_rss_growth_mib'), 0)} | {_f(r.get('growth_ratio'))} |")
    if "llm" in s:
        llm = s["llm"]
        lines += ["", f"LLM facets, {int(llm['latency_s'] * 1000)} ms latency, n={llm['n']} "
                      f"(sequential {_f(llm['sequential_rps'])} req/s)", "",
                  "| concurrency | req/s | vs ideal | vs sequential | failed |", "|---|---|---|---|---|"]
        for level, r in llm["levels"].items():
            lines.append(f"| {level} | {_f(r['rps'], 1)} | {_f(r['vs_ideal'])} | {_f(r['vs_sequential'], 1)} | {r['failed']} |")
        cache = llm["cache"]
        lines.append(f"\nResponse cache: {cache['first_pass_calls']} calls for {cache['n']} conversations, "
                     f"then **{cache['unchanged_rerun_calls']}** on the unchanged re-run.")
    if "peers" in s:
        lines += ["", f"Peers on the same embeddings (python: {s['peers'].get('python')})", "",
                  "| data | n | labels | method | NMI | ARI | k | s |", "|---|---|---|---|---|---|---|---|"]
        for name, entry in s["peers"].items():
            if not isinstance(entry, dict):
                continue
            for method, r in entry["methods"].items():
                if "skipped" in r:
                    lines.append(f"| {name} | {entry['n']} | {entry['n_labels']} | {method} | skipped: {r['skipped']} ||||")
                    continue
                lines.append(f"| {name} | {entry['n']} | {entry['n_labels']} | {method} | {_f(r['nmi'], 3)} | "
                             f"{_f(r['ari'], 3)} | {r['k']} | {_f(r['s'], 1)} |")
            if "bertopic_over_clio_seconds" in entry:
                lines.append(f"| {name} | | | **BERTopic s / clio s** (target >= {PEER_SPEED_TARGET}) | "
                             f"**{_f(entry['bertopic_over_clio_seconds'], 1)}x**, NMI clio - BERTopic "
                             f"{entry['clio_minus_bertopic_nmi']:+.3f} ||||")
        if s["peers"].get("error"):
            lines.append(f"\nPeers failed: {s['peers']['error']}")
    return "\n".join(lines) + "\n"
