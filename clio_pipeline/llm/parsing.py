"""Asking for JSON and reading it back, tolerant of the ways real models wrap it.

JSON mode (`response_format={"type": "json_object"}`) is not available on every OpenAI-compatible
server, so the system message always carries the instruction and the pydantic JSON schema too, and
the parser accepts an object wrapped in code fences or short prose before validating it strictly.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from pydantic import BaseModel

_FENCE = re.compile(r"^```[a-zA-Z0-9_-]*\s*\n?(.*?)\n?```\s*$", re.DOTALL)


@lru_cache(maxsize=256)  # schema generation costs ~0.2 ms; response models are reused per batch
def json_instruction(response_model: type[BaseModel]) -> str:
    """The output instruction appended to every system message: one JSON object matching the schema."""
    schema = json.dumps(response_model.model_json_schema(), separators=(",", ":"))
    return (
        "Respond with a single JSON object and nothing else: no prose, no code fences. "
        f"The object must validate against this JSON schema:\n{schema}"
    )


def extract_json_object(content: str) -> str:
    """The JSON object inside `content`: the whole text, a fenced block, or the outermost {...} span.

    Raises ValueError when there is no object-like span at all.
    """
    text = content.strip()
    fenced = _FENCE.match(text)
    if fenced:
        text = fenced.group(1).strip()
    if text.startswith("{") and text.endswith("}"):
        return text
    start, end = text.find("{"), text.rfind("}")
    if start == -1 or end <= start:
        raise ValueError("the answer contains no JSON object")
    return text[start : end + 1]


def parse_json_answer(content: str, response_model: type[BaseModel]) -> BaseModel:
    """Validate the model's answer against `response_model` (ValueError / ValidationError when invalid)."""
    return response_model.model_validate_json(extract_json_object(content))
