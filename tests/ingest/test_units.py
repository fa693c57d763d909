"""Units with roles, read from every format a department sends (issue: 'Read any task table').

Each unit form below is written into a table the test builds as .xlsx, .xls, .csv, .docx and PDF; every format
must give exactly the same lead and co-operating lists, without role words, without 无, tiers kept whole."""

from __future__ import annotations

import pytest
from table_builders import csv_table, docx_table, pdf_table, xls_table, xlsx_table

from geo.ingest import departments
from geo.ingest.pipeline import parse_source

HEADER = ["序号", "工作任务", "具体措施", "牵头单位", "配合单位"]
INLINE = "推进政务数据共享（牵头单位：省政务服务和数据管理局，配合单位：省公安厅、人力资源社会保障厅，各区、县级市）"
# (lead cell, co cell, text) -> (lead, co)
FORMS = [
    (
        "省工业和信息化厅、广电局牵头，省发展改革委、商务厅按职责分工负责",
        "",
        "推进工业互联网标识解析体系建设。",
        ["省工业和信息化厅", "省广电局"],
        ["省发展改革委", "省商务厅"],
    ),
    ("省科技厅牵头", "无", "建设粤港澳大湾区国际科技创新中心。", ["省科技厅"], []),
    ("省科技厅牵头，省财政厅、教育厅配合", "", "支持高校建设数据科学学科。", ["省科技厅"], ["省财政厅", "省教育厅"]),
    ("省发展改革委、商务厅按职责分工负责", "/", "推进跨境贸易便利化。", ["省发展改革委", "省商务厅"], []),
    ("省公安厅", "省司法厅、民政厅", "推进电子证照跨境互认。", ["省公安厅"], ["省司法厅", "省民政厅"]),
    (
        "",
        "",
        INLINE,
        ["省政务服务和数据管理局"],
        ["省公安厅", "省人力资源社会保障厅", "各区、县级市"],
    ),
    ("各地级以上市人民政府结合实际落实", "—", "完善城市数字化治理。", ["各地级以上市人民政府"], []),
    ("浙江金融监管局", "", "推进数字金融监管协作。", ["浙江金融监管局"], []),
    ("省政务和数据局", "各有关单位", "建设一体化政务大数据体系。", ["省政务服务和数据管理局"], ["各有关单位"]),
    ("各有关区、县级市", "", "推进基层数字化治理。", ["各有关区、县级市"], []),
    (
        "广州市、深圳市人民政府牵头，省科技厅配合",
        "",
        "建设数据交易所。",
        ["广州市人民政府", "深圳市人民政府"],
        ["省科技厅"],
    ),
]
ROWS = [[k + 1, "一、建设数字湾区", text, lead, co] for k, (lead, co, text, _, _) in enumerate(FORMS)]
ROLE_WORDS = ("牵头", "配合", "负责", "落实", "协助", "参与")


def _pdf() -> bytes:
    rows = [[str(row[0]), row[1] if k == 0 else None, *row[2:]] for k, row in enumerate(ROWS)]
    return pdf_table(rows, header=HEADER, chars=[3, 6, 24, 11, 9])


BUILDERS = {
    "xlsx": lambda: xlsx_table(ROWS, HEADER),
    "xls": lambda: xls_table(ROWS, HEADER),
    "csv": lambda: csv_table(ROWS, HEADER),
    "docx": lambda: docx_table(ROWS, HEADER),
    "pdf": _pdf,
}


@pytest.fixture(scope="module", params=sorted(BUILDERS))
def parsed(request) -> tuple[str, list[dict]]:
    return request.param, parse_source(BUILDERS[request.param](), f"分工表.{request.param}")


def test_every_unit_form_gives_exact_lead_and_co_lists(parsed):
    fmt, measures = parsed
    assert [m["id"] for m in measures] == list(range(1, len(FORMS) + 1)), fmt
    for measure, (_, _, _, lead, co) in zip(measures, FORMS, strict=True):
        assert (measure["departments"], measure["co_departments"]) == (lead, co), (fmt, measure["id"])


def test_no_name_ends_in_a_role_word_and_none_is_a_none_marker(parsed):
    _, measures = parsed
    names = [n for m in measures for n in (*m["departments"], *m["co_departments"])]
    assert not [n for n in names if n.endswith(ROLE_WORDS)]
    assert not {"无", "/", "—"} & set(names)


