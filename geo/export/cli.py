"""Exports from the command line: one request, or a batch with one output per theme / region / department.

    python -m geo.export --format png,pdf --theme 要素通 --out out/
    python -m geo.export --by theme --format png,pdf,svg --out out/figures

A batch writes the files plus an index (index.csv for Excel, index.json for scripts) listing group, filters,
measure count and files. The whole request (formats, theme/region/department names, paper, extent, output
folder) is checked before anything is written: a bad request exits with code 2 and a message listing the valid
values, and leaves no file behind. Files are written atomically (geo.files), staged, and swapped in when all
succeeded (run()).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date as Date
from pathlib import Path

from geo.dataset import Measure, department_order, load_measures, theme_order
from geo.export.files import ExportError, ensure_writable_dir, safe_name
from geo.files import atomic_write_bytes
from geo.i18n import LANGS, lang_code
from geo.places.gazetteer import Gazetteer, load_gazetteer
from geo.selection.filters import Filters, describe, select

FIGURE_FORMATS = ("png", "pdf", "svg")
FORMATS = (*FIGURE_FORMATS, "html", "csv", "xlsx")
GROUP_KINDS = ("theme", "region", "department")
# Regions a batch "--by region" makes one output for: the places drawn as areas, and the zones.
BATCH_REGION_KINDS = ("city", "sar", "zone")
INDEX_CSV, INDEX_JSON = "index.csv", "index.json"


@dataclass(frozen=True)
class Group:
    """One output set of a batch: a name for people, a slug for file names, the filters that define it."""

    kind: str  # "all" for a single request, else one of GROUP_KINDS
    key: str  # theme short name, place id or department name
    name: str
    slug: str
    filters: Filters


@dataclass
class Request:
    formats: tuple[str, ...]
    out: Path
    filters: Filters
    by: str | None = None
    paper: str = "A4"
    orientation: str = "landscape"
    dpi: int = 300
    lang: str = "zh"
    title: str | None = None
    review_no: str | None = None
    disclaimer: str | None = None
    extent: tuple[float, float, float, float] | None = None
    fit: bool = False  # --extent fit: each group's view fitted to its regions
    date: str | None = None
    groups: list[Group] = field(default_factory=list)


# ---------------------------------------------------------------- resolving names


def _valid_list(values: Sequence[str], limit: int = 60) -> str:
    shown = list(values)[:limit]
    more = f" … (+{len(values) - limit})" if len(values) > limit else ""
    return "、".join(shown) + more


def resolve_themes(values: Sequence[str], measures: list[Measure]) -> tuple[str, ...]:
    """Theme short names from short names (要素通), full theme titles, or 1-based theme numbers."""
    order = theme_order(measures)
    full = {m["theme"]: m["theme_short"] for m in measures}
    out: list[str] = []
    for v in values:
        v = v.strip()
        if v in order:
            out.append(v)
        elif v in full:
            out.append(full[v])
        elif v.isdigit() and 1 <= int(v) <= len(order):
            out.append(order[int(v) - 1])
        else:
            raise ExportError(f"未知主题 / unknown theme: {v!r}. 可用 / valid: {_valid_list(order)}")
    return tuple(dict.fromkeys(out))


def resolve_regions(values: Sequence[str], gazetteer: Gazetteer) -> tuple[str, ...]:
    """Place ids from ids (shenzhen), Chinese names (深圳市) or aliases (深圳)."""
    by_name: dict[str, str] = {}
    for p in gazetteer:
        for name in (p.name_zh, p.name_zh_hant, p.name_en, *p.aliases):
            by_name.setdefault(name, p.id)
            by_name.setdefault(name.lower(), p.id)
    out: list[str] = []
    for v in values:
        v = v.strip()
        pid = v if v in gazetteer else by_name.get(v) or by_name.get(v.lower())
        if pid is None:
            valid = [f"{p.id}（{p.name_zh}）" for p in gazetteer if p.kind not in ("facility",)]
            raise ExportError(f"未知地区 / unknown region: {v!r}. 可用 / valid: {_valid_list(valid)}")
        out.append(pid)
    return tuple(dict.fromkeys(out))


def resolve_departments(values: Sequence[str], measures: list[Measure]) -> tuple[str, ...]:
    """Department names as in the measures, from full names, official names or known short forms."""
    from geo.ingest.departments import canonical

    known = department_order(measures)
    out: list[str] = []
    for v in values:
        v = v.strip()
        name = v if v in known else canonical(v)
        if name not in known:
            raise ExportError(f"未知牵头部门 / unknown department: {v!r}. 可用 / valid: {_valid_list(known)}")
        out.append(name)
    return tuple(dict.fromkeys(out))


def parse_formats(text: str) -> tuple[str, ...]:
    items = [x.strip().lower().lstrip(".") for x in text.split(",") if x.strip()]
    if not items:
        raise ExportError(f"未指定格式 / no format given. 可用 / valid: {', '.join(FORMATS)}")
    bad = [x for x in items if x not in FORMATS]
    if bad:
        raise ExportError(f"未知格式 / unknown format: {', '.join(bad)}. 可用 / valid: {', '.join(FORMATS)}")
    return tuple(dict.fromkeys(items))


def parse_extent(text: str | None) -> tuple[float, float, float, float] | None:
    """west,south,east,north in degrees; None for the whole map ("fit" is handled by the caller)."""
    if not text or text == "fit":
        return None
    try:
        w, s, e, n = (float(x) for x in text.split(","))
    except ValueError:
        raise ExportError(
            f"范围应为 west,south,east,north（度）/ extent must be west,south,east,north: {text!r}"
        ) from None
    if not (-180 <= w < e <= 180 and -90 <= s < n <= 90):
        raise ExportError(f"范围无效 / extent out of range or empty: {text!r}")
    return w, s, e, n


slug = safe_name  # batch file names: theme-01-要素通.png


def groups_for(
    by: str | None, base: Filters, measures: list[Measure], gazetteer: Gazetteer, name: str = "export"
) -> list[Group]:
    """The output sets of a request: the filters alone, or one set per theme / region / department.

    A group value is combined with the other given filters (--by theme --region 深圳 gives one map per theme
    of the Shenzhen measures); filters of the grouped kind restrict which groups are made.
    """
    if by is None:
        return [Group("all", "", describe(base, gazetteer), slug(name), base)]
    if by == "theme":
        keys = list(base.themes) or theme_order(measures)
        return [
            Group("theme", k, k, f"theme-{i:02d}-{slug(k)}", base.with_(themes=(k,)))
            for i, k in enumerate(keys, start=1)
        ]
    if by == "region":
        keys = list(base.regions) or [p.id for p in gazetteer if p.kind in BATCH_REGION_KINDS]
        return [Group("region", k, gazetteer[k].name_zh, f"region-{slug(k)}", base.with_(regions=(k,))) for k in keys]
    if by == "department":
        keys = list(base.departments) or department_order(measures)
        return [
            Group("department", k, k, f"dept-{i:02d}-{slug(k)}", base.with_(departments=(k,)))
            for i, k in enumerate(keys, start=1)
        ]
    raise ExportError(f"未知分组 / unknown --by value: {by!r}. 可用 / valid: {', '.join(GROUP_KINDS)}")


# ---------------------------------------------------------------- running


def run(
    req: Request, measures: list[Measure], gazetteer: Gazetteer, progress: Callable[[str], None] | None = None
) -> list[dict]:
    """Write every requested file for every group, then the index; returns the index rows.

    All files go to a staging folder beside `req.out` and are moved in only when every one was written: a failure
    half-way leaves the previous run (its files and its index) exactly as it was.
    """
    staging = Path(tempfile.mkdtemp(prefix=f".{req.out.name}.staging-", dir=req.out.parent))
    try:
        rows = _write_all(req, measures, gazetteer, staging, progress)
        if req.by is not None:
            write_index(staging, rows)
        _swap_in(staging, req.out, new=[f for r in rows for f in r["files"]], batch=req.by is not None)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return rows


def _previous_files(out: Path) -> list[str]:
    """The files the previous batch in `out` wrote, as its index lists them (nothing else there is ours)."""
    try:
        rows = json.loads((out / INDEX_JSON).read_text(encoding="utf-8"))
        return [f for r in rows for f in r["files"] if isinstance(f, str) and "/" not in f and f not in ("..", ".")]
    except (OSError, ValueError, TypeError, KeyError):
        return []


def _swap_in(staging: Path, out: Path, new: list[str], batch: bool) -> None:
    """Move the staged files into `out` (renames on one file system), the index last; then drop the previous
    batch's files that this run did not rewrite, so the folder holds exactly what the new index lists."""
    stale = set(_previous_files(out)) - set(new) if batch else set()
    for name in new:
        os.replace(staging / name, out / name)
    if batch:
        for name in (INDEX_CSV, INDEX_JSON):
            os.replace(staging / name, out / name)
        for name in stale:
            (out / name).unlink(missing_ok=True)


