"""PDF and old Excel in: the seed's rows printed as a ruled PDF (merged 工作任务 header, merged themes, header
repeated on each page, rows continued across page breaks), the seed's text as an unruled PDF, a scan, and
.xls workbooks with merged cells. Every PDF and .xls here is built by the test itself."""

from __future__ import annotations

import io
import json

import pdfplumber
import pytest
from table_builders import pdf_scanned, pdf_table, pdf_text_lines, xls_table

from geo.ingest.cli import main
from geo.ingest.errors import IngestError
from geo.ingest.pipeline import parse_source
from geo.ingest.source_text import parse_text
from geo.paths import MEASURES, SEED_SOURCE

SEED_ROWS = 14  # two themes, five sub-tasks and several page breaks: enough to cover the layout, quick to build
FIELDS = ("id", "theme", "subtask", "text", "departments")


@pytest.fixture(scope="module")
def seed() -> list[dict]:
    return json.loads(MEASURES.read_text(encoding="utf-8"))[:SEED_ROWS]


@pytest.fixture(scope="module")
def seed_pdf(seed) -> bytes:
    """The seed rows as its PDF prints them: 工作任务 over two columns (theme, sub-task), each merged downwards."""
    rows = []
    previous: dict | None = None
    for m in seed:
        new_theme = previous is None or previous["theme"] != m["theme"]
        new_subtask = new_theme or previous["subtask"] != m["subtask"]
        rows.append(
            [
                str(m["id"]),
                m["theme"] if new_theme else None,
                m["subtask"] if new_subtask else None,
                m["text"],
                "、".join(m["departments"]),
            ]
        )
        previous = m
    return pdf_table(
        rows, header=["序号", "工作任务", None, "具体措施", "牵头部门"], chars=[3, 7, 7, 26, 9], page_height=400
    )


def test_seed_layout_as_ruled_pdf_gives_the_seed_rows(seed, seed_pdf):
    with pdfplumber.open(io.BytesIO(seed_pdf)) as pdf:
        pages = pdf.pages
        assert len(pages) >= 3  # header repeated and rows continued: there are page breaks to cross
        # A row really is cut by a page break: some page starts with a data row whose 序号 cell is empty.
        continued = [p.extract_tables()[0][1][0] for p in pages[1:]]
        assert "" in continued
    measures = parse_source(seed_pdf, "seed.pdf")
    assert [{k: m[k] for k in FIELDS} for m in measures] == [{k: m[k] for k in FIELDS} for m in seed]


def test_seed_text_as_unruled_pdf_reads_like_the_seed_text(seed):
    lines = SEED_SOURCE.read_text(encoding="utf-8").splitlines()
    stop = next(k for k, line in enumerate(lines) if line.strip() == str(SEED_ROWS + 1))
    data = pdf_text_lines(lines[:stop])
    measures = parse_source(data, "seed-text.pdf")
    from_text = parse_text("\n".join(lines[:stop]), "seed.txt")
    assert [{k: m[k] for k in FIELDS} for m in measures] == [{k: m[k] for k in FIELDS} for m in from_text]
    assert [m["id"] for m in measures] == list(range(1, SEED_ROWS + 1))


def test_scanned_pdf_says_it_has_no_text_layer(tmp_path, capsys):
    source = tmp_path / "扫描件.pdf"
    source.write_bytes(pdf_scanned())
    assert main([str(source)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "扫描件.pdf: scanned PDF: its pages are images with no text layer" in err


def test_pdf_cli_summary_line(tmp_path, capsys, seed_pdf):
    source = tmp_path / "分工表.pdf"
    source.write_bytes(seed_pdf)
    assert main([str(source), "--out", str(tmp_path / "out.json")]) == 0
    assert capsys.readouterr().err.strip() == "分工表.pdf: 14 measures, 2 themes, 18 departments, 0 unknown departments"


XLS_HEADER = ["序号", "工作任务", "子任务", "具体措施", "牵头部门", "完成时限"]


def test_xls_merged_theme_and_subtask_carry_down():
    rows = [
        [
            1,
            "一、以数据流动带动要素市场化",
            "1. 推动数据要素流通",
            "探索建设“港澳数据特区”。",
            "省政务服务数据管理局",
            "2025年底",
        ],
        [2, None, None, "支持广州、深圳数据交易所。", "广州市、深圳市人民政府", None],
        [3, None, "2. 建设网络", "推进5G网络覆盖。", "省通信管理局牵头，省工业和信息化厅配合", None],
        [4, "二、保障措施", "（一）加强组织协调", "建立专责小组。", "省有关部门按职责分工负责", None],
    ]
    data = xls_table(rows, XLS_HEADER, merges=[(1, 3, 1, 1), (1, 2, 2, 2)])
    measures = parse_source(data, "旧表.xls")
    assert [m["theme"] for m in measures] == ["以数据流动带动要素市场化"] * 3 + ["保障措施"]
    assert [m["subtask"] for m in measures] == ["推动数据要素流通", "推动数据要素流通", "建设网络", "加强组织协调"]
    assert measures[1]["departments"] == ["广州市人民政府", "深圳市人民政府"]
    assert (measures[2]["departments"], measures[2]["co_departments"]) == (["省通信管理局"], ["省工业和信息化厅"])
    assert measures[3]["departments"] == ["省有关部门"]
    assert measures[0]["deadline"] == "2025年底"


def test_xlsx_header_merged_over_theme_and_subtask():
    from table_builders import xlsx_table

    rows = [
        [1, "一、数据", "1. 流通", "推进数据流通。", "省科技厅"],
        [2, None, "2. 网络", "建设网络。", "省通信管理局"],
    ]
    data = xlsx_table(rows, ["序号", "工作任务", None, "具体措施", "牵头部门"], merges=["B1:C1", "B2:B3"])
    measures = parse_source(data, "合并表头.xlsx")
    assert [(m["theme"], m["subtask"]) for m in measures] == [("数据", "流通"), ("数据", "网络")]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "表.et",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500),
            r"WPS Office spreadsheet \(\.et\): no maintained reader",
        ),
        ("表.wps", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "save it as .docx"),
        ("表.xls", b"PK\x03\x04 an xlsx renamed", "not a valid .xls file"),
        ("表.pdf", b"<html>not a pdf</html>", "not a PDF file"),
    ],
)
def test_formats_without_a_reader_or_with_the_wrong_content(name, data, message):
    with pytest.raises(IngestError, match=message):
        parse_source(data, name)
