"""The import page (pages/4_导入数据.py) and the session dataset (ui.dataset_state) under Streamlit's AppTest.

What a planner would notice: a good table gives a summary and a preview and, once confirmed, every page shows
it with a banner; a bad table gives one clear line and the data in use stays as it was; data/ is never written.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from apptest_support import run_page
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest
from table_builders import HEADER
from table_builders import csv_table as build_csv

from geo import paths
from geo.export.html_page import html_bytes
from geo.export.tables import xlsx_bytes
from geo.ingest.errors import IngestError
from geo.places.gazetteer import load_gazetteer
from geo.render.print.figure import FigureOptions, render_figure
from geo.selection.filters import Filters
from ui.dataset_state import ACTIVE_KEY, MAX_UPLOAD_MB, ImportedDataset, parse_upload
from ui.text import md_escape

IMPORT_PAGE = "pages/4_导入数据.py"
MAP_PAGE = "pages/0_地图.py"
ROWS = [
    [1, "一、建设互通的数据网络", "在广州南沙建设国际数据中心。", "省政务服务数据管理局"],
    [2, "一、建设互通的数据网络", "支持深圳前海开展数据跨境试点。", "深圳市人民政府、粤港数据协调办公室"],
    [
        3,
        "二、推进智慧城市群",
        "完善城市运行管理平台，推广 **经验** 与 [链接](javascript:alert(1))。",
        "省住房城乡建设厅",
    ],
]


def csv_table(rows=ROWS, header=HEADER, encoding: str = "gbk") -> bytes:
    return build_csv(rows, header, encoding)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _app(page: str = IMPORT_PAGE) -> AppTest:
    return run_page(page, timeout=90)  # through app.py's navigation (ui/nav.py), as a user reaches the page


def _upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key="dba_import_upload").upload(name, data).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _texts(at: AppTest, kind: str) -> list[str]:
    return [el.value.replace("\\", "") for el in at.get(kind)]  # markdown escapes removed: the text as shown


def test_gbk_table_summary_then_every_page_uses_it_until_restored():
    before = _digest(paths.MEASURES)
    at = _upload(_app(), "湾区任务表.csv", csv_table())
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"措施": "3", "主题": "2", "牵头/配合部门": "4", "未识别地区的措施": "1"}
    warnings = " ".join(_texts(at, "warning"))
    assert "粤港数据协调办公室" in warnings  # the unknown department, by name
    assert "序号 3" in warnings  # the measure with no place
    assert "建设互通的数据网络 2" in " ".join(m.value for m in at.markdown)
    preview = at.dataframe[0].value
    assert list(preview["序号"]) == [1, 2, 3] and "南沙" in preview["涉及地区"][0]
    assert "配合部门" not in preview and "完成时限" not in preview  # the table has neither: no empty columns
    assert ACTIVE_KEY not in at.session_state  # nothing changes before the planner confirms

    at.button(key="import_use").click().run()
    assert isinstance(at.session_state[ACTIVE_KEY], ImportedDataset)
    assert any("正在使用导入的数据：湾区任务表.csv（3 项）" in i for i in _texts(at, "info"))
    # A link copied now would show the built-in plan to anyone else: the banner says so (issue 10, item 26).
    assert any("复制的链接在别人那里打开的是内置方案" in i for i in _texts(at, "info"))

    at.switch_page(MAP_PAGE).run()
    assert not at.exception
    assert any("（共 3 项）" in c for c in _texts(at, "caption"))
    assert any("正在使用导入的数据" in i for i in _texts(at, "info"))

    at.switch_page("pages/1_措施列表.py").run()
    assert not at.exception and len(at.dataframe[0].value) == 3

    at.button(key="dba_import_restore").click().run()
    assert ACTIVE_KEY not in at.session_state and not any("导入的数据" in i for i in _texts(at, "info"))
    assert len(at.dataframe[0].value) == 60
    assert _digest(paths.MEASURES) == before  # data/measures.json byte-identical


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("report.xlsx", bytes(range(256)) * 20, "report.xlsx：不是有效的 .xlsx 文件"),
        (
            "no-dept.csv",
            csv_table(rows=[r[:3] for r in ROWS], header=HEADER[:3], encoding="utf-8"),
            "no-dept.csv、第 1 行：缺少 牵头部门 列",
        ),
        ("empty.csv", b"", "empty.csv：文件为空"),
        ("old.xls", b"\xd0\xcf\x11\xe0 binary", "old.xls：不是有效的 .xls 文件"),
        ("表.et", b"\xd0\xcf\x11\xe0 binary", "表.et：.et 文件没有可用的读取程序：请另存为 .xlsx 后再导入"),
    ],
)
def test_bad_table_shows_one_line_and_keeps_the_active_data(name, data, expected):
    before = _digest(paths.MEASURES)
    at = _upload(_app(), "good.csv", csv_table())
    at.button(key="import_use").click().run()
    good = at.session_state[ACTIVE_KEY]

    at.file_uploader(key="dba_import_upload").set_value((name, data, "application/octet-stream")).run()
    assert not at.exception
    errors = _texts(at, "error")
    assert len(errors) == 1 and expected in errors[0].replace("\\", "") and "Traceback" not in errors[0]
    assert not at.metric and not at.dataframe and not [b for b in at.button if b.key == "import_use"]
    assert at.session_state[ACTIVE_KEY] is good  # the imported data in use is kept, not replaced
    assert any("good.csv（3 项）" in i for i in _texts(at, "info"))
    assert _digest(paths.MEASURES) == before


def test_bad_upload_on_builtin_data_leaves_builtin_active():
    at = _upload(_app(), "garbage.xlsx", b"\x00\x01garbage" * 100)
    assert len(at.error) == 1 and ACTIVE_KEY not in at.session_state
    at.switch_page(MAP_PAGE).run()
    assert any("（共 60 项）" in c for c in _texts(at, "caption"))


def test_activation_via_session_state_feeds_filters_and_export():
    """Set the session's dataset directly (as the button does) and check the export uses it, not the cache."""
    dataset = parse_upload(csv_table(), "湾区任务表.csv")
    at = _app("pages/3_导出.py")
    builtin_preview = at.get("image")[0].proto.imgs[0].url
    at.session_state[ACTIVE_KEY] = dataset
    at.query_params["theme"] = "要素通"  # a built-in theme: dropped and reported, no crash
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("共 3 项措施" in m.value for m in at.markdown)
    assert at.get("image")[0].proto.imgs[0].url != builtin_preview
    assert any("湾区任务表.csv（3 项）" in i for i in _texts(at, "info"))


