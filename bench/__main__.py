"""`python -m bench`: the end-to-end benchmark (see bench/e2e.py and bench/README.md)."""

import sys

from bench.e2e import main

sys.exit(main())
