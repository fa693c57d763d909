"""`python -m geo.ingest`: a task table to the measures dataset (see geo.ingest.cli)."""

import sys

from geo.ingest.cli import main

sys.exit(main())
