"""`python -m geo.boundaries`: rebuild data/boundaries/ (see geo.boundaries.build)."""

import sys

from geo.boundaries.build import main

sys.exit(main())
