"""Honest ingest (issue 18, item 8): every odd input gives the right result, or one line that names the real cause
and the place; and the same line in the UI's language."""

from __future__ import annotations

import io

import openpyxl
import pytest
from table_builders import csv_table, docx_table, xlsx_table

from geo.ingest.cli import main
from geo.ingest.errors import IngestError
from geo.ingest.pipeline import parse_source

HEADER = ["序号", "工作任务", "具体措施", "牵头部门"]
ROWS = [
    [1, "一、數據互通", "推進政務數據共享。", "省科技廳"],
    [2, "一、數據互通", "建設數據交易所。", "廣州市人民政府"],
]


def test_nested_word_table_text_is_kept():
    rows = [[1, "一、数据互通", "推进数据共享：", "省科技厅"], [2, "一、数据互通", "建设数据交易所。", ""]]
    nested = {(0, 2): [["建设粤港澳数据中心。"]], (1, 3): [["广州市人民政府"], ["深圳市人民政府"]]}
    measures = parse_source(docx_table(rows, HEADER, nested=nested), "嵌套.docx")
    assert measures[0]["text"] == "推进数据共享：建设粤港澳数据中心。"
    assert measures[1]["departments"] == ["广州市人民政府", "深圳市人民政府"]


def test_out_equal_to_the_source_is_refused_and_the_source_kept(tmp_path, capsys):
    source = tmp_path / "表.csv"
    data = csv_table(ROWS, HEADER, encoding="utf-8")
    source.write_bytes(data)
    assert main([str(source), "--out", str(source)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--out is the source table itself: refusing to overwrite it" in err
    assert source.read_bytes() == data
    link = tmp_path / "link.csv"
    link.symlink_to(source)
    assert main([str(source), "--out", str(link)]) == 2
    assert source.read_bytes() == data


def test_big5_csv_is_read_as_big5_not_gb18030_mojibake():
    measures = parse_source(csv_table(ROWS, ["序號", "工作任務", "具體措施", "牽頭部門"], encoding="big5"), "繁體.csv")
    assert [m["text"] for m in measures] == ["推進政務數據共享。", "建設數據交易所。"]
    assert measures[0]["theme"] == "數據互通"
    # Known departments written in traditional script are the registry's departments.
    assert [m["departments"] for m in measures] == [["省科技厅"], ["广州市人民政府"]]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read(encoding):
    data = csv_table([[1, "一、数据", "推进数据共享。", "省科技厅"]], HEADER, encoding=encoding)
    assert not data.startswith((b"\xff\xfe", b"\xfe\xff"))
    assert parse_source(data, "表.csv")[0]["departments"] == ["省科技厅"]


def test_one_nul_byte_is_located():
    data = csv_table([[1, "一、数据", "推进数据共享。", "省科技厅"]] * 1, HEADER, encoding="utf-8")
    data = data.replace("推进".encode(), b"\x00")
    with pytest.raises(IngestError) as caught:
        parse_source(data, "表.csv")
    assert str(caught.value) == "表.csv, line 2: a NUL byte at byte 62: binary data, not a text table"


def test_formula_without_cached_value_names_the_cell():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append([1, "一、数据", '=CONCATENATE("推进","共享")', "省科技厅"])
    path_bytes = io.BytesIO()
    workbook.save(path_bytes)
    with pytest.raises(IngestError) as caught:
        parse_source(path_bytes.getvalue(), "脚本生成.xlsx")
    message = str(caught.value)
    assert message.startswith(
        '脚本生成.xlsx, row 2, column C (具体措施): 具体措施 is a formula (=CONCATENATE("推进","共享"))'
    )
    assert "open it in Excel or WPS and save it again" in message and "is empty" not in message


def test_formula_with_cached_value_is_read():
    # A workbook saved by a spreadsheet program keeps the value: openpyxl reads it, no error.
    data = xlsx_table([[1, "一、数据", "推进共享。", "省科技厅"]], HEADER)
    assert parse_source(data, "ok.xlsx")[0]["text"] == "推进共享。"


def test_unterminated_quote_names_the_row_where_it_opens():
    text = '序号,工作任务,具体措施,牵头部门\n1,甲,推进。,省科技厅\n2,乙,"完善网络,省通信管理局\n3,丙,加强。,省财政厅\n'
    with pytest.raises(IngestError) as caught:
        parse_source(text.encode("utf-8"), "引号.csv")
    assert str(caught.value) == '引号.csv, row 3, line 3: unterminated quote: a cell opens with " here and never closes'


def test_quoted_multiline_cell_rows_name_their_line():
    text = '序号,工作任务,具体措施,牵头部门\n1,甲,"推进\n共享。",省科技厅\n2,乙,,省通信管理局\n'
    with pytest.raises(IngestError) as caught:
        parse_source(text.encode("utf-8"), "多行.csv")
    assert str(caught.value).startswith("多行.csv, row 3, line 4, column 3 (具体措施): 具体措施 is empty")


@pytest.mark.parametrize(
    ("error", "lang", "expected"),
    [
        (
            IngestError("具体措施 is empty", file="a.xlsx", row="sheet 分工表, row 7", column="C (具体措施)"),
            "zh",
            "a.xlsx、工作表 分工表、第 7 行、C (具体措施) 列：具体措施为空",
        ),
        (
            IngestError("a NUL byte at byte 53: binary data, not a text table", file="表.csv", row="line 2"),
            "zh_hant",
            "表.csv、文件第 2 行：第 53 字節是空字節（NUL）：這是二進制數據，不是文本表格",
        ),
        (
            IngestError(
                "duplicate 序号 3 (first used in page 1, table row 4)", file="a.pdf", row="page 2, table row 2"
            ),
            "zh",
            "a.pdf、第 2 页表格第 2 行：序号 3 重复（首次出现在第 1 页表格第 4 行）",
        ),
        (
            IngestError("scanned PDF: its pages are images", file="扫描.pdf"),
            "en",
            "扫描.pdf: scanned PDF: its pages are images",
        ),
    ],
)
def test_messages_in_the_ui_language(error, lang, expected):
    assert error.localized(lang) == expected
