"""Exports: files for report writers (figures, offline HTML, CSV/XLSX) and the batch command line."""
