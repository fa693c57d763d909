"""Load on the many-users topology (scripts/cluster.sh: PostgreSQL, app replicas, HAProxy), on localhost only.

A websocket driver that speaks Streamlit's protocol (the BackMsg/ForwardMsg protobufs the browser sends) plays the
users: each session fetches the page through HAProxy (which sets the sticky cookie), opens the websocket with that
cookie, runs the map page, then for the hold time changes the theme filter, opens the briefing and goes back to the
map, with a few seconds of thinking in between. What it measures is the server's side of each rerun (script run
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

Last run (2026-11-30 14:24-14:36 UTC, 2 cores shared with other engineers' test runs: `uptime` load average 9.3 at
the start, 10.5 at the end; the driver itself runs on the same 2 cores):
  1 replica:  50 of 50 sessions held 60 s, zero errors; filter repaint median 10.4 s, p95 17.2 s (queued behind
              each other: one process, one core); RSS 54 MB cold, 288 MB during, 288 MB after; 1.91 reruns/s
  2 replicas: 50 of 50 held (25 + 25 by the sticky cookie), zero errors; repaint median 1.3 s, p95 2.8 s;
              RSS 54/54 MB cold, 263/258 MB during, 264/260 MB after; 2.96 reruns/s; throughput ratio 2 vs 1: 1.55
  a plan published elsewhere: in the switcher of a session on each replica on its first rerun, 0.4-0.7 s after
              the commit
  200 sequential sessions on 1 replica: 0 errors; RSS 225 MB -> 229 MB (+2.1%, limit +10%)
"""

from __future__ import annotations

import argparse
import asyncio
import random
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from cluster_support import LocalCluster  # noqa: E402

from geo.i18n import t  # noqa: E402

RERUN_TIMEOUT_S = 60
DISCONNECTED_TTL_S = 10
THINK_S = (10.0, 20.0)  # a user reads the map between two clicks
THEME_LABEL = t("filter_theme", "zh")
BRIEFING_PAGE = "汇报模式"
SUMMARY = "符合条件的措施"


# ---------------------------------------------------------------- the cluster


def new_cluster() -> LocalCluster:
    """A cluster of its own; disconnected sessions freed after DISCONNECTED_TTL_S (see the docstring)."""
    return LocalCluster({"STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(DISCONNECTED_TTL_S)})


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
    state: dict[str, list[str]] = field(default_factory=dict)  # widget id -> value sent
    summary: str = ""  # the map page's count line, as last drawn (a filter change must change it)
    choices: dict[str, list[str]] = field(default_factory=dict)  # selectbox label -> its options, as last drawn

    async def open(self) -> float:
        """GET / through HAProxy (sticky cookie), the websocket with that cookie, the map page's first run."""
        cookie = await asyncio.to_thread(self._cookie)
        self.replica = cookie.split("=", 1)[1] if cookie else "?"
        ws_url = self.base_url.replace("http://", "ws://") + "/_stcore/stream"
        self.ws = await websockets.connect(
            ws_url,
            subprotocols=["streamlit"],
            additional_headers={"Cookie": cookie} if cookie else None,
            max_size=2**28,
            open_timeout=RERUN_TIMEOUT_S,
        )
        return await self.rerun()

    def _cookie(self) -> str:
        with urllib.request.urlopen(self.base_url + "/", timeout=RERUN_TIMEOUT_S) as response:
            header = response.headers.get("Set-Cookie", "")
        return header.split(";", 1)[0]

    async def rerun(self, page: str | None = None) -> float:
        """One script run with the current widget values (on PAGE); seconds until script_finished."""
        msg = BackMsg()
        state = msg.rerun_script
        state.SetInParent()  # an empty ClientState is still a rerun request (protobuf drops unset submessages)
        if page is not None:
            state.page_script_hash = self.pages[page]
        for wid, value in self.state.items():
            w = state.widget_states.widgets.add()
            w.id = wid
            w.string_array_value.data.extend(value)
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
            elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                element = fwd.delta.new_element
                which = element.WhichOneof("type")
                if which == "exception":
                    raise RerunError(f"exception in the page: {element.exception.message[:200]}")
                if which == "markdown" and SUMMARY in element.markdown.body:
                    self.summary = element.markdown.body
                if which == "selectbox":
                    self.choices[element.selectbox.label] = list(element.selectbox.options)
                if which == "multiselect":
                    self.widgets[element.multiselect.label] = (
                        element.multiselect.id,
                        list(element.multiselect.options),
                    )
            elif kind == "script_finished":
                if fwd.script_finished in (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_EARLY_FOR_RERUN):
                    return
                raise RerunError(f"script finished abnormally ({fwd.script_finished})")

    async def change_filter(self) -> float:
        """Pick another theme (or none): the filter repaint."""
        wid, options = self.widgets[THEME_LABEL]
        current = self.state.get(wid, [])
        choice = [] if current and random.random() < 0.3 else [random.choice(options)]
        self.state[wid] = choice
        return await self.rerun()

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


async def _user(session: Session, result: Result, hold_until: float, ready: asyncio.Event) -> bool:
    """One user through the hold: filter, filter, briefing, map, … with thinking in between. True: no error."""
    await ready.wait()
    steps = ("filter", "filter", "briefing", "map")
    i = random.randrange(len(steps))
    try:
        while True:
            await asyncio.sleep(random.uniform(*THINK_S))
            if time.monotonic() >= hold_until:
                return True
            step = steps[i % len(steps)]
            i += 1
            if step == "filter":
                result.repaints.append(await session.change_filter())
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
        await s.rerun()
        seen = "seen" if any(title in option for option in s.choices.get(label, [])) else "NOT seen"
        return f"{s.replica} {seen} on its first rerun, {time.perf_counter() - committed:.2f} s after the commit"

    return await asyncio.gather(*(first_rerun(s) for s in {s.replica: s for s in sessions}.values()))


async def load_phase(cluster: LocalCluster, replicas: int, target: int, hold: float, tp_sessions: int) -> Result:
    result = Result(replicas, target)
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
    users = [asyncio.create_task(_user(s, result, hold_until, ready)) for s in sessions]
    sampler = asyncio.create_task(_sample_rss(cluster, result.rss_during, hold_until))
    ready.set()
    oks = await asyncio.gather(*users)
    await sampler
    result.held = sum(oks)
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
    print(f"   closed-loop throughput: {r.throughput:.2f} filter reruns/s")
    print(f"   a plan published elsewhere: {'; '.join(r.visible)}")
    if r.errors:
        print(f"   errors ({len(r.errors)}), first: {r.errors[0]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--hold", type=float, default=60.0)
    parser.add_argument("--leak", type=int, default=200)
    parser.add_argument("--throughput-sessions", type=int, default=8)
    args = parser.parse_args(argv)
    random.seed(17)
    print(f"uptime at start: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
    results = []
    for replicas in (1, 2):
        cluster = new_cluster()
        try:
            cluster.sh("up", str(replicas))
            results.append(
                asyncio.run(load_phase(cluster, replicas, args.sessions, args.hold, args.throughput_sessions))
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