def _write_all(
    req: Request,
    measures: list[Measure],
    gazetteer: Gazetteer,
    folder: Path,
    progress: Callable[[str], None] | None = None,
) -> list[dict]:
    """Every file of every group into `folder`; returns the index rows."""
    from geo.export.html_page import html_bytes
    from geo.export.tables import csv_bytes, xlsx_bytes
    from geo.render.print.figure import FigureOptions, figure_bytes, fit_extent, render_figure

    opts = FigureOptions(
        paper=req.paper,
        orientation=req.orientation,
        lang=req.lang,
        title=req.title,
        extent=req.extent,
        review_no=req.review_no,
        disclaimer=req.disclaimer,
        date=req.date,
    )
    rows: list[dict] = []
    for group in req.groups:
        selection = select(measures, group.filters, gazetteer)
        files: list[str] = []
        fig = None
        extent = req.extent
        if req.fit and group.filters.regions:
            extent = fit_extent(group.filters.regions, gazetteer) or extent
        gopts = replace(opts, extent=extent)
        for fmt in req.formats:
            name = f"{group.slug}.{fmt}"
            if fmt in FIGURE_FORMATS:
                if fig is None:
                    fig = render_figure(measures, group.filters, gopts, gazetteer)
                data = figure_bytes(fig, fmt, dpi=req.dpi)
            elif fmt == "html":
                data = html_bytes(measures, group.filters, gazetteer, req.lang, extent, req.title)
            elif fmt == "csv":
                data = csv_bytes(selection, gazetteer, req.lang)
            else:
                data = xlsx_bytes(selection, gazetteer, group.filters, req.lang)
            atomic_write_bytes(folder / name, data)
            files.append(name)
            if progress:
                progress(name)
        rows.append(
            {
                "group_kind": group.kind,
                "group": group.key,
                "name": group.name,
                "filters": describe(group.filters, gazetteer, req.lang),
                "query": group.filters.to_query(),
                "measures": len(selection),
                "files": files,
            }
        )
    return rows