def test_inline_units_leave_the_text(parsed):
    _, measures = parsed
    inline = measures[FORMS.index(next(f for f in FORMS if f[2] == INLINE))]
    assert inline["text"] == "推进政务数据共享"


def test_unknown_names_are_kept_and_only_they_are_reported(parsed):
    _, measures = parsed
    names = [n for m in measures for n in (*m["departments"], *m["co_departments"])]
    assert departments.unknown(names) == ["浙江金融监管局"]


@pytest.mark.parametrize(
    ("cell", "lead", "co"),
    [
        ("X牵头", ["X"], []),
        ("省科技厅、团省委按职责分工负责", ["省科技厅", "团省委"], []),
        # Never a 省 onto another province's, a city's or a central body's name.
        (
            "省科技厅、浙江金融监管局、人民银行广州分行、广州海关",
            ["省科技厅", "浙江金融监管局", "人民银行广州分行", "广州海关"],
            [],
        ),
        (
            "省科技厅、广东证监局、省高级人民法院、省人民检察院",
            ["省科技厅", "广东证监局", "省高级人民法院", "省人民检察院"],
            [],
        ),
        ("省科技厅、鹏城实验室、中国移动广东公司", ["省科技厅", "鹏城实验室", "中国移动广东公司"], []),
        # Another province keeps its own bodies; the run's prefix is its own.
        ("浙江省发展改革委、经信厅牵头，杭州市人民政府配合", ["浙江省发展改革委", "浙江省经信厅"], ["杭州市人民政府"]),
        # A city table: 市 bodies stay municipal, the run's 市 distributes.
        ("市经贸委、科技和信息化局", ["市经贸委", "市科技和信息化局"], []),
        ("各区、县级市", ["各区、县级市"], []),
        ("省有关部门按职责分工负责", ["省有关部门"], []),
        ("无", [], []),
    ],
)
def test_cell_forms(cell, lead, co):
    found = departments.units(cell)
    assert (found.lead, found.co) == (lead, co)


@pytest.mark.parametrize(
    ("cell", "lead", "co"),
    [
        ("省发展改革委（牵头）、省工业和信息化厅、省商务厅", ["省发展改革委"], ["省工业和信息化厅", "省商务厅"]),
        ("省发展改革委(牵头)，省商务厅(配合)", ["省发展改革委"], ["省商务厅"]),
        ("省发展改革委*、省商务厅", ["省发展改革委"], ["省商务厅"]),
        ("由省发展改革委牵头，省商务厅等有关部门配合", ["省发展改革委"], ["省商务厅"]),
        ("省发展改革委会同省商务厅、工业和信息化厅", ["省发展改革委"], ["省商务厅", "省工业和信息化厅"]),
        ("省发展改革委会同省商务厅按职责分工负责", ["省发展改革委"], ["省商务厅"]),
        (
            "省委网信办、省政务服务和数据管理局牵头\n省公安厅配合",
            ["省委网信办", "省政务服务和数据管理局"],
            ["省公安厅"],
        ),
        (
            "牵头：省政务服务和数据管理局\n配合：省委网信办、省通信管理局",
            ["省政务服务和数据管理局"],
            ["省委网信办", "省通信管理局"],
        ),
        ("省人力资源社会保障厅\n省教育厅\n各市", ["省人力资源社会保障厅", "省教育厅", "各地级以上市人民政府"], []),
        ("省发展改革委；省能源局/省政务服务和数据管理局", ["省发展改革委", "省能源局", "省政务服务和数据管理局"], []),
        ("省发展改革委（省能源局）", ["省发展改革委（省能源局）"], []),
        ("省委网信办，各地级以上市人民政府，省直有关单位", ["省委网信办", "各地级以上市人民政府", "省有关部门"], []),
        ("各县（市、区）人民政府结合实际落实", ["各县（市、区）人民政府"], []),
        (
            "横琴粤澳深度合作区执委会牵头，各地级以上市党委、政府配合",
            ["横琴粤澳深度合作区执行委员会"],
            ["各地级以上市人民政府"],
        ),
    ],
)
def test_more_ways_a_cell_marks_its_lead(cell, lead, co):
    found = departments.units(cell)
    assert (found.lead, found.co) == (lead, co)
