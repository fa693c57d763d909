"""`python -m geo.export`: figures, HTML and tables from the command line (see geo.export.cli)."""

import sys

from geo.export.cli import main

sys.exit(main())
