"""Facet specs: built-ins and user facets loaded from configuration."""

from __future__ import annotations

import json

import pytest

from clio_pipeline.facets.spec import BUILTIN_FACETS, FacetSpec, load_facet_specs


def test_builtins_are_the_four_paper_facets():
    names = [f.name for f in BUILTIN_FACETS]
    assert names == ["summary", "task", "language", "concerning_score"]
    concerning = BUILTIN_FACETS[3]
    assert (concerning.output_type, concerning.min_value, concerning.max_value) == ("score", 1, 5)
    assert "overall request" in BUILTIN_FACETS[0].question
    assert "identifiable" in BUILTIN_FACETS[0].privacy_clause


def test_no_extra_gives_builtins_only():
    assert load_facet_specs(None) == list(BUILTIN_FACETS)


def _extra(name="frustration", **overrides):
    spec = {
        "name": name,
        "question": "How frustrated is the user, from 1 to 3?",
        "output_type": "score",
        "open_ended": False,
        "min_value": 1,
        "max_value": 3,
    }
    spec.update(overrides)
    return spec


def test_extra_from_list_file_and_inline_json(tmp_path):
    from_list = load_facet_specs([_extra()])
    path = tmp_path / "facets.json"
    path.write_text(json.dumps({"facets": [_extra()]}), encoding="utf-8")
    from_file = load_facet_specs(path)
    from_str_path = load_facet_specs(str(path))
    inline = load_facet_specs(json.dumps([_extra()]))
    for specs in (from_list, from_file, from_str_path, inline):
        assert [s.name for s in specs][-1] == "frustration"
        assert len(specs) == len(BUILTIN_FACETS) + 1


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ([_extra("Frustration")], "snake_case"),
        ([_extra("two__underscores")], "snake_case"),
        ([_extra(), _extra()], "used twice"),
        ([_extra("summary")], "clashes"),
        ([_extra(min_value=None)], "min_value"),
        ([_extra(min_value=3, max_value=3)], "below"),
        (
            [_extra(output_type="text", min_value=None, max_value=None, offline_keywords=["x"])],
            "offline_keywords",
        ),
        ([_extra(output_type="text")], "only apply"),
        ([_extra(question="  ")], "empty"),
        ([_extra(unknown_field=1)], "invalid"),
    ],
)
def test_invalid_extra_facets_are_rejected(extra, message):
    with pytest.raises(ValueError, match=message):
        load_facet_specs(extra)


def test_bad_json_and_missing_file(tmp_path):
    with pytest.raises(ValueError, match="JSON"):
        load_facet_specs("[not json")
    with pytest.raises(ValueError, match="list of objects"):
        load_facet_specs('{"facets": 3}')
    with pytest.raises(FileNotFoundError):
        load_facet_specs(tmp_path / "absent.json")


def test_spec_is_immutable():
    with pytest.raises(Exception):  # noqa: B017 - pydantic raises ValidationError on frozen models
        BUILTIN_FACETS[0].name = "other"  # type: ignore[misc]
    assert isinstance(BUILTIN_FACETS[0], FacetSpec)