def test_parse_upload_limits_and_version():
    with pytest.raises(IngestError, match=f"the limit is {MAX_UPLOAD_MB} MB"):
        parse_upload(b"x" * (MAX_UPLOAD_MB * 1024 * 1024 + 1), "big.csv")
    with pytest.raises(IngestError, match="no measures"):
        parse_upload(csv_table(rows=[]), "header-only.csv")
    utf8, gbk = parse_upload(csv_table(encoding="utf-8"), "a.csv"), parse_upload(csv_table(), "a.csv")
    assert utf8.version == gbk.version and utf8.measures == gbk.measures  # same table, same cache key
    changed = parse_upload(csv_table(rows=ROWS[:2]), "a.csv")
    assert changed.version != gbk.version


def test_md_escape_shows_markup_as_text():
    assert md_escape("<img src=x onerror=alert(1)>") == "\\<img src\\=x onerror\\=alert\\(1\\)\\>"
    assert md_escape("**b** [l](javascript:x)") == "\\*\\*b\\*\\* \\[l\\]\\(javascript\\:x\\)"


def test_exports_name_the_imported_file():
    dataset = parse_upload(csv_table(), "湾区任务表.csv")
    gaz, label = load_gazetteer(), "资料来源：导入的任务表 湾区任务表.csv"
    page = html_bytes(dataset.measures, Filters(), gaz, source=label).decode("utf-8")
    assert label in page and "《“数字湾区”建设任务分工表》" not in page
    about = load_workbook(io.BytesIO(xlsx_bytes(dataset.measures, gaz, source=label))).worksheets[1]
    assert [label] in [[c.value for c in row if c.value] for row in about.iter_rows()]
    figure = render_figure(dataset.measures, Filters(), FigureOptions(source=label, date="2026-01-01"), gaz)
    footer = [text.get_text() for text in figure.texts]
    assert any(line.startswith(label) for line in footer) and not any("分工表》" in line for line in footer)


@pytest.mark.parametrize("page", ["pages/0_地图.py", "pages/1_措施列表.py", "pages/2_汇报模式.py", "pages/3_导出.py"])
def test_every_page_runs_on_the_imported_dataset_and_shows_the_banner(page):
    at = run_page(page, timeout=90)
    at.session_state[ACTIVE_KEY] = parse_upload(csv_table(), "湾区任务表.csv")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("正在使用导入的数据：湾区任务表.csv（3 项）" in i for i in _texts(at, "info"))
    assert [b for b in at.button if b.key == "dba_import_restore"]


def test_pdf_upload_preview_shows_lead_and_co_operating_units_and_unknown_names():
    from table_builders import ROLE_CHARS, ROLE_ROWS, pdf_table

    at = _upload(_app(), "分工表.pdf", pdf_table(ROLE_ROWS, chars=ROLE_CHARS))
    units = at.dataframe[1].value
    assert list(units["牵头单位"]) == ["省工业和信息化厅、省广电局", "浙江金融监管局（未识别）"]
    assert list(units["配合单位"]) == ["省发展改革委、省商务厅", "各区、县级市"]
    preview = at.dataframe[0].value
    assert list(preview["配合部门"]) == ["省发展改革委、省商务厅", "各区、县级市"]  # apart from the lead ones
    assert any("浙江金融监管局" in w for w in _texts(at, "warning"))  # the unknown name, listed by name


def test_error_line_follows_the_ui_language():
    at = run_page(IMPORT_PAGE, {"lang": "en"}, timeout=90)  # a link in English (mid-session, the language box decides)
    at.file_uploader(key="dba_import_upload").upload("empty.csv", b"").run()
    assert [e.replace("\\", "") for e in _texts(at, "error")] == ["Cannot import: empty.csv: empty file"]


def test_the_upload_box_accepts_every_type_the_import_reads():
    from geo.ingest.pipeline import READERS, TEXT_SUFFIXES

    accepted = set(_app().file_uploader(key="dba_import_upload").proto.type)
    assert {TEXT_SUFFIXES[0], *READERS} <= accepted  # .xlsm and .tsv too, not only the common five