def write_index(out: Path, rows: list[dict]) -> None:
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["group_kind", "group", "name", "filters", "measures", "files"])
    for r in rows:
        w.writerow([r["group_kind"], r["group"], r["name"], r["filters"], r["measures"], ";".join(r["files"])])
    atomic_write_bytes(out / INDEX_CSV, buf.getvalue().encode("utf-8-sig"))
    atomic_write_bytes(out / INDEX_JSON, json.dumps(rows, ensure_ascii=False, indent=1).encode("utf-8"))


def build_request(args: argparse.Namespace, measures: list[Measure], gazetteer: Gazetteer) -> Request:
    """Check the whole request against the data; raises ExportError before anything is written."""
    from geo.render.print.figure import ORIENTATIONS, PAPERS_MM

    formats = parse_formats(args.format)
    if args.paper not in PAPERS_MM:
        raise ExportError(f"未知纸张 / unknown paper: {args.paper!r}. 可用 / valid: {', '.join(PAPERS_MM)}")
    if args.orientation not in ORIENTATIONS:
        raise ExportError(
            f"未知方向 / unknown orientation: {args.orientation!r}. 可用 / valid: {', '.join(ORIENTATIONS)}"
        )
    if not 50 <= args.dpi <= 1200:
        raise ExportError(f"dpi 应在 50–1200 之间 / dpi must be 50–1200: {args.dpi}")
    if lang_code(args.lang) is None:
        raise ExportError(f"未知语言 / unknown language: {args.lang!r}. 可用 / valid: {', '.join(LANGS)}")
    args.lang = lang_code(args.lang)
    if args.date and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", args.date):
        raise ExportError(f"日期格式应为 YYYY-MM-DD / date must be YYYY-MM-DD: {args.date!r}")
    base = Filters(
        themes=resolve_themes(args.theme or [], measures),
        departments=resolve_departments(args.dept or [], measures),
        regions=resolve_regions(args.region or [], gazetteer),
        keyword=(args.keyword or "").strip(),
        include_groups=bool(args.include_groups),
    )
    req = Request(
        formats=formats,
        out=Path(args.out),
        filters=base,
        by=args.by,
        paper=args.paper,
        orientation=args.orientation,
        dpi=args.dpi,
        lang=args.lang,
        title=args.title,
        review_no=args.review_no,
        disclaimer=args.disclaimer,
        extent=parse_extent(args.extent),
        fit=args.extent == "fit",
        date=args.date or Date.today().isoformat(),
    )
    req.groups = groups_for(args.by, base, measures, gazetteer, args.name)
    return req


