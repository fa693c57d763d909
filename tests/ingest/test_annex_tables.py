"""Real plan annexes we have never seen, as a user imports them: eight tables laid out like Guangdong, Shenzhen and
national annexes (tests/ingest/annex_tables.py), each read through the guard the import page and
`python -m geo.ingest` use (a worker process), and what the user sees checked measure by measure: how many
measures, their themes and sub-tasks, texts (no heading row taken as a measure, none split or merged), lead and
co-operating units, deadlines and places. Then the same tables through `python -m geo.plans import`, and bad
tables (no header, empty, header only, password-protected, damaged): one line naming file, row and column,
exit 2, nothing written."""

from __future__ import annotations

import io
import json

import pytest
from annex_tables import ANNEXES, GD, PDF, SZ, TWO_ROW_HEADER_MERGES, XLS, Annex
from hostile_files import encrypted_ooxml, encrypted_xls
from table_builders import ABOVE, LEFT, csv_table, docx_document, pdf_ruled, xls_sheet, xlsx_sheet

from geo.ingest import departments
from geo.ingest.cli import main as ingest_main
from geo.ingest.guard import load_guarded
from geo.ingest.pipeline import parse_source, summarize

ROLE_WORDS = ("牵头", "配合", "负责", "落实", "参与", "协办")


@pytest.fixture(scope="module", params=ANNEXES, ids=lambda annex: annex.name)
def imported(request) -> tuple[Annex, list[dict]]:
    annex = request.param
    return annex, load_guarded(annex.build(), annex.name)


def test_measures_themes_and_subtasks_as_the_table_groups_them(imported):
    annex, measures = imported
    expected = annex.expected
    assert [m["id"] for m in measures] == expected.ids
    assert [m["theme"] for m in measures] == expected.themes
    assert [m["subtask"] for m in measures] == expected.subtasks
    assert all(m["theme_short"] for m in measures)


def test_every_text_whole_and_no_heading_row_taken_for_a_measure(imported):
    annex, measures = imported
    assert [m["text"] for m in measures] == annex.expected.texts


def test_lead_and_co_operating_units_without_role_words(imported):
    annex, measures = imported
    assert [m["departments"] for m in measures] == annex.expected.lead
    assert [m["co_departments"] for m in measures] == annex.expected.co
    names = [n for m in measures for n in (*m["departments"], *m["co_departments"])]
    assert not [n for n in names if n.endswith(ROLE_WORDS) or n in ("无", "/") or "：" in n]


def test_deadlines_as_written(imported):
    annex, measures = imported
    assert [m.get("deadline") for m in measures] == annex.expected.deadlines


def test_places_the_texts_name_are_tagged(imported):
    annex, measures = imported
    by_id = {m["id"]: m for m in measures}
    for number, places in annex.expected.places.items():
        tagged = {tag["place"] for tag in by_id[number]["places"]}
        assert places <= tagged, (number, tagged)
        assert all(tag["evidence"] for tag in by_id[number]["places"])


def test_unknown_units_are_kept_and_reported(imported):
    annex, measures = imported
    assert summarize(measures).unknown_departments == annex.expected.unknown


# --- the same tables through the command lines ------------------------------------------------------------------


@pytest.mark.parametrize("annex", [PDF, XLS], ids=lambda annex: annex.name)
def test_ingest_cli_writes_the_same_dataset(annex, tmp_path, capsys):
    source = tmp_path / annex.name
    source.write_bytes(annex.build())
    out = tmp_path / "measures.json"
    assert ingest_main([str(source), "--out", str(out)]) == 0
    measures = json.loads(out.read_text(encoding="utf-8"))
    assert [m["text"] for m in measures] == annex.expected.texts
    assert [m["departments"] for m in measures] == annex.expected.lead
    themes = len(set(annex.expected.themes))
    assert f"{annex.name}: {len(annex.expected.ids)} measures, {themes} themes" in capsys.readouterr().err


@pytest.fixture
def sqlite_url(tmp_path, monkeypatch):
    from geo.store.engine import dispose_engine

    url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    yield url
    dispose_engine(url)


