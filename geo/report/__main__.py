"""`python -m geo.report`: the periodic 进展通报 as DOCX, PDF and XLSX (see geo.report.cli)."""

import sys

from geo.report.cli import main

sys.exit(main())
