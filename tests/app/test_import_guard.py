"""Hostile uploads on the import page (AppTest): the guard's message in the UI language, the app keeps serving.

Before the guard, the far-cell workbook grew the server from 204 MB to 4 GB in 56 s, and the comment workbook
held a core for hours after the uploader left; now each ends in one error line and the session goes on.
"""

from __future__ import annotations

import hashlib
import resource

import pytest
from apptest_support import run_page
from hostile_files import comment_workbook, workbook, zip_bomb
from table_builders import csv_table

from geo import paths
from ui.dataset_state import ACTIVE_KEY

IMPORT_PAGE = "pages/4_导入数据.py"
MAP_PAGE = "pages/0_地图.py"
UPLOAD_KEY = "dba_import_upload"
GROWTH_FIGURE_MB = 150  # the app's own process (peak RSS) grows less than this over all hostile uploads


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.fixture(scope="module")
def hostile() -> dict[str, bytes]:
    return {
        "far.xlsx": workbook(far_value="x"),
        "bomb.xlsx": zip_bomb(120),
        "comment.xlsx": comment_workbook(40),
    }


def test_hostile_uploads_end_in_one_line_and_the_app_keeps_serving(hostile):
    before = hashlib.sha256(paths.MEASURES.read_bytes()).hexdigest()
    at = run_page(IMPORT_PAGE, timeout=120)
    peak = _peak_mb()
    expected = {
        "far.xlsx": "单元格 XFD1048576 超出范围（上限 20000 行、200 列）",
        "bomb.xlsx": "解压后过大（120 MB，上限 100 MB）",
        "comment.xlsx": "xl/worksheets/sheet1.xml 的压缩比异常",
    }
    for name, data in hostile.items():
        at.file_uploader(key=UPLOAD_KEY).set_value((name, data, "application/octet-stream")).run()
        assert not at.exception, [e.message for e in at.exception]
        errors = [e.value.replace("\\", "") for e in at.error]
        assert len(errors) == 1 and expected[name] in errors[0], errors
        assert "Traceback" not in errors[0] and not at.metric and ACTIVE_KEY not in at.session_state
    assert _peak_mb() - peak < GROWTH_FIGURE_MB  # parsing ran in the worker, not in the app's process

    # The same session goes on: a good table is read, and the map still shows the built-in data.
    at.file_uploader(key=UPLOAD_KEY).set_value(
        ("good.csv", csv_table([[1, "一、主题", "措施。", "省政务服务数据管理局"]]), "text/csv")
    ).run()
    assert not at.error and {m.label: m.value for m in at.metric}["措施"] == "1"
    at.switch_page(MAP_PAGE).run()
    assert not at.exception
    assert any("（共 60 项）" in c.value for c in at.caption)
    assert hashlib.sha256(paths.MEASURES.read_bytes()).hexdigest() == before


def test_limit_message_follows_the_ui_language(hostile):
    at = run_page(IMPORT_PAGE, query={"lang": "en"}, timeout=120)
    at.file_uploader(key=UPLOAD_KEY).set_value(("far.xlsx", hostile["far.xlsx"], "application/octet-stream")).run()
    errors = [e.value.replace("\\", "") for e in at.error]
    assert len(errors) == 1 and "cell XFD1048576 is outside the limit of 20000 rows and 200 columns" in errors[0]
