"""`python -m clio_pipeline.evaluation`: an alias of `clio-pipeline evaluate`."""

import sys

from clio_pipeline.evaluation.cli import main

sys.exit(main())
