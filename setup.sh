#!/usr/bin/env bash
# Set up clio_pipeline in ./.venv: Python venv, PyTorch (CPU build unless you installed another), the
# project with its pinned Dagster set, and the test tools. Safe to run again; it skips what is there.
#
#   TORCH_VERSION    torch release to install when none is present (default 2.13.0)
#   TORCH_INDEX_URL  extra pip index for torch only (e.g. PyTorch's CPU or CUDA wheel index)
#   PYTHON           interpreter to create the venv with (default python3)
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
TORCH_VERSION=${TORCH_VERSION:-2.13.0}
VENV=.venv

if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
fi
PIP=("$VENV/bin/python" -m pip install --disable-pip-version-check -q)

# torch first, and explicitly: left to sentence-transformers, pip would resolve the newest torch,
# which on Linux is a multi-GB CUDA build. A torch you installed yourself (e.g. a CUDA build) is kept.
if ! "$VENV/bin/python" -c "import torch" 2>/dev/null; then
    if [ -n "${TORCH_INDEX_URL:-}" ]; then
        "${PIP[@]}" "torch==$TORCH_VERSION" --index-url "$TORCH_INDEX_URL"
    else
        "${PIP[@]}" "torch==$TORCH_VERSION"
    fi
fi

"${PIP[@]}" -e ".[dev]"
"$VENV/bin/python" -c "import clio_pipeline, torch; print('clio_pipeline ready; torch', torch.__version__)"
