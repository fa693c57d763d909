"""Tables and file names a report writer can print and send: no empty columns, print setup, safe names, English."""

from __future__ import annotations

import copy
import csv
import io
import json
import re

from openpyxl import load_workbook

from geo.export import cli
from geo.export.tables import csv_bytes, xlsx_bytes
from geo.i18n import localize, t
from geo.paths import DATA
from geo.selection.filters import Filters, describe, select

# Full-width and CJK punctuation, ASCII characters Windows refuses or shells and WPS trip over.
UNSAFE_IN_NAME = re.compile(r'[\u3000-\u303f\uff00-\uffef“”‘’\\/:*?"<>|;,\s]')


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


# ---------------------------------------------------------------- item 21: columns and print setup


def test_columns_no_measure_fills_are_left_out(measures, gaz):
    selection = select(measures, Filters(themes=("要素通",)), gaz)
    header = _csv_rows(csv_bytes(selection, gaz))[0]
    assert t("col_co_departments") not in header and t("col_deadline") not in header
    assert header[0] == t("col_id") and t("col_text") in header


def test_a_column_one_measure_fills_is_kept(measures, gaz):
    selection = copy.deepcopy(select(measures, Filters(themes=("要素通",)), gaz))
    selection[1]["co_departments"] = ["省财政厅"]
    rows = _csv_rows(csv_bytes(selection, gaz))
    col = rows[0].index(t("col_co_departments"))
    assert rows[2][col] == "省财政厅" and rows[1][col] == ""
    assert t("col_deadline") not in rows[0]


def test_xlsx_prints_landscape_fitted_to_width_with_the_header_on_every_page(measures, gaz):
    selection = select(measures, Filters(), gaz)
    ws = load_workbook(io.BytesIO(xlsx_bytes(selection, gaz))).worksheets[0]
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows.replace("$", "") == "1:1"
    assert [c.value for c in ws[1]] == _csv_rows(csv_bytes(selection, gaz))[0]


# ---------------------------------------------------------------- item 22: file names


def test_download_names_carry_the_filter_values_without_full_width_punctuation(gaz):
    from geo.export.files import filters_stem

    stem = filters_stem(Filters(themes=("产业通",), regions=("shenzhen",)), gaz)
    assert stem == "数字湾区任务地图-产业通-深圳市"
    for f in (
        Filters(),
        Filters(themes=("要素通", "产业通"), departments=("省科技厅",), keyword="数据，跨境?"),
        Filters(regions=("greater-bay-area", "hengqin")),
    ):
        for lang in ("zh", "zh_hant", "en"):
            stem = filters_stem(f, gaz, lang)
            assert not UNSAFE_IN_NAME.search(stem), stem
            assert len(stem) <= 120 and not stem.endswith((".", "-", "_"))
    assert filters_stem(Filters(themes=("产业通",)), gaz, "en") == "digital-bay-area-map-Digital_industry"


def test_cli_names_are_safe_too(tmp_path, measures):
    out = tmp_path / "b"
    assert cli.main(["--by", "department", "--format", "csv", "--out", str(out), "--quiet"]) == 0
    assert cli.main(["--name", "报告：深圳；产业通（草稿）", "--format", "csv", "--out", str(out), "--quiet"]) == 0
    names = [p.name for p in out.iterdir()]
    assert len(names) > 10 and "报告_深圳_产业通_草稿.csv" in names
    assert not [n for n in names if UNSAFE_IN_NAME.search(n)]


# ---------------------------------------------------------------- item 23: English names


def test_every_theme_and_known_department_has_an_english_name(measures):
    themes = json.loads((DATA / "themes.json").read_text(encoding="utf-8"))
    departments = json.loads((DATA / "departments_en.json").read_text(encoding="utf-8"))
    known = [d["name"] for d in json.loads((DATA / "departments.json").read_text(encoding="utf-8"))["departments"]]
    assert {m["theme_short"] for m in measures} <= set(themes)
    assert set(known) <= set(departments)
    for m in measures:
        assert localize(m["theme_short"], "en") == themes[m["theme_short"]]["en"]
        assert localize(m["theme"], "en") == themes[m["theme_short"]]["full_en"]
        for d in m["departments"]:
            assert localize(d, "en").isascii(), d
    assert localize("产业通", "zh") == "产业通"  # the Chinese UI is unchanged


def test_english_tables_translate_themes_and_departments(measures, gaz):
    f = Filters(themes=("产业通",))
    selection = select(measures, f, gaz)
    rows = _csv_rows(csv_bytes(selection, gaz, "en"))
    theme, dept = rows[0].index("Theme"), rows[0].index("Lead departments")
    assert {r[theme] for r in rows[1:]} == {"Digital industry"}
    assert all(r[dept].isascii() for r in rows[1:]), [r[dept] for r in rows[1:]]
    about = load_workbook(io.BytesIO(xlsx_bytes(selection, gaz, f, "en"))).worksheets[1]
    assert "Theme: Digital industry" in [c.value for row in about.iter_rows() for c in row]
    assert describe(f, gaz, "en") == "Theme: Digital industry"
