"""`python -m geo.ingest`: a task table to the measures dataset (see geo.ingest.pipeline)."""

import sys

from geo.ingest.pipeline import main

sys.exit(main())
