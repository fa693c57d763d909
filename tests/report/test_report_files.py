"""The 进展通报 a report writer opens: the DOCX read back with python-docx (real headings, real tables, the map
picture, Chinese text and East Asian fonts), the PDF's fonts read with pdffonts, the XLSX read with openpyxl.
Expected rows come from the progress snapshot itself, not from the writers."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections import Counter

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from geo.progress.status import snapshot
from geo.report.cli import main
from tests.report.conftest import PERIOD

AS_OF = "2026-11-15"
STEM = f"进展通报-{PERIOD}"


@pytest.fixture(scope="module")
def written(report_db, tmp_path_factory):
    url, plan_id = report_db
    out = tmp_path_factory.mktemp("report-out")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DATABASE_URL", url)
        code = main(["--plan", str(plan_id), "--period", PERIOD, "--as-of", AS_OF, "--format", "docx,pdf,xlsx",
                     "--out", str(out), "--quiet"])  # fmt: skip
    assert code == 0
    return out, snapshot(plan_id, dt.date.fromisoformat(AS_OF), url=url)


def _paragraph_styles(doc, style: str) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name == style]


def test_docx_has_real_headings_per_section_and_theme(written):
    out, snap = written
    doc = Document(out / f"{STEM}.docx")
    h1 = _paragraph_styles(doc, "Heading 1")
    assert h1 == ["一、总体情况", "二、各地进展分布", "三、分主题进展", "四、滞后事项", "五、各单位情况"]
    themes = Counter(m.theme_short for m in snap.measures.values())
    assert _paragraph_styles(doc, "Heading 2") == [f"{k}（{n}）" for k, n in themes.items()]


def test_docx_tables_are_tables_with_one_row_per_measure_department_and_red_item(written):
    out, snap = written
    doc = Document(out / f"{STEM}.docx")
    tables = doc.tables
    headers = [[c.text for c in t.rows[0].cells] for t in tables]
    theme_tables = [
        t for t, h in zip(tables, headers, strict=True) if h[:2] == ["序号", "具体措施"] and "进展摘要" in h
    ]
    assert sum(len(t.rows) - 1 for t in theme_tables) == len(snap.measures) == 60
    numbers = [int(r.cells[0].text) for t in theme_tables for r in t.rows[1:]]
    assert sorted(numbers) == sorted(snap.measures)
    behind = {"滞后"}
    red = {m.measure for m in snap.measures.values() if m.light == "red" or m.status in behind}
    assert red, "the sample must have items behind schedule on this date"
    red_table = next(t for t, h in zip(tables, headers, strict=True) if "原因" in h)
    assert {int(r.cells[0].text) for r in red_table.rows[1:]} == red
    dept_table = next(t for t, h in zip(tables, headers, strict=True) if h[0] == "单位")
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in dept_table.rows[1:]}
    assert set(rows) == set(snap.department_stats)
    for name, stats in snap.department_stats.items():
        assert rows[name][1] == str(stats.items)
        assert rows[name][-1] == (f"{stats.on_time_rate * 100:.1f}%" if stats.on_time_rate is not None else "—")
        assert rows[name][-2] == (f"{stats.completion_rate * 100:.1f}%" if stats.items else "—")


def test_docx_cover_map_sample_marks_and_page_setup(written):
    out, _ = written
    doc = Document(out / f"{STEM}.docx")
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "截至 2026年11月15日" in text and "报送期：2026年第3季度" in text and "【示例数据】" in text
    section = doc.sections[0]
    assert "示例数据" in section.header.paragraphs[0].text  # every page's header
    assert "PAGE" in section.footer._element.xml  # a page-number field
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    pictures = doc.inline_shapes
    assert len(pictures) == 1
    blip = pictures[0]._inline.graphic.graphicData.pic.blipFill.blip
    image = doc.part.related_parts[blip.embed].image
    assert image.content_type == "image/png" and image.px_width > 1000


@pytest.mark.parametrize("style", ["Normal", "Title", "Heading 1", "Heading 2"])
def test_docx_styles_name_an_east_asian_font_and_no_theme_font(written, style):
    out, _ = written
    doc = Document(out / f"{STEM}.docx")
    fonts = doc.styles[style].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) in ("宋体", "黑体")
    assert fonts.get(qn("w:eastAsiaTheme")) is None and fonts.get(qn("w:asciiTheme")) is None


def test_pdf_embeds_every_font_and_none_is_type3(written):
    out, _ = written
    if shutil.which("pdffonts") is None:
        pytest.fail("pdffonts (poppler-utils) is missing: run scripts/setup.sh")
    lines = subprocess.run(["pdffonts", str(out / f"{STEM}.pdf")], capture_output=True, text=True, check=True)
    rows = lines.stdout.splitlines()[2:]
    assert rows, "the PDF names no font"
    for row in rows:
        assert "Type 3" not in row, row
        emb = row.split()[-5]
        assert emb == "yes", row
    text = subprocess.run(["pdftotext", str(out / f"{STEM}.pdf"), "-"], capture_output=True, text=True).stdout
    assert "截至 2026年11月15日" in text and "四、滞后事项" in text and "示例数据" in text


def test_xlsx_sheets_rows_and_rates(written):
    out, snap = written
    wb = load_workbook(out / f"{STEM}.xlsx")
    assert wb.sheetnames == ["总体情况", "分主题进展", "滞后事项", "各单位情况"]
    measures = wb["分主题进展"]
    assert measures.max_row - 1 == len(snap.measures)
    depts = wb["各单位情况"]
    by_name = {row[0]: row for row in depts.iter_rows(min_row=2, values_only=True)}
    assert set(by_name) == set(snap.department_stats)
    for name, stats in snap.department_stats.items():
        assert by_name[name][-1] == pytest.approx(stats.on_time_rate)
    assert depts.page_setup.orientation == "landscape" and depts.print_title_rows == "$1:$1"
    assert "示例数据" in wb["总体情况"].oddHeader.right.text
