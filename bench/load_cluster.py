"""Load on the many-users topology (scripts/cluster.sh: PostgreSQL, app replicas, HAProxy), on localhost only.

A websocket driver that speaks Streamlit's protocol (the BackMsg/ForwardMsg protobufs the browser sends) plays the
users: each session fetches the page through HAProxy (which sets the sticky cookie), opens the websocket with that
cookie, runs the map page, signs in as a reporter of its own (the sidebar's login form; SESSIONS accounts, each with
an assignment of the built-in plan, which reports quarterly), then for the hold time changes the theme filter,
submits a report (我的任务: opens its assignment's panel, fills 完成比例 and 进展情况, clicks 提交: the form's values
and the button's trigger in one rerun, as the browser sends them), opens the briefing, exports a PNG (导出: the
page's run, the PNG button's deferred file through a backend-operation request, as the browser's click sends it,
then the file through HAProxy, checked to be a PNG) and goes back to the map, with a few seconds of thinking in
between; the report and the PNG once per user at most. What it measures is the server's side of each rerun (script run
plus the messages, until `script_finished`); the browser's drawing is not included (no Chromium: 50 of them would
measure the 2-core machine, not the app). A rerun that raises, ends abnormally, takes over RERUN_TIMEOUT_S, or a
websocket that drops is an error; a session is "held" when it saw no error during the hold.

Phases, each on a fresh cluster in a temporary directory with its own ports (never var/cluster):
  1. 1 replica: SESSIONS sessions held HOLD s; repaint median/p95; RSS before/during/after; closed-loop throughput.
  2. 2 replicas: the same; the throughput ratio 2 vs 1.
  3. LEAK sessions one after another (open, run the map, close) on 1 replica: RSS after vs before (within 10%).
Bounded: at most SESSIONS + LEAK sessions, each rerun at most RERUN_TIMEOUT_S, every phase a fixed time.
Disconnected sessions are freed after server.disconnectedSessionTTL; the bench sets it to DISCONNECTED_TTL_S (120 s
by default in Streamlit) so that "after" can be measured without waiting two minutes; it changes nothing else.

Run:  .venv/bin/python bench/load_cluster.py [--sessions 50] [--hold 60] [--leak 200]

Last run (2026-11-30 15:04-15:12 UTC, 2 cores shared with other engineers' work: `uptime` load average 3.0 at the
start, 2.7 at the end; the driver itself runs on the same 2 cores; reporters' password hashes are GEO_ARGON2=fast):
  1 replica:  44 of 50 sessions held 60 s; 6 errors, all "HTTP Error 404" fetching an exported PNG (Streamlit drops
              a deferred download's file once two script runs of any session have finished in the process: on a
              crowded replica the fetch comes too late); filter repaint median 3.3 s, p95 8.8 s; sign-in median
              10.2 s; report submit median 10.3 s, p95 17.0 s (21 submitted, 21 awaiting review in the database);
              PNG export median 2.7 s, p95 15.4 s (12 PNGs of 1.1 MB); RSS 54 MB cold, 372 MB during, 357 MB
              after; 3.20 reruns/s
  2 replicas: 50 of 50 held (25 + 25 by the sticky cookie), zero errors; repaint median 0.34 s, p95 1.4 s; sign-in
              median 3.1 s; report submit median 3.1 s, p95 8.6 s (20 submitted, 20 awaiting review); PNG export
              median 0.54 s, p95 4.2 s (32 PNGs); RSS 54/54 MB cold, 337/343 MB during, 323/325 MB after;
              5.10 reruns/s; throughput ratio 2 vs 1: 1.59
  a plan published elsewhere: in the switcher of a session on each replica on its first rerun, 0.25-0.31 s after
              the commit
  200 sequential sessions on 1 replica: 0 errors; RSS 225 MB -> 230 MB (+2.5%, limit +10%)
Quick check of the user script: --sessions 5 --hold 20 --leak 0 --think 2 4 --throughput-sessions 2 (5 of 5 held
on 1 and on 2 replicas, 7 reports, 10 PNGs).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import subprocess
import sys
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from cluster_support import LocalCluster  # noqa: E402

from geo.i18n import t  # noqa: E402
from geo.store import accounts  # noqa: E402

RERUN_TIMEOUT_S = 60
DISCONNECTED_TTL_S = 10
THINK_S = (10.0, 20.0)  # a user reads the map between two clicks
THEME_LABEL = t("filter_theme", "zh")
BRIEFING_PAGE = "汇报模式"
SUMMARY = "符合条件的措施"
MY_TASKS_PAGE = "我的任务"
EXPORT_PAGE = "导出"
PNG_KEY = "exp_dl_png"  # pages/3_导出.py
LOGIN_NAME, LOGIN_PASSWORD = "auth_username", "auth_password"  # ui/auth.py
LOGIN_BUTTON = t("auth_login", "zh")
SIGNED_IN = t("auth_signed_in", "zh").split("{role}")[0]  # "已登录：{user}…"
REPORT_SUBMITTED = t("rep_submitted", "zh")
PASSWORD = "load test password 1"


def user_key(element_id: str) -> str:
    """The key a page gave a widget: Streamlit's element id is "$$ID-<hash>-<key>" ("None" without a key)."""
    return element_id.split("-", 2)[-1]


