"""`python -m geo.progress remind`: the 催办 lists on the command line, as a workbook, and by e-mail to a real
local SMTP server; without SMTP settings --send is one line and exit 2."""

from __future__ import annotations

import datetime as dt
import email

import openpyxl
import pytest
from progress_support import PLAN, SCI, noon
from smtp_support import smtp_server, wait_for  # noqa: F401 (a fixture)

from geo.progress.cli import main
from geo.store import progress_service, service

AS_OF = dt.date(2026, 11, 30)


@pytest.fixture
def overdue(world):
    """One of 省科技厅's assignments has a milestone that passed on 2026-11-20 and is not done."""
    first = service.list_assignments(PLAN, department=SCI)[0]
    progress_service.add_milestone(
        service.OPERATOR, first.id, "完成平台上线", dt.date(2026, 11, 20), now=noon(dt.date(2026, 11, 1))
    )  # recorded before AS_OF whatever the clock says
    return first


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_remind_lists_writes_the_workbook_and_e_mails_each_department(overdue, tmp_path, capsys, smtp_server,  # noqa: F811
                                                                      monkeypatch):  # fmt: skip
    inbox, port = smtp_server
    monkeypatch.setenv("GEO_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("GEO_SMTP_PORT", str(port))
    monkeypatch.setenv("GEO_SMTP_RECIPIENTS", f"{SCI}=sci@example.gov.cn")
    out_file = tmp_path / "催办.xlsx"
    code = main(["remind", "--plan", "1", "--as-of", AS_OF.isoformat(), "--out", str(out_file), "--send"])
    out, err = capsys.readouterr()
    assert code == 0, err
    counts = dict(line.split("\t") for line in out.splitlines())
    assert int(counts[SCI]) >= 1
    book = openpyxl.load_workbook(out_file)
    assert len(book.sheetnames) == 1 + len(counts)  # a summary, then one sheet per department
    wait_for(inbox, 1)
    assert [to for to, _ in inbox.messages] == [["sci@example.gov.cn"]]  # only departments with an address
    message = email.message_from_bytes(inbox.messages[0][1])
    assert "完成平台上线" in message.get_payload()[0].get_payload(decode=True).decode("utf-8")
    assert "e-mailed 1 department(s)" in err


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_remind_send_without_settings_is_one_line_and_exit_2(overdue, capsys, monkeypatch):
    monkeypatch.delenv("GEO_SMTP_HOST", raising=False)
    assert main(["remind", "--plan", "1", "--send"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "GEO_SMTP_HOST" in err[0]
