"""Small task tables built in memory, for the import tests (page and browser)."""

from __future__ import annotations

import csv
import io

HEADER = ["序号", "工作任务", "具体措施", "牵头部门"]


def csv_table(rows: list[list], header: list[str] = HEADER, encoding: str = "gbk") -> bytes:
    """A CSV task table as a planner's Excel would save it (GBK by default)."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode(encoding)
