"""`python -m geo.progress`: progress supervision on the command line (see geo.progress.cli)."""

import sys

from geo.progress.cli import main

sys.exit(main())