def test_plans_cli_imports_an_annex_as_a_plan(sqlite_url, tmp_path, capsys):
    from geo import plans as plans_cli

    source = tmp_path / SZ.name
    source.write_bytes(SZ.build())
    assert plans_cli.main(["import", str(source), "--json"]) == 0
    created = json.loads(capsys.readouterr().out)
    assert created["measures"] == len(SZ.expected.ids)
    assert plans_cli.main(["show", str(created["id"]), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)["measures"]
    assert [(m["theme"], m["subtask"]) for m in shown] == list(
        zip(SZ.expected.themes, SZ.expected.subtasks, strict=True)
    )
    assert [m["co_departments"] for m in shown] == SZ.expected.co


# --- bad tables: one line naming file, row and column; exit 2; nothing written ---------------------------------

HEADER = ["序号", "重点任务", "具体举措", "牵头单位", "配合单位", "完成时限"]


def _pdf_header_only() -> bytes:
    return pdf_ruled([HEADER], [], chars=[3, 6, 20, 8, 8, 6], title="任务分工表")


BAD = {
    "表头缺失.xlsx": (
        lambda: xlsx_sheet([["附件"], ["工作要点"], ["事项", "说明"], ["甲", "乙"]]),
        "表头缺失.xlsx: no recognisable header",
    ),
    "空表.docx": (lambda: docx_document(["附件", {"rows": [["", ""], ["", ""]]}]), "空表.docx: empty table"),
    "只有表头.xlsx": (
        lambda: xlsx_sheet([["任务分工表"], HEADER]),
        "只有表头.xlsx, row 2: no measures below the header",
    ),
    "只有表头.csv": (lambda: csv_table([], header=HEADER), "只有表头.csv, row 1: no measures below the header"),
    "只有表头.xls": (lambda: xls_sheet([HEADER]), "只有表头.xls, row 1: no measures below the header"),
    "只有表头.pdf": (_pdf_header_only, "只有表头.pdf, page 1, table row 1: no measures below the header"),
    "双层表头.docx": (
        lambda: docx_document(
            [
                {
                    "rows": [
                        ["序号", "重点任务", "具体举措", "任务分工", "", "完成时限"],
                        ["", "", "", "牵头单位", "配合单位", ""],
                    ],
                    "merges": TWO_ROW_HEADER_MERGES,
                }
            ]
        ),
        "双层表头.docx, table 1, row 2: no measures below the header",
    ),
    "缺具体措施.csv": (
        lambda: csv_table([["1", "省科技厅", "2025年"]], header=["序号", "牵头单位", "完成时限"]),
        "缺具体措施.csv, row 1: missing 具体措施 column",
    ),
    "序号重复.xlsx": (
        lambda: xlsx_sheet(
            [HEADER, ["1-1", "甲", "措施一。", "省科技厅", "", ""], ["1-1", "甲", "措施二。", "省科技厅"]]
        ),
        "序号重复.xlsx, row 3, column A (序号): duplicate 序号 1-1 (first used in row 2)",
    ),
    "措施为空.xlsx": (
        lambda: xlsx_sheet([HEADER, ["1-1", "甲", None, "省科技厅", "", ""]]),
        "措施为空.xlsx, row 2, column C (具体措施): 具体措施 is empty",
    ),
    "加密.xlsx": (encrypted_ooxml, "加密.xlsx: the file is password-protected"),
    "加密.docx": (encrypted_ooxml, "加密.docx: the file is password-protected"),
    "加密.xls": (
        lambda: encrypted_xls(xls_sheet([HEADER, ["1", "甲", "措施。", "省科技厅", "", ""]])),
        "加密.xls: the file is password-protected",
    ),
    "加密.pdf": (lambda: _encrypted_pdf(), "加密.pdf: the PDF is password-protected"),
    "损坏.xlsx": (lambda: GD.build()[:2000], "损坏.xlsx: not a valid .xlsx file (the archive is damaged or cut short)"),
    "旧格式.xlsx": (lambda: XLS.build(), "旧格式.xlsx: not a valid .xlsx file (it is an Excel 97–2003 workbook"),
    "其实是xlsx.xls": (lambda: GD.build(), "其实是xlsx.xls: not a valid .xls file (it is an .xlsx workbook"),
}


def _encrypted_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, encrypt="secret")
    page.drawString(72, 720, "1 2025")
    page.save()
    return buffer.getvalue()


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_table_one_line_exit_2_nothing_written(name, tmp_path, capsys):
    build, message = BAD[name]
    source = tmp_path / name
    source.write_bytes(build())
    out = tmp_path / "measures.json"
    out.write_text("previous dataset\n", encoding="utf-8")
    assert ingest_main([str(source), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ") and message in err, err
    assert out.read_text(encoding="utf-8") == "previous dataset\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, "measures.json"])


def test_plans_cli_saves_nothing_for_a_header_only_table(sqlite_url, tmp_path, capsys):
    from geo import plans as plans_cli
    from geo.store import plans

    source = tmp_path / "只有表头.xlsx"
    source.write_bytes(BAD["只有表头.xlsx"][0]())
    assert plans_cli.main(["import", str(source)]) == 2
    assert "只有表头.xlsx, row 2: no measures below the header" in capsys.readouterr().err
    assert [plan.builtin for plan in plans.list_plans()] == [True]  # the seed plan only


def test_registry_knows_the_units_real_annexes_use():
    for name in ("省委网信办", "省政务服务和数据管理局", "各地级以上市人民政府", "省有关部门", "省政府办公厅"):
        assert departments.is_known(name), name
    assert departments.canonical("各市") == "各地级以上市人民政府"
    assert departments.canonical("省有关单位") == "省有关部门"
    assert departments.category_of("各市") == departments.TIER_CATEGORY


# --- a header over two rows, in every format: 任务分工 over 牵头单位 | 配合单位, the other names merged down ---------

TWO_LEVEL = [
    ["序号", "重点任务", "具体举措", "任务分工", "", "完成时限"],
    ["", "", "", "牵头单位", "配合单位", ""],
    [
        "1",
        "推进数据跨境流动",
        "在深圳前海开展数据跨境流动试点。",
        "深圳市人民政府",
        "省委网信办、省商务厅",
        "2025年底前",
    ],
    [
        "2",
        "建设数据交易所",
        "支持广州数据交易所建设国家级数据交易场所。",
        "广州市人民政府",
        "省政务服务和数据管理局",
        "2026年",
    ],
]
TWO_LEVEL_BUILDERS = {
    "xlsx": lambda: xlsx_sheet(TWO_LEVEL, merges=["A1:A2", "B1:B2", "C1:C2", "D1:E1", "F1:F2"]),
    "xls": lambda: xls_sheet(TWO_LEVEL, merges=[(0, 1, 0, 0), (0, 1, 1, 1), (0, 1, 2, 2), (0, 0, 3, 4), (0, 1, 5, 5)]),
    "csv": lambda: csv_table(TWO_LEVEL[1:], header=TWO_LEVEL[0]),
    "docx": lambda: docx_document([{"rows": TWO_LEVEL, "merges": TWO_ROW_HEADER_MERGES}]),
    "pdf": lambda: pdf_ruled(
        [
            ["序号", "重点任务", "具体举措", "任务分工", LEFT, "完成时限"],
            [ABOVE, ABOVE, ABOVE, "牵头单位", "配合单位", ABOVE],
        ],
        TWO_LEVEL[2:],
        chars=[3, 7, 20, 8, 10, 6],
    ),
}


@pytest.mark.parametrize("fmt", sorted(TWO_LEVEL_BUILDERS))
def test_a_header_over_two_rows_in_every_format(fmt):
    measures = parse_source(TWO_LEVEL_BUILDERS[fmt](), f"两级表头.{fmt}")
    assert [(m["id"], m["theme"], m["text"]) for m in measures] == [(int(r[0]), r[1], r[2]) for r in TWO_LEVEL[2:]]
    assert [m["departments"] for m in measures] == [["深圳市人民政府"], ["广州市人民政府"]]
    assert [m["co_departments"] for m in measures] == [["省委网信办", "省商务厅"], ["省政务服务和数据管理局"]]
    assert [m["deadline"] for m in measures] == ["2025年底前", "2026年"]
