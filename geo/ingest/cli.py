"""`python -m geo.ingest`: a task table to the measures dataset, read through the guard (geo.ingest.guard).

Apart from geo.ingest.pipeline because the guard's worker process imports the pipeline: the command line sits
above both, so neither imports the other back.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from geo.ingest.errors import IngestError
from geo.ingest.guard import load_guarded
from geo.ingest.pipeline import dataset_json, summarize, write_atomic
from geo.paths import MEASURES, SEED_SOURCE


def _same_file(source: Path, out: Path) -> bool:
    """Whether writing ``out`` would replace ``source`` (same path, or another name of the same file)."""
    try:
        if out.exists() and source.exists():
            return os.path.samefile(source, out)
        return source.resolve() == out.resolve()
    except OSError:
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m geo.ingest",
        description="Turn a task table (.txt/.pdf/.xlsx/.xls/.csv/.docx) into the measures dataset (JSON).",
    )
    parser.add_argument("source", nargs="?", help=f"task table; default: the seed ({SEED_SOURCE.name})")
    parser.add_argument(
        "--out",
        help="write the JSON here ('-' for stdout); default: stdout for a SOURCE, data/measures.json for the seed",
    )
    args = parser.parse_args(argv)
    source = Path(args.source) if args.source else SEED_SOURCE
    out = args.out if args.out is not None else (None if args.source else str(MEASURES))
    try:
        if out not in (None, "-") and _same_file(source, Path(out)):
            raise IngestError(
                "--out is the source table itself: refusing to overwrite it; choose another file", file=out
            )
        measures = load_guarded(source)  # bounded: FIFOs, bombs and far cells end in one line, not a hang
        text = dataset_json(measures)
        if out is None or out == "-":
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            write_atomic(Path(out), text)
    except IngestError as exc:
        print(f"error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2
    print(summarize(measures).line(source.name), file=sys.stderr)
    return 0