def _split_multi(values: list[str] | None) -> list[str]:
    """--theme a,b --theme c → [a, b, c] (Chinese lists also split on 、 and ，)."""
    out: list[str] = []
    for v in values or []:
        out += [x for x in re.split(r"[,，、]", v) if x.strip()]
    return out


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m geo.export",
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--out", required=True, help="output folder (created if missing)")
    p.add_argument("--format", default="png", help=f"comma-separated: {','.join(FORMATS)} (default png)")
    p.add_argument("--by", choices=GROUP_KINDS, help="one output set per theme, region or department")
    p.add_argument("--name", default="export", help="file name (without extension) of a single export")
    p.add_argument("--theme", action="append", help="theme short name (要素通), full title or number; repeatable")
    p.add_argument("--region", action="append", help="place id (shenzhen) or name (深圳市, 深圳); repeatable")
    p.add_argument("--dept", action="append", help="lead department (省科技厅); repeatable")
    p.add_argument("--keyword", help="only measures whose text contains this")
    p.add_argument(
        "--include-groups",
        action="store_true",
        help="count region-wide measures (粤港澳大湾区 …) for their member cities",
    )
    p.add_argument("--paper", default="A4", help="A4 or A3 (default A4)")
    p.add_argument("--orientation", default="landscape", help="landscape or portrait (default landscape)")
    p.add_argument("--dpi", type=int, default=300, help="PNG resolution (default 300; 600 for print shops)")
    p.add_argument("--lang", default="zh", help=f"{', '.join(LANGS)} (default zh)")
    p.add_argument("--title", help="figure title (default: says what is shown)")
    p.add_argument("--review-no", help="审图号 printed in the footer")
    p.add_argument("--disclaimer", help="footer disclaimer line (default: the schematic-outline note; '' for none)")
    p.add_argument(
        "--extent",
        help="map extent west,south,east,north in degrees, or 'fit' to zoom each map to "
        "its regions (with --region or --by region); default: the whole map",
    )
    p.add_argument("--date", help="date printed on figures, YYYY-MM-DD (default today)")
    p.add_argument("--measures", help="measures JSON (default data/measures.json)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    args.theme, args.region, args.dept = (_split_multi(args.theme), _split_multi(args.region), _split_multi(args.dept))
    try:
        try:
            measures = load_measures(args.measures) if args.measures else load_measures()
        except (OSError, ValueError) as e:
            raise ExportError(f"无法读取措施数据 / cannot read measures: {e}") from e
        gazetteer = load_gazetteer()
        req = build_request(args, measures, gazetteer)
        ensure_writable_dir(req.out)
    except ExportError as e:
        print(f"错误 / error: {e}", file=sys.stderr)
        return 2

    from tqdm import tqdm

    started = time.perf_counter()
    total = len(req.groups) * len(req.formats)
    with tqdm(total=total, unit="file", disable=args.quiet, file=sys.stderr, desc="导出 export") as bar:

        def step(name: str) -> None:
            bar.set_postfix_str(name[-40:], refresh=False)
            bar.update(1)

        try:
            rows = run(req, measures, gazetteer, progress=step)
        except Exception as e:  # noqa: BLE001 - any failure: the staged files are gone, report, never a traceback
            code = 2 if isinstance(e, OSError) else 1
            print(
                f"错误 / error: 导出中断，原有文件未改动 / export failed, the previous files are untouched: "
                f"{type(e).__name__}: {e}",
                file=sys.stderr,
            )
            return code
    n_files = sum(len(r["files"]) for r in rows)
    where = req.out / INDEX_CSV if req.by else req.out
    print(f"{n_files} files in {time.perf_counter() - started:.1f} s → {where}", file=sys.stderr)
    return 0
