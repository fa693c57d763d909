"""The export page's 进展通报 section under AppTest: the chosen plan's periods (newest due first) and a deferred
download per format, the same report the CLI writes."""

from __future__ import annotations

import datetime as dt
import io

from apptest_support import run_page
from docx import Document

from geo.progress.rules import load_rules
from geo.report.content import date_text, default_as_of, period_label
from geo.store.progress_service import get_cycle
from ui.report_panel import report_bytes, report_periods

PAGE = "pages/3_导出.py"


def _buttons(at) -> dict:
    return {b.proto.id.rsplit("-", 1)[-1]: b.proto for b in at.get("download_button")}


def test_export_page_offers_the_report_for_the_plans_periods(report_env):
    url, plan_id = report_env
    cycle = get_cycle(plan_id, url=url)
    offered = report_periods(
        cycle.cycle, cycle.due_days, dt.date.fromisoformat(cycle.report_from), load_rules().today()
    )
    assert len(offered) >= 2 and offered[0].start > offered[1].start  # newest first

    def as_of(p) -> str:
        return "截至 " + date_text(default_as_of(p, cycle.due_days), "zh")

    at = run_page(PAGE, timeout=90)
    period = at.selectbox(key="rep_period")
    assert period.options[0] == f"{period_label(offered[0], 'zh')}（{offered[0].name}）"
    assert any(as_of(offered[0]) in c.value for c in at.caption)
    buttons = _buttons(at)
    for fmt in ("docx", "pdf", "xlsx"):
        proto = buttons[f"rep_dl_{fmt}"]
        assert proto.deferred_file_id and proto.ignore_rerun  # made on click, not on every rerun
    period.set_value(period.options[1]).run()
    assert not at.exception
    assert any(as_of(offered[1]) in c.value for c in at.caption)


def test_the_downloaded_docx_is_the_periods_report(report_env):
    url, plan_id = report_env
    data = report_bytes.__wrapped__(url, plan_id, 1, "2026-Q3", "zh", "docx")
    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "截至 2026年10月5日" in text and "报送期：2026年第3季度" in text
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 1"][0] == "一、总体情况"
