"""`python -m clio_pipeline.evaluation --help`."""

import sys

from clio_pipeline.evaluation.cli import main

sys.exit(main())
