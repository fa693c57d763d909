"""The database goes away while a reporter fills a form on 我的任务 (AppTest through app.py, on PostgreSQL): the
save is refused with a line saying it was not saved, the page says the database is unreachable without a
traceback, and it works again once the database is back (the page watches it and reruns by itself)."""

from __future__ import annotations

import datetime as dt

from accounts_support import PASSWORD, fast_hashes  # noqa: F401 (an autouse fixture)
from apptest_support import run_page

from geo.progress import periods
from geo.progress.rules import load_rules
from geo.store import progress_service, service
from ui import auth, startup
from ui.my_tasks_forms import report_key
from ui.my_tasks_view import panel_key

TASKS_PAGE = "pages/5_我的任务.py"
EDU = "省教育厅"


def test_a_save_while_the_database_is_down_says_it_was_not_saved_and_the_page_recovers(pg_server, pg_upgraded):
    service.ensure_assignments(1)
    progress_service.set_cycle(service.OPERATOR, 1, "quarterly", report_from=dt.date(2026, 1, 1))
    service.add_account(service.OPERATOR, "edu", "reporter", PASSWORD, department="广东省教育厅")
    at = run_page(TASKS_PAGE)
    at.sidebar.text_input(key=auth.K_NAME).input("edu")
    at.sidebar.text_input(key=auth.K_PASSWORD).input(PASSWORD)
    at.sidebar.button[0].click().run()
    first = service.list_assignments(1, department=EDU)[0]
    at.session_state[panel_key(first.id)] = True  # the reporter opens the assignment's panel
    at.run()
    key = report_key(first.id, periods.period_of(load_rules().today(), "quarterly").name)
    progress_text = at.text_area(key=f"{key}_progress")
    pg_server.stop_only()
    try:
        progress_text.input("停库时填写的进展")
        at.button(key=f"{key}_submit").click().run()
        assert not at.exception
        errors = [e.value for e in at.error]
        assert any(e.startswith("未保存") and "unreachable" in e for e in errors), errors  # the form's own line
        assert any("无法连接方案数据库" in w.value for w in at.warning)  # the page's
        assert startup.K_WATCH in at.session_state  # the page looks again by itself
    finally:
        pg_server.start_again()
    at.run()
    assert not at.exception and not at.error
    assert progress_service.list_reports(1, department=EDU) == []  # nothing was saved, nothing pretends to be