# ---------------------------------------------------------------- the cluster


def new_cluster() -> LocalCluster:
    """A cluster of its own; disconnected sessions freed after DISCONNECTED_TTL_S (see the docstring)."""
    return LocalCluster(
        {"STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(DISCONNECTED_TTL_S), accounts.ARGON2_ENV: "fast"}
    )


# ---------------------------------------------------------------- one user session over Streamlit's websocket


class RerunError(Exception):
    pass


@dataclass
class Session:
    base_url: str
    replica: str = ""
    ws: object = None
    pages: dict[str, str] = field(default_factory=dict)  # page name -> page_script_hash
    widgets: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # label -> (widget id, options)
    state: dict[str, tuple[str, object]] = field(default_factory=dict)  # widget id -> (WidgetState field, value)
    ids: dict[str, str] = field(default_factory=dict)  # user key (or "label:LABEL" of an unkeyed button) -> id
    deferred: dict[str, str] = field(default_factory=dict)  # download button key -> its deferred file id
    texts: list[str] = field(default_factory=list)  # alert and markdown bodies of the last run
    session_id: str = ""
    cookie: str = ""
    summary: str = ""  # the map page's count line, as last drawn (a filter change must change it)
    choices: dict[str, list[str]] = field(default_factory=dict)  # selectbox label -> its options, as last drawn

    async def open(self) -> float:
        """GET / through HAProxy (sticky cookie), the websocket with that cookie, the map page's first run."""
        cookie = self.cookie = await asyncio.to_thread(self._cookie)
        self.replica = cookie.split("=", 1)[1] if cookie else "?"
        ws_url = self.base_url.replace("http://", "ws://") + "/_stcore/stream"
        self.ws = await websockets.connect(
            ws_url,
            subprotocols=["streamlit"],
            additional_headers={"Cookie": cookie} if cookie else None,
            max_size=2**28,
            open_timeout=RERUN_TIMEOUT_S,
            ping_interval=None,  # a browser sends no pings; a server busy rendering a PNG would miss the pong
        )
        return await self.rerun()

    def _cookie(self) -> str:
        with urllib.request.urlopen(self.base_url + "/", timeout=RERUN_TIMEOUT_S) as response:
            header = response.headers.get("Set-Cookie", "")
        return header.split(";", 1)[0]

    async def rerun(self, page: str | None = None, trigger: str | None = None) -> float:
        """One script run with the current widget values (on PAGE; with the button TRIGGER clicked, as the browser
        sends a click: once, with every other value); seconds until script_finished."""
        msg = BackMsg()
        state = msg.rerun_script
        state.SetInParent()  # an empty ClientState is still a rerun request (protobuf drops unset submessages)
        if page is not None:
            state.page_script_hash = self.pages[page]
        for wid, (kind, value) in self.state.items():
            w = state.widget_states.widgets.add()
            w.id = wid
            if kind == "string_array_value":
                w.string_array_value.data.extend(value)
            else:
                setattr(w, kind, value)
        if trigger is not None:
            w = state.widget_states.widgets.add()
            w.id = trigger
            w.trigger_value = True
        self.texts = []
        started = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        try:
            await asyncio.wait_for(self._until_finished(), RERUN_TIMEOUT_S)
        except TimeoutError:
            raise RerunError(f"no script_finished within {RERUN_TIMEOUT_S} s") from None
        return time.perf_counter() - started

    async def _until_finished(self) -> None:
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(await self.ws.recv())
            kind = fwd.WhichOneof("type")
            if kind == "navigation":
                self.pages = {p.page_name: p.page_script_hash for p in fwd.navigation.app_pages}
            elif kind == "new_session":
                self.session_id = fwd.new_session.initialize.session_id
            elif kind == "delta" and fwd.delta.WhichOneof("type") == "add_block":
                block = fwd.delta.add_block
                if block.WhichOneof("type") == "expandable" and block.expandable.id:
                    self.ids[user_key(block.expandable.id)] = block.expandable.id
            elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                element = fwd.delta.new_element
                which = element.WhichOneof("type")
                if which == "exception":
                    raise RerunError(f"exception in the page: {element.exception.message[:200]}")
                if which == "markdown" and SUMMARY in element.markdown.body:
                    self.summary = element.markdown.body
                if which in ("markdown", "alert"):
                    self.texts.append(getattr(element, which).body)
                if which in ("text_input", "text_area", "number_input", "download_button"):
                    self.ids[user_key(getattr(element, which).id)] = getattr(element, which).id
                if which == "button":
                    self.ids[user_key(element.button.id)] = element.button.id
                    self.ids[f"label:{element.button.label}"] = element.button.id
                if which == "download_button" and element.download_button.HasField("deferred_file_id"):
                    self.deferred[user_key(element.download_button.id)] = element.download_button.deferred_file_id
                if which == "selectbox":
                    self.choices[element.selectbox.label] = list(element.selectbox.options)
                if which == "multiselect":
                    self.widgets[element.multiselect.label] = (
                        element.multiselect.id,
                        list(element.multiselect.options),
                    )
            elif kind == "script_finished":
                if fwd.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                    return
                if fwd.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # the page called st.rerun (ui/filters_panel.py adopting a value): its next run follows
                raise RerunError(f"script finished abnormally ({fwd.script_finished})")

    async def change_filter(self) -> float:
        """Pick another theme (or none): the filter repaint."""
        wid, options = self.widgets[THEME_LABEL]
        current = self.state.get(wid, [])
        choice = [] if current and random.random() < 0.3 else [random.choice(options)]
        self.state[wid] = ("string_array_value", choice)
        return await self.rerun()

    def _id(self, key: str) -> str:
        if key not in self.ids:
            raise RerunError(f"no widget {key!r} on the page")
        return self.ids[key]

    async def sign_in(self, username: str, password: str) -> float:
        """The sidebar's login form: both fields and the 登录 button in one rerun, as the browser submits a form."""
        self.state[self._id(LOGIN_NAME)] = ("string_value", username)
        self.state[self._id(LOGIN_PASSWORD)] = ("string_value", password)
        took = await self.rerun(trigger=self._id(f"label:{LOGIN_BUTTON}"))
        if not any(SIGNED_IN.format(user=username) in text for text in self.texts):
            raise RerunError(f"{username} not signed in")
        return took

    async def submit_report(self, assignment_id: int, measure: int, period: str) -> float:
        """我的任务: open the assignment's panel (a rerun), fill the report form and click 提交 (a rerun); seconds
        from the panel click to the page that says the report was submitted."""
        started = time.perf_counter()
        await self.rerun(MY_TASKS_PAGE)
        self.state[self._id(f"task_{assignment_id}")] = ("bool_value", True)
        await self.rerun(MY_TASKS_PAGE)  # the browser names its page in every rerun (none: the first page)
        key = f"rep_{assignment_id}_{period}"
        self.state[self._id(f"{key}_percent")] = ("double_value", 40.0)
        self.state[self._id(f"{key}_progress")] = ("string_value", "负载测试：已完成调研")
        await self.rerun(MY_TASKS_PAGE, trigger=self._id(f"{key}_submit"))
        done = REPORT_SUBMITTED.format(measure=measure, period=period)
        if not any(done in text for text in self.texts):
            raise RerunError(f"report on measure {measure} not confirmed: {[x[:60] for x in self.texts[:6]]}")
        return time.perf_counter() - started

    async def export_png(self) -> tuple[float, int]:
        """导出: the page's run, then the PNG button's deferred file (the backend operation the browser sends on a
        click), then the file through HAProxy; seconds from the page switch to the last byte, and the size."""
        started = time.perf_counter()
        await self.rerun(EXPORT_PAGE)
        if PNG_KEY not in self.deferred:
            raise RerunError("no PNG download button on the export page")
        msg = BackMsg()
        request = msg.backend_operation_request
        request.request_id = uuid.uuid4().hex
        request.session_id = self.session_id
        request.deferred_file.file_id = self.deferred[PNG_KEY]
        await self.ws.send(msg.SerializeToString())

        async def response() -> str:
            while True:
                fwd = ForwardMsg()
                fwd.ParseFromString(await self.ws.recv())
                if fwd.WhichOneof("type") == "backend_operation_response":
                    answer = fwd.backend_operation_response
                    if answer.request_id == request.request_id:
                        if answer.error_msg:
                            raise RerunError(f"PNG export: {answer.error_msg}")
                        return answer.deferred_file.url

        try:
            url = await asyncio.wait_for(response(), RERUN_TIMEOUT_S)
        except TimeoutError:
            raise RerunError(f"no PNG within {RERUN_TIMEOUT_S} s") from None
        data = await asyncio.to_thread(self._get, url)
        if not data.startswith(b"\x89PNG"):
            raise RerunError(f"the PNG export is not a PNG ({data[:16]!r})")
        return time.perf_counter() - started, len(data)

    def _get(self, url: str) -> bytes:
        """A media file through HAProxy with the sticky cookie (media files live in the replica's memory)."""
        request = urllib.request.Request(self.base_url + url, headers={"Cookie": self.cookie} if self.cookie else {})
        with urllib.request.urlopen(request, timeout=RERUN_TIMEOUT_S) as response:
            return response.read()

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


# ---------------------------------------------------------------- phases


@dataclass
class Result:
    replicas: int
    target: int
    held: int = 0
    errors: list[str] = field(default_factory=list)
    opens: list[float] = field(default_factory=list)
    repaints: list[float] = field(default_factory=list)
    per_replica: dict[str, int] = field(default_factory=dict)
    rss_before: dict[str, float] = field(default_factory=dict)
    rss_during: dict[str, float] = field(default_factory=dict)
    rss_after: dict[str, float] = field(default_factory=dict)
    throughput: float = 0.0
    visible: list[str] = field(default_factory=list)  # per replica: was a plan published elsewhere seen, when
    sign_ins: list[float] = field(default_factory=list)
    reports: list[float] = field(default_factory=list)  # 我的任务: panel click to "submitted" page, per report
    pngs: list[float] = field(default_factory=list)  # 导出: page switch to the PNG's last byte
    png_bytes: list[int] = field(default_factory=list)
    awaiting: int = 0  # reports awaiting review in the database after the hold (must equal len(reports))


@dataclass(frozen=True)
class Task:
    """What one user reports on: its account (a reporter of the assignment's department) and the assignment."""

    username: str
    assignment_id: int
    measure: int
    period: str


def prepare_reporters(cluster: LocalCluster, count: int) -> list[Task]:
    """COUNT reporter accounts, each with an assignment of its own in the built-in plan, which reports quarterly
    (every write through geo.store's services, as the office would make them)."""
    from geo.progress import periods
    from geo.progress.rules import load_rules
    from geo.store import plans, service
    from geo.store import progress_service as progress

    url = cluster.database_url
    builtin = plans.builtin_plan(url=url)
    service.ensure_assignments(builtin.id, url=url)
    progress.set_cycle(service.OPERATOR, builtin.id, "quarterly", url=url)
    period = periods.period_of(load_rules().today(), "quarterly").name
    assignments = service.list_assignments(builtin.id, url=url)[:count]
    tasks = []
    for i, a in enumerate(assignments):
        username = f"load{i}"
        service.add_account(service.OPERATOR, username, "reporter", PASSWORD, department=a.department, url=url)
        tasks.append(Task(username, a.id, a.measure, period))
    return tasks


def awaiting_reports(cluster: LocalCluster) -> int:
    from geo.store import plans
    from geo.store import progress_service as progress

    url = cluster.database_url
    return len(progress.awaiting_review(plans.builtin_plan(url=url).id, url=url))


async def _user(
    session: Session, task: Task | None, result: Result, hold_until: float, ready: asyncio.Event, think=THINK_S
) -> bool:
    """One user through the hold: filter, submit a report, filter, briefing, export a PNG, map, … with thinking in
    between (a random start in that cycle; the report and the PNG once per user at most: bounded). With a TASK the
    user signs in first (as its reporter) and its report step submits a report on 我的任务. True: no error."""
    await ready.wait()
    steps = ("filter", "report", "filter", "briefing", "png", "map")
    i = random.randrange(len(steps))
    done: set[str] = set()
    try:
        if task is not None:
            result.sign_ins.append(await session.sign_in(task.username, PASSWORD))
        while True:
            await asyncio.sleep(random.uniform(*think))
            if time.monotonic() >= hold_until:
                return True
            step = steps[i % len(steps)]
            i += 1
            if step in done or (step == "report" and task is None):
                step = "filter"
            if step == "filter":
                result.repaints.append(await session.change_filter())
            elif step == "report":
                done.add(step)
                result.reports.append(await session.submit_report(task.assignment_id, task.measure, task.period))
            elif step == "png":
                done.add(step)
                took, size = await session.export_png()
                result.pngs.append(took)
                result.png_bytes.append(size)
            elif step == "briefing":
                await session.rerun(BRIEFING_PAGE)
            else:
                await session.rerun(next(iter(session.pages)))
    except (RerunError, websockets.ConnectionClosed, OSError, KeyError) as exc:
        result.errors.append(f"{type(exc).__name__}: {exc}")
        return False


async def _sample_rss(cluster: LocalCluster, into: dict[str, float], until: float) -> None:
    while time.monotonic() < until:
        for name, mb in cluster.rss_mb().items():
            into[name] = max(into.get(name, 0.0), mb)
        await asyncio.sleep(2)


async def _throughput(sessions: list[Session], seconds: float) -> float:
    """Closed loop: every open session changes the filter back to back for SECONDS; completed reruns per second."""
    done = 0
    stop = time.monotonic() + seconds

    async def loop(s: Session) -> None:
        nonlocal done
        try:
            await s.rerun(next(iter(s.pages)))  # back on the map (the hold may have left it on 导出 or 我的任务)
        except (RerunError, websockets.ConnectionClosed, OSError):
            return
        while time.monotonic() < stop:
            try:
                await s.change_filter()
            except (RerunError, websockets.ConnectionClosed, OSError):
                return
            done += 1

    started = time.monotonic()
    await asyncio.gather(*(loop(s) for s in sessions))
    return done / (time.monotonic() - started)


async def _visibility(cluster: LocalCluster, sessions: list[Session]) -> list[str]:
    """Publish a plan (a write through geo.store.service, as any replica makes it), then rerun one open session per
    replica at once: is it in that session's plan switcher on its first rerun, and how long after the commit?"""
    from table_builders import csv_table

    from geo.store import service

    title = f"负载测试方案 {len(sessions)}-{random.randrange(10**6)}"
    rows = [[1, "一、测试", f"{title}：在广州建设数据中心。", "省政务服务数据管理局"]]
    url = cluster.database_url
    info = await asyncio.to_thread(
        service.import_plan_bytes, service.OPERATOR, csv_table(rows), f"{title}.csv", title=title, url=url
    )
    await asyncio.to_thread(service.publish_plan, service.OPERATOR, info.id, url=url)
    committed = time.perf_counter()
    label = t("plan_switcher", "zh")

    async def first_rerun(s: Session) -> str:
        try:
            await s.rerun()
        except (RerunError, websockets.ConnectionClosed, OSError) as exc:
            return f"{s.replica} error: {type(exc).__name__}: {exc}"
        seen = "seen" if any(title in option for option in s.choices.get(label, [])) else "NOT seen"
        return f"{s.replica} {seen} on its first rerun, {time.perf_counter() - committed:.2f} s after the commit"

    return await asyncio.gather(*(first_rerun(s) for s in {s.replica: s for s in sessions}.values()))


async def load_phase(
    cluster: LocalCluster, replicas: int, target: int, hold: float, tp_sessions: int, think=THINK_S
) -> Result:
    result = Result(replicas, target)
    tasks = await asyncio.to_thread(prepare_reporters, cluster, target)
    result.rss_before = cluster.rss_mb()
    sessions: list[Session] = []
    gate = asyncio.Semaphore(4)  # a crowd arriving over a minute or so, not all in the same millisecond

    async def arrive() -> None:
        s = Session(cluster.url)
        async with gate:
            try:
                result.opens.append(await s.open())
                sessions.append(s)
            except (RerunError, websockets.ConnectionClosed, OSError) as exc:
                result.errors.append(f"open: {type(exc).__name__}: {exc}")
                await s.close()

    await asyncio.gather(*(arrive() for _ in range(target)))
    for s in sessions:
        result.per_replica[s.replica] = result.per_replica.get(s.replica, 0) + 1
    hold_until = time.monotonic() + hold
    ready = asyncio.Event()
    users = [
        asyncio.create_task(_user(s, tasks[n] if n < len(tasks) else None, result, hold_until, ready, think))
        for n, s in enumerate(sessions)
    ]
    sampler = asyncio.create_task(_sample_rss(cluster, result.rss_during, hold_until))
    ready.set()
    oks = await asyncio.gather(*users)
    await sampler
    result.held = sum(oks)
    result.awaiting = await asyncio.to_thread(awaiting_reports, cluster)
    result.throughput = await _throughput(sessions[:tp_sessions], 20.0)
    result.visible = await _visibility(cluster, sessions)
    for s in sessions:
        await s.close()
    await asyncio.sleep(DISCONNECTED_TTL_S + 20)  # the server frees disconnected sessions after the TTL
    result.rss_after = cluster.rss_mb()
    return result


async def leak_phase(cluster: LocalCluster, count: int) -> tuple[dict[str, float], dict[str, float], int]:
    """COUNT sessions one after another, each opened, run once and closed; RSS before and after (TTL waited)."""
    warm = Session(cluster.url)  # the first session fills the process-wide caches (base map, data): not a leak
    await warm.open()
    await warm.change_filter()
    await warm.close()
    await asyncio.sleep(DISCONNECTED_TTL_S + 20)
    before = cluster.rss_mb()
    errors = 0
    for _ in range(count):
        s = Session(cluster.url)
        try:
            await s.open()
            await s.change_filter()
        except (RerunError, websockets.ConnectionClosed, OSError):
            errors += 1
        await s.close()
    await asyncio.sleep(DISCONNECTED_TTL_S + 20)
    return before, cluster.rss_mb(), errors


# ---------------------------------------------------------------- report


def _ms(values: list[float], q: float) -> str:
    if not values:
        return "-"
    ordered = sorted(values)
    return f"{1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]:.0f} ms"


def _rss(values: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.0f} MB" for k, v in values.items()) or "-"


def report(r: Result) -> None:
    print(f"\n== {r.replicas} replica(s): {r.held} of {r.target} sessions held the whole hold with zero errors")
    print(f"   sessions per replica (sticky cookie): {r.per_replica}")
    print(f"   open (map page, first run): median {_ms(r.opens, 0.5)}, p95 {_ms(r.opens, 0.95)}")
    print(f"   filter repaint: median {_ms(r.repaints, 0.5)}, p95 {_ms(r.repaints, 0.95)} ({len(r.repaints)} repaints)")
    print(f"   RSS before: {_rss(r.rss_before)}; during (max): {_rss(r.rss_during)}; after: {_rss(r.rss_after)}")
    print(f"   sign-in (login form): median {_ms(r.sign_ins, 0.5)}, p95 {_ms(r.sign_ins, 0.95)} ({len(r.sign_ins)})")
    print(
        f"   report submit (我的任务: open panel, fill, 提交): median {_ms(r.reports, 0.5)}, p95 {_ms(r.reports, 0.95)}"
        f" ({len(r.reports)} submitted; {r.awaiting} awaiting review in the database)"
    )
    size = f", {sum(r.png_bytes) / len(r.png_bytes) / 1024:.0f} KB each" if r.png_bytes else ""
    print(
        f"   PNG export (导出 page + the PNG download): median {_ms(r.pngs, 0.5)}, p95 {_ms(r.pngs, 0.95)}"
        f" ({len(r.pngs)} PNGs{size})"
    )
    print(f"   closed-loop throughput: {r.throughput:.2f} filter reruns/s")
    print(f"   a plan published elsewhere: {'; '.join(r.visible)}")
    if r.errors:
        print(f"   errors ({len(r.errors)}), first: {r.errors[0]}; last: {r.errors[-1]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--hold", type=float, default=60.0)
    parser.add_argument("--leak", type=int, default=200)
    parser.add_argument("--throughput-sessions", type=int, default=8)
    parser.add_argument("--think", type=float, nargs=2, default=THINK_S, help="seconds between clicks (min max)")
    args = parser.parse_args(argv)
    random.seed(17)
    os.environ[accounts.ARGON2_ENV] = "fast"  # the reporters' hashes, made here, are checked cheaply by the replicas
    print(f"uptime at start: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
    results = []
    for replicas in (1, 2):
        cluster = new_cluster()
        try:
            cluster.sh("up", str(replicas))
            results.append(
                asyncio.run(
                    load_phase(cluster, replicas, args.sessions, args.hold, args.throughput_sessions, args.think)
                )
            )
            report(results[-1])
        finally:
            cluster.down()
            cluster.remove()
    one, two = results
    if one.throughput:
        print(f"\nthroughput ratio 2 replicas / 1: {two.throughput / one.throughput:.2f}")
    if args.leak:
        cluster = new_cluster()
        try:
            cluster.sh("up", "1")
            before, after, errors = asyncio.run(leak_phase(cluster, args.leak))
        finally:
            cluster.down()
            cluster.remove()
        growth = {k: after[k] / before[k] - 1 for k in before}
        print(f"\n== {args.leak} sequential sessions (open, run, close) on 1 replica: {errors} errors")
        print(f"   RSS before: {_rss(before)}; after: {_rss(after)}; growth: {growth['app1']:+.1%} (limit +10%)")
    print(f"uptime at end: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
