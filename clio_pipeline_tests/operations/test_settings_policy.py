"""Refused settings: the demo pseudonym secret outside demo and thresholds below 2, in the CLI and in
runs launched through the code location's own resources (as the UI, a schedule or a sensor would)."""

from __future__ import annotations

from pathlib import Path

import pytest
from dagster import AssetKey, asset

from clio_pipeline.cli import main
from clio_pipeline.resources import PrivacyResource
from clio_pipeline.settings import DEMO_SECRET
from clio_pipeline_tests.conftest import conversation, run_assets, write_jsonl

SECRET_VARS = ("CLIO_PSEUDONYM_SECRET", "CLIO_ALLOW_DEMO_SECRET", "OPENAI_API_KEY", "CLIO_MIN_USERS",
               "CLIO_MIN_CONVERSATIONS")


@pytest.fixture
def plain_env(clio_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in SECRET_VARS:
        monkeypatch.delenv(name, raising=False)
    return clio_home


def _settings_lines(capsys: pytest.CaptureFixture) -> dict[str, str]:
    assert main(["settings"]) == 0
    return {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}


def test_settings_says_default_or_unset_and_never_prints_a_secret(
    plain_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    lines = _settings_lines(capsys)
    assert "default (demo value)" in lines["CLIO_PSEUDONYM_SECRET"]
    assert "unset" in lines["OPENAI_API_KEY"] and "(set)" not in lines["OPENAI_API_KEY"]
    assert "25 (default)" in lines["CLIO_MIN_USERS"]

    monkeypatch.setenv("CLIO_PSEUDONYM_SECRET", "a-real-secret-4f9c1e")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-very-private")
    monkeypatch.setenv("CLIO_MIN_USERS", "30")
    lines = _settings_lines(capsys)
    assert "set (hidden)" in lines["CLIO_PSEUDONYM_SECRET"] and "set (hidden)" in lines["OPENAI_API_KEY"]
    assert "30" in lines["CLIO_MIN_USERS"] and "(default)" not in lines["CLIO_MIN_USERS"]
    printed = "\n".join(lines.values())
    assert "4f9c1e" not in printed and "sk-very" not in printed

    monkeypatch.setenv("CLIO_PSEUDONYM_SECRET", DEMO_SECRET)  # set, but to the public value
    assert "default (demo value)" in _settings_lines(capsys)["CLIO_PSEUDONYM_SECRET"]


def test_run_refuses_the_demo_secret_before_touching_anything(
    plain_env: Path, capsys: pytest.CaptureFixture
) -> None:
    write_jsonl(plain_env / "landing" / "day.jsonl", [conversation("c1")])
    assert main(["run", "--start", "2026-01-01", "--end", "2026-01-01"]) == 2
    err = capsys.readouterr().err
    assert "CLIO_PSEUDONYM_SECRET" in err and "export CLIO_PSEUDONYM_SECRET=" in err
    assert not (plain_env / "warehouse.duckdb").exists()


@pytest.mark.parametrize(("name", "value"), [("CLIO_MIN_USERS", "1"), ("CLIO_MIN_CONVERSATIONS", "0")])
def test_run_refuses_thresholds_below_two(
    plain_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, name: str, value: str
) -> None:
    monkeypatch.setenv("CLIO_PSEUDONYM_SECRET", "a-real-secret")
    monkeypatch.setenv(name, value)
    assert main(["run", "--start", "2026-01-01", "--end", "2026-01-01"]) == 2
    assert f"{name} must be at least 2" in capsys.readouterr().err
    assert not (plain_env / "warehouse.duckdb").exists()


def _ingest_with_code_location_resources():
    """The `conversations` step of clio_daily_job with the resources the UI and the daemon would use."""
    from clio_pipeline.definitions import build_definitions

    job = build_definitions().resolve_job_def("clio_daily_job")
    return job.execute_in_process(partition_key="2026-01-01", asset_selection=[AssetKey("conversations")],
                                  raise_on_error=False)


@pytest.mark.integration
def test_runs_launched_outside_the_cli_refuse_the_demo_secret_too(
    plain_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_jsonl(plain_env / "landing" / "day.jsonl", [conversation("c1")])
    refused = _ingest_with_code_location_resources()
    assert not refused.success
    assert "CLIO_PSEUDONYM_SECRET is not set" in _failure_text(refused)
    assert not (plain_env / "warehouse.duckdb").exists()

    monkeypatch.setenv("CLIO_ALLOW_DEMO_SECRET", "1")  # what `demo` and `evaluate` set
    assert _ingest_with_code_location_resources().success
    monkeypatch.delenv("CLIO_ALLOW_DEMO_SECRET")
    monkeypatch.setenv("CLIO_PSEUDONYM_SECRET", "a-real-secret")
    assert _ingest_with_code_location_resources().success


@asset
def _needs_privacy(privacy: PrivacyResource) -> None:
    """Stands in for the publishing steps: it only needs the thresholds resource."""


@pytest.mark.integration
def test_the_privacy_resource_refuses_thresholds_below_two(plain_env: Path) -> None:
    ok = run_assets([_needs_privacy], {"privacy": PrivacyResource(min_users=2, min_conversations=2)}, None)
    assert ok.success
    for bad in (PrivacyResource(min_users=1, min_conversations=50), PrivacyResource(min_users=25, min_conversations=1)):
        result = run_assets([_needs_privacy], {"privacy": bad}, None)
        assert not result.success
        assert "must be at least 2" in _failure_text(result)


def _failure_text(result) -> str:
    return " ".join(f"{e.message} {e.event_specific_data}" for e in result.all_events if e.is_failure)


def test_run_refuses_an_unknown_k_filling_and_names_the_choices(
    plain_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    from clio_pipeline.clustering.daily_k import FILLING_POLICIES
    from clio_pipeline.settings import SETTINGS

    assert SETTINGS["CLIO_K_FILLING"].choices == FILLING_POLICIES  # one list of policies, documented and enforced
    monkeypatch.setenv("CLIO_PSEUDONYM_SECRET", "a-real-secret")
    monkeypatch.setenv("CLIO_K_FILLING", "fullwindow")
    assert main(["run", "--start", "2026-01-01", "--end", "2026-01-01"]) == 2
    err = capsys.readouterr().err
    assert "CLIO_K_FILLING must be one of band, grow, full_window; got 'fullwindow'" in err
    assert not (plain_env / "warehouse.duckdb").exists()


def test_k_filling_reaches_the_clustering_resource(plain_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from clio_pipeline.resources import build_resources

    monkeypatch.setenv("CLIO_K_FILLING", "full_window")
    clustering = build_resources()["clustering"]
    assert clustering.k_filling.get_value() == "full_window"  # an EnvVar, resolved by Dagster at launch
