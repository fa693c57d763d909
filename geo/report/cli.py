"""The periodic report from the command line:

    python -m geo.report --plan 1 --period 2026-Q3 --format docx,pdf,xlsx --out out/
    python -m geo.report --plan 1 --period 2026-Q3 --by department --format docx --out out/by-department

The whole request (plan, period in the plan's cycle, as-of date, --by, formats, output folder) is checked before
anything is written: bad input exits with code 2 and one line, and leaves no file behind. A batch writes one
report per department / region / theme plus an index (index.csv, index.json), staged and swapped in only when
every file was written (geo.export.cli's staging), with a progress bar.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from geo.export.cli import INDEX_CSV, _swap_in, write_index
from geo.export.files import ExportError, ensure_writable_dir
from geo.files import atomic_write_bytes
from geo.i18n import LANGS, lang_code
from geo.places.gazetteer import load_gazetteer
from geo.report.content import SCOPE_KINDS, PlanFacts, ReportError, build
from geo.report.files import FORMATS, report_files, report_stem
from geo.store.engine import StoreUnavailable, unavailable_message


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2 (argparse would print the usage too)
        print(f"错误 / error: {message}", file=sys.stderr)
        raise SystemExit(2)


def parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="python -m geo.report",
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--plan", required=True, help="plan id (python -m geo.plans list)")
    p.add_argument("--period", required=True, help="reporting period in the plan's cycle: 2026-Q3, 2026-09, 2026-H2")
    p.add_argument("--as-of", help="as-of date YYYY-MM-DD (default: the period's due day)")
    p.add_argument("--by", help=f"one report per: {', '.join(SCOPE_KINDS)} (plus an index)")
    p.add_argument("--format", default="docx", help=f"comma-separated: {','.join(FORMATS)} (default docx)")
    p.add_argument("--out", required=True, help="output folder (created if missing)")
    p.add_argument("--lang", default="zh", help=f"{', '.join(LANGS)} (default zh)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    return p


def _formats(text: str) -> tuple[str, ...]:
    items = [x.strip().lower().lstrip(".") for x in text.split(",") if x.strip()]
    bad = [x for x in items if x not in FORMATS]
    if not items or bad:
        raise ReportError(
            f"未知格式 / unknown format: {', '.join(bad) or '(none)'}. 可用 / valid: {', '.join(FORMATS)}"
        )
    return tuple(dict.fromkeys(items))


def _check(args: argparse.Namespace) -> tuple[int, tuple[str, ...], dt.date | None]:
    """Everything that needs no database: plan id, formats, --by, language, as-of date, output path."""
    try:
        plan_id = int(args.plan)
    except ValueError:
        raise ReportError(f"计划编号应为数字 / plan must be a number: {args.plan!r}") from None
    formats = _formats(args.format)
    if args.by is not None and args.by not in SCOPE_KINDS:
        raise ReportError(f"未知分组 / unknown --by value: {args.by!r}. 可用 / valid: {', '.join(SCOPE_KINDS)}")
    if lang_code(args.lang) is None:
        raise ReportError(f"未知语言 / unknown language: {args.lang!r}. 可用 / valid: {', '.join(LANGS)}")
    args.lang = lang_code(args.lang)
    as_of = None
    if args.as_of:
        try:
            as_of = dt.date.fromisoformat(args.as_of)
        except ValueError:
            raise ReportError(f"日期格式应为 YYYY-MM-DD / --as-of must be YYYY-MM-DD: {args.as_of!r}") from None
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise ReportError(f"输出路径不是文件夹 / output path is not a folder: {out}")
    return plan_id, formats, as_of


def write_reports(facts: PlanFacts, by: str | None, formats: Sequence[str], out: Path, progress=None) -> list[dict]:
    """Every report of the request into OUT (all or nothing); returns the index rows."""
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent if out.parent.exists() else None))
    try:
        rows: list[dict] = []
        for scope in facts.scopes(by):
            content = facts.content(scope)
            stem = scope.slug if by else report_stem(content)
            files = []
            for fmt, data in report_files(content, formats, facts.gaz).items():
                atomic_write_bytes(staging / f"{stem}.{fmt}", data)
                files.append(f"{stem}.{fmt}")
            if progress:
                progress(stem)
            rows.append(
                {
                    "group_kind": scope.kind,
                    "group": scope.key,
                    "name": scope.name,
                    "filters": content.scope_text(),
                    "measures": content.items,
                    "files": files,
                    "period": content.period.name,
                    "as_of": content.as_of.isoformat(),
                    "lights": dict(content.light_counts),
                    "completion_rate": content.completion_rate,
                    "on_time_rate": content.on_time_rate,
                    "sample": content.sample,
                }
            )
        if by is not None:
            write_index(staging, rows)
        _swap_in(staging, out, new=[f for r in rows for f in r["files"]], batch=by is not None)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as e:  # --help (0) or a bad argument (2): a return code for in-process callers too
        return int(e.code or 0)
    try:
        plan_id, formats, as_of = _check(args)
        facts = build(plan_id, args.period, load_gazetteer(), as_of=as_of, lang=args.lang)
        scopes = facts.scopes(args.by)
        out = ensure_writable_dir(args.out)
    except (ReportError, ExportError, StoreUnavailable) as e:
        print(f"错误 / error: {e}", file=sys.stderr)
        return 2
    except SQLAlchemyError as e:  # e.g. a database never upgraded: say which, and how to fix it
        print(f"错误 / error: {unavailable_message(e)} (python -m geo.db upgrade)", file=sys.stderr)
        return 2

    from tqdm import tqdm

    started = time.perf_counter()
    with tqdm(total=len(scopes), unit="report", disable=args.quiet, file=sys.stderr, desc="进展通报 report") as bar:

        def step(name: str) -> None:
            bar.set_postfix_str(name[-40:], refresh=False)
            bar.update(1)

        try:
            rows = write_reports(facts, args.by, formats, out, progress=step)
        except Exception as e:  # noqa: BLE001 - any failure: the staged files are gone; one line, no traceback
            print(
                f"错误 / error: 生成中断，原有文件未改动 / report failed, the previous files are untouched: "
                f"{type(e).__name__}: {e}",
                file=sys.stderr,
            )
            return 2 if isinstance(e, OSError) else 1
    n_files = sum(len(r["files"]) for r in rows)
    where = out / INDEX_CSV if args.by else out
    print(f"{n_files} files in {time.perf_counter() - started:.1f} s → {where}", file=sys.stderr)
    return 0
