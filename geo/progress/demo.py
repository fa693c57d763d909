"""Sample progress for trying the app (python -m geo.progress demo): reports flagged ``sample`` in the data,
shown as 示例数据 wherever they appear, and removed in one step (progress_service.remove_samples).

Deterministic for a seed: the same plan and as-of date give the same sample, so screenshots can be compared."""

from __future__ import annotations

import datetime as dt
import random

from geo.progress import periods
from geo.progress.rules import load_rules
from geo.store import service
from geo.store.progress_service import ReportInput, add_milestone, get_cycle, review_report, save_report, set_cycle
from geo.store.service import OPERATOR, Actor

# Sample sentences: data for a demo, not facts about any measure (the 示例数据 mark says so on every screen).
_PROGRESS = ("已完成工作方案编制，正在组织实施。", "已召开专题推进会，明确责任分工。", "试点项目已上线运行，正在总结经验。",
             "已完成前期调研，形成初步方案。", "相关平台建设进入联调测试阶段。")  # fmt: skip
_NEXT = ("加快推进项目建设，按期完成阶段目标。", "开展评估并总结推广经验。", "协调有关单位落实配套政策。")
_PROBLEMS = ("", "", "跨部门数据共享机制有待完善。", "项目资金需进一步落实。")


def fill_demo(
    plan_id: int,
    *,
    as_of: dt.date | None = None,
    seed: int = 54,
    actor: Actor = OPERATOR,
    url: str | None = None,
) -> int:
    """Sample reports for every assignment and every period due by AS_OF (a quarterly cycle from the start of
    last year when the plan has none), some approved, some still awaiting review, some missing; plus a dated
    milestone per assignment around AS_OF so that every light occurs. Returns the number of reports written."""
    rules = load_rules()
    as_of = as_of or rules.today()
    cycle = get_cycle(plan_id, url=url)
    if not cycle.cycle:
        cycle = set_cycle(actor, plan_id, "quarterly", report_from=dt.date(as_of.year - 1, 1, 1), url=url)
    first = dt.date.fromisoformat(cycle.report_from) if cycle.report_from else dt.date(as_of.year - 1, 1, 1)
    due = periods.due_periods(cycle.cycle, cycle.due_days, first, as_of)[-4:]
    open_kind = [s.name for s in rules.statuses if s.kind == "open"]
    paused_kind = [s.name for s in rules.statuses if s.kind == "paused"]
    done_kind = [s.name for s in rules.statuses if s.kind == "done"]
    behind_kind = [s.name for s in rules.statuses if s.kind == "behind"]
    rng = random.Random(seed)
    service.ensure_assignments(plan_id, url=url)
    written = 0
    for a in service.list_assignments(plan_id, url=url):
        shift = rng.randint(-15, 150)
        add_milestone(actor, a.id, "示例阶段目标", as_of + dt.timedelta(days=shift), url=url,
                      now=_at(first, rules))  # fmt: skip
        skip_last = rng.random() < 0.15
        percent = rng.randint(0, 30)
        for i, period in enumerate(due):
            if skip_last and i >= len(due) - (2 if rng.random() < 0.4 else 1):
                break
            percent = min(100, percent + rng.randint(5, 30))
            if percent == 100 and done_kind:
                status = done_kind[0]
            elif rng.random() < 0.08 and behind_kind:
                status = behind_kind[0]
            elif rng.random() < 0.04 and paused_kind:
                status = paused_kind[0]
            else:  # the first open status (未启动) while little is done, then the last (推进中)
                status = open_kind[0] if percent < 15 else open_kind[-1]
            submitted = period.due(cycle.due_days) - dt.timedelta(days=rng.randint(-3, 4))
            item = ReportInput(
                period=period.name, as_of=period.end, status=status, percent=percent,
                progress=rng.choice(_PROGRESS), next_steps=rng.choice(_NEXT), problems=rng.choice(_PROBLEMS),
            )  # fmt: skip
            report = save_report(actor, a.id, item, submit=True, sample=True, url=url, now=_at(submitted, rules))
            if i < len(due) - 1 or rng.random() < 0.6:
                review_report(actor, report.id, "approve", url=url, now=_at(submitted + dt.timedelta(days=2), rules))
            written += 1
    return written


def _at(day: dt.date, rules) -> dt.datetime:
    """Noon of DAY in the plan's time zone (a sample report's submission time)."""
    return dt.datetime.combine(day, dt.time(12), tzinfo=rules.timezone)
