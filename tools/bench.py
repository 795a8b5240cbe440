"""The benchmark behind ``make bench``: one table, every figure measured in the same run.

The machine is shared and noisy, so every figure is also given as a ratio to two baselines
measured in the same run: the plainest topic page (menu, opener and text, no exhibit:
:data:`PLAIN`) and a trivial hello page. The hello page is not part of the app: the
benchmark copies ``app.py``, ``pages/`` and ``.streamlit/`` into a temporary tree, adds
``pages/hello.py`` (and ``hello_b.py`` to click to), and serves that tree with
``$STUDYLAB_ROOT`` pointing content at this checkout.

Measured:
  * script rerun time of every page in AppTest (median of N reruns, each right after a rerun of
    the plain page: the ratio is the median of those pairs, so a slow minute slows both);
  * browser time to first render (fresh context, median) and click to render (a click on
    the page's link in the sidebar menu until the page has rendered, median);
  * server CPU of a widget change inside a lab: a fragment rerun with one of its sliders moved,
    against the plainest topic page's full rerun measured the same way (:mod:`tools.fragments`);
  * concurrent sessions rerunning the heaviest page, the plainest topic page and hello
    through the websocket (throughput, p50, p95, errors), on one server, and through nginx
    to one server per core (:mod:`tools.cluster`, if nginx and PostgreSQL are installed);
  * server memory per open session (RSS delta of the server process / sessions);
  * simulator throughput, for the simulators registered in ``SIMULATORS``;
  * reveal-to-screen latency of a live quiz: N participants' join pages polling over the
    websocket as the frontend does, the host revealing (:mod:`tools.reveal_latency`).

Everything runs on the loopback interface, every loop is bounded, and the server and
browser are stopped at the end. Usage: ``python -m tools.bench [--help]`` (``make bench``).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import logging
import os
import platform
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AsyncExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from playwright.sync_api import Browser, Page
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from studylab.content.catalog import HOME, all_pages
from studylab.content.loader import ROOT, ROOT_ENV
from studylab.labs.mlops import drift as model_drift
from studylab.labs.mlops import registry as model_registry
from studylab.labs.streaming import dataflow as streaming
from studylab.labs.streaming import lambda_kappa
from tests.serving import VIEWPORT, Server, free_port, launch_chromium, load_catalog, streamlit_server, wait_rendered
from tools.fragments import Rerun, fragment_rerun, full_rerun
from tools.reveal_latency import Latency, reveal_latency

HELLO = "hello"
HELLO_B = "hello_b"
HELLO_PAGES = {
    HELLO: 'import streamlit as st\n\nst.sidebar.page_link("pages/hello_b.py", label="Hello B")\nst.title("Hello")\n',
    HELLO_B: 'import streamlit as st\n\nst.sidebar.page_link("pages/hello.py", label="Hello")\nst.title("Hello B")\n',
}
PLAIN_TOPIC = "data_architecture"
PLAIN, PLAIN_B = "plain", "plain_b"
_PLAIN_SOURCE = (
    "import streamlit as st\n\nfrom studylab.ui import site\n\n"
    f'site.start_page("pages/{PLAIN_TOPIC}.py")\n'
    'st.sidebar.page_link("pages/{other}.py", label="Plain {other}")\n'
    f'topic = site.load_topic("{PLAIN_TOPIC}")\nsite.opener(topic)\nsite.explain(topic)\n'
)
PLAIN_PAGES = {PLAIN: _PLAIN_SOURCE.replace("{other}", PLAIN_B), PLAIN_B: _PLAIN_SOURCE.replace("{other}", PLAIN)}
"""The plainest topic page: the menu, a topic's opener and text, nothing to play with. Every topic
page now has something to do, so the baseline is the first topic drawn without its exhibits
(and ``plain_b``, the same page under another name, to click to)."""
SIMULATED_EVENTS = 100_000
RERUN_TARGET = 3.0
"""Every page's full run within this many times the plainest topic page's."""
FRAGMENT_TARGET = 2.0
"""A widget change inside a lab (fragment rerun) within this many times the plainest topic page's full run."""
FIRST_RENDER_TARGET = 2.0
"""Every page's first render in the browser within this many times the plainest topic page's."""
P95_TARGET_S = 1.0
"""30 sessions on the heaviest page: p95 under a second..."""
THROUGHPUT_TARGET = 1 / 3
"""...and at least this share of the plainest topic page's throughput."""
REVEAL_TARGET_S = 2.0
"""A live quiz's reveal reaches every participant's screen within this (p95)."""


@dataclass(frozen=True)
class Simulator:
    """A simulation to time: ``run(n)`` simulates ``n`` events."""

    name: str
    run: Callable[[int], object]


SIMULATORS: list[Simulator] = []
"""Register a simulator here (``SIMULATORS.append(Simulator("name", fn))``) to have it timed."""


def _stream(n: int) -> pd.DataFrame:
    return streaming.simulate_events(streaming.StreamSpec(events=n, keys=10, late_fraction=0.1, late_delay_min=10))


SIMULATORS += [
    Simulator(
        "streaming: Dataflow, fixed windows, early and late firings",
        lambda n: streaming.simulate_dataflow(
            _stream(n), streaming.DataflowConfig(early_every_min=1, allowed_lateness_min=10)
        ),
    ),
    Simulator(
        "streaming: Dataflow, sliding windows 5/1 min",
        lambda n: streaming.simulate_dataflow(
            _stream(n), streaming.DataflowConfig(window="sliding", early_every_min=1, allowed_lateness_min=10)
        ),
    ),
    Simulator(
        "streaming: Dataflow, session windows",
        lambda n: streaming.simulate_dataflow(_stream(n), streaming.DataflowConfig(window="session", gap_min=0.05)),
    ),
    Simulator(
        "streaming: Lambda", lambda n: lambda_kappa.simulate_lambda(_stream(n), lambda_kappa.LambdaConfig(bug="speed"))
    ),
    Simulator(
        "streaming: Kappa",
        lambda n: lambda_kappa.simulate_kappa(_stream(n), lambda_kappa.KappaConfig(retention_min=20)),
    ),
]

SIMULATORS += [
    Simulator(
        "mlops: model drift, n days, three retraining policies",
        lambda n: model_drift.simulate_drift(model_drift.Drift(trend=0.06, amplitude=0.6), months=n / 30),
    ),
    Simulator(
        "mlops: model drift, n days, production environment changed (retraining on every alert)",
        lambda n: model_drift.simulate_drift(
            model_drift.Drift(trend=0.06), months=n / 30, environment=model_drift.Environment(differs=True)
        ),
    ),
    Simulator(
        "mlops: model registry, n models, one round",
        lambda n: model_registry.simulate_registry(model_registry.Registry(models=n, rounds=1)),
    ),
    Simulator(
        "mlops: model registry, n/100 models, 100 rounds",
        lambda n: model_registry.simulate_registry(model_registry.Registry(models=max(1, n // 100), rounds=100)),
    ),
]


@dataclass
class SessionStats:
    """One concurrency run: latencies of the timed reruns and what went wrong."""

    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


@contextmanager
def hello_tree() -> Iterator[Path]:
    """A copy of the app with two trivial hello pages added, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="studylab-bench-") as tmp:
        root = Path(tmp)
        shutil.copy(ROOT / HOME, root / HOME)
        shutil.copytree(ROOT / "pages", root / "pages", ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(ROOT / ".streamlit", root / ".streamlit")
        for slug, source in {**HELLO_PAGES, **PLAIN_PAGES}.items():
            (root / "pages" / f"{slug}.py").write_text(source)
        yield root


def tree_env() -> dict[str, str]:
    """Content from this checkout, the studylab package importable from the copied tree."""
    return {ROOT_ENV: str(ROOT), "PYTHONPATH": str(ROOT)}


# --- (a) script rerun time in AppTest ---------------------------------------------------------


@dataclass(frozen=True)
class Timed:
    """A page's full run in AppTest: median seconds, and the median ratio to the plain page's run
    timed right before it each time (a slow minute of a shared machine then slows both)."""

    seconds: float
    ratio: float


def _app_test(tree: Path, slug: str) -> Any:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(tree / HOME), default_timeout=120)
    at.switch_page(f"pages/{slug}.py").run()
    if at.exception:
        raise RuntimeError(f"{slug} raised in AppTest: {at.exception[0].value}")
    at.run()  # a second warm-up: some pages build on their first rerun
    return at


def _timed(at: Any) -> float:
    start = time.perf_counter()
    at.run()
    return time.perf_counter() - start


def apptest_reruns(tree: Path, slugs: Sequence[str], reruns: int) -> dict[str, Timed]:
    """Each page's ``reruns`` reruns after two warm-up runs, each timed right after a rerun of the plain page."""
    # AppTest's own set-up touches st.cache outside a script run and logs a harmless warning each time
    # (a filter, because Streamlit resets its loggers' levels when it reads its config).
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
        lambda record: "missing ScriptRunContext" not in record.getMessage()
    )
    os.environ.update(tree_env())
    plain = _app_test(tree, PLAIN)
    results = {}
    for slug in slugs:
        at = plain if slug == PLAIN else _app_test(tree, slug)
        pairs = [(_timed(plain), _timed(at)) for _ in range(reruns)]
        results[slug] = Timed(
            seconds=statistics.median(page for _, page in pairs),
            ratio=statistics.median(page / base for base, page in pairs),
        )
    return results


# --- (b) browser: first render and click to render --------------------------------------------

_SHOWN = """([path, heading]) => {
    const app = document.querySelector("[data-testid='stApp']");
    const h1 = document.querySelector("[data-testid='stMain'] h1");
    return location.pathname.endsWith("/" + path)
        && app && app.dataset.testScriptState === "notRunning"
        && h1 !== null && h1.innerText.trim() === heading;
}"""


def browser_times(server: Server, slugs: Sequence[str], loads: int, clicks: int) -> dict[str, tuple[float, float]]:
    """Median (first render, click to render) seconds per page.

    A page's click starts on the home page and clicks its link in the menu; hello's click
    starts on hello and clicks hello_b, the same trivial page under another name.
    """
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            for slug in slugs:
                first = [_first_render(browser, server, slug) for _ in range(loads)]
                if slug == HELLO:
                    click = _click_time(browser, server, HELLO, HELLO_B, "Hello B", clicks)
                elif slug == PLAIN:
                    click = _click_time(browser, server, PLAIN, PLAIN_B, first[0][1], clicks)
                else:
                    click = _click_time(browser, server, "", slug, first[0][1], clicks)
                results[slug] = (statistics.median(seconds for seconds, _ in first), click)
        finally:
            browser.close()
    return results


def _rendered(page: Page, path: str, heading: str) -> None:
    page.wait_for_function(_SHOWN, arg=[path, heading], timeout=60_000, polling="raf")


def _first_render(browser: Browser, server: Server, slug: str) -> tuple[float, str]:
    """Seconds from navigation to the first complete render in a fresh context, and the page's heading."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        start = time.perf_counter()
        page.goto(f"{server.url}/{slug}")
        wait_rendered(page)
        seconds = time.perf_counter() - start
        return seconds, page.locator("[data-testid='stMain'] h1").first.inner_text().strip()
    finally:
        context.close()


def _click_time(browser: Browser, server: Server, start: str, target: str, heading: str, clicks: int) -> float:
    """Median seconds from a click on ``target``'s menu link until ``target`` has rendered."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto(f"{server.url}/{start}")
        wait_rendered(page)
        start_heading = page.locator("[data-testid='stMain'] h1").first.inner_text().strip()
        times = []
        for _ in range(clicks):
            link = page.locator(f"[data-testid='stSidebar'] a[href='{target}']").filter(visible=True).first
            link.wait_for(timeout=60_000)
            began = time.perf_counter()
            link.click()
            _rendered(page, target, heading)
            times.append(time.perf_counter() - began)
            # Back to the start page through its menu link. A real click can fail here: after a click
            # low in the menu the sidebar keeps its scroll, and Home sits under the sidebar's header.
            back = page.locator(f"[data-testid='stSidebar'] a[href='{start}']").filter(visible=True).first
            back.dispatch_event("click")
            _rendered(page, start, start_heading)
        return statistics.median(times)
    finally:
        context.close()


# --- (c) concurrent sessions through the websocket and (d) memory per session -----------------


class StreamSession:
    """One browser-less session on ``/_stcore/stream``, speaking Streamlit's protobuf protocol."""

    def __init__(self, server: Server, slug: str, timeout: float) -> None:
        self.url = f"ws://127.0.0.1:{server.port}/_stcore/stream"
        self.slug = slug
        self.timeout = timeout
        self.socket: ClientConnection | None = None

    async def __aenter__(self) -> StreamSession:
        self.socket = await connect(self.url, subprotocols=[Subprotocol("streamlit")], max_size=None)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.socket is not None:
            await self.socket.close()

    async def rerun(self) -> tuple[float, list[str], list[str]]:
        """Ask for a run of the page and read until it finishes: (seconds, h1 headings, problems)."""
        assert self.socket is not None
        back = BackMsg()
        back.rerun_script.page_name = self.slug
        back.rerun_script.query_string = ""
        start = time.perf_counter()
        await self.socket.send(back.SerializeToString())
        headings: list[str] = []
        problems: list[str] = []
        while True:
            data = await asyncio.wait_for(self.socket.recv(), self.timeout)
            if not isinstance(data, bytes):
                problems.append("a text frame on a binary protocol")
                continue
            message = ForwardMsg()
            message.ParseFromString(data)
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element
                if element.WhichOneof("type") == "exception":
                    problems.append(f"exception: {element.exception.message}")
                elif element.WhichOneof("type") == "heading" and element.heading.tag == "h1":
                    headings.append(element.heading.body)
            elif kind == "page_not_found":
                problems.append(f"page not found: {self.slug}")
            elif kind == "session_event" and message.session_event.WhichOneof("type") == "script_compilation_exception":
                problems.append("script compilation error")
            elif kind == "script_finished":
                if message.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                    problems.append(f"script finished with status {message.script_finished}")
                return time.perf_counter() - start, headings, problems


async def _session_worker(
    server: Server, slug: str, heading: str, runs: int, go: asyncio.Event, ready: list[int], stats: SessionStats
) -> None:
    try:
        async with StreamSession(server, slug, timeout=60) as session:
            _, headings, problems = await session.rerun()  # warm-up: the session's first run
            if heading not in headings:
                problems.append(f"expected heading {heading!r}, got {headings}")
            stats.errors.extend(problems)
            ready.append(1)
            await go.wait()
            for _ in range(runs):
                seconds, _, problems = await session.rerun()
                stats.errors.extend(problems)
                if not problems:
                    stats.latencies.append(seconds)
    except (OSError, TimeoutError, ConnectionClosed) as error:
        stats.errors.append(f"{type(error).__name__}: {error}")


async def _concurrent(server: Server, slug: str, heading: str, sessions: int, runs: int) -> SessionStats:
    stats, go, ready = SessionStats(), asyncio.Event(), []
    workers = [
        asyncio.create_task(_session_worker(server, slug, heading, runs, go, ready, stats)) for _ in range(sessions)
    ]
    deadline = time.monotonic() + 120
    while len(ready) < sessions and time.monotonic() < deadline and not all(w.done() for w in workers):
        await asyncio.sleep(0.05)
    start = time.perf_counter()
    go.set()
    done, pending = await asyncio.wait(workers, timeout=300)
    stats.seconds = time.perf_counter() - start
    for worker in pending:
        worker.cancel()
        stats.errors.append("session still running after 300 s")
    await asyncio.gather(*pending, return_exceptions=True)
    return stats


def concurrent_sessions(server: Server, slug: str, heading: str, sessions: int, runs: int) -> SessionStats:
    """``sessions`` sessions, each rerunning ``slug`` ``runs`` times as fast as the server answers."""
    return asyncio.run(_concurrent(server, slug, heading, sessions, runs))


def memory_per_session(server: Server, slugs: Sequence[str], count: int) -> dict[str, float]:
    """Bytes of server memory per open session for each page; sessions of earlier pages stay open.

    Use a fresh server: one that has served many sessions has freed memory to reuse (and keeps
    disconnected sessions for ``server.disconnectedSessionTTL``), which hides the cost of new ones.
    """

    async def measure() -> dict[str, float]:
        result: dict[str, float] = {}
        for slug in slugs:  # load every module and cache the pages need before the first reading
            async with StreamSession(server, slug, timeout=60) as session:
                await session.rerun()
        async with AsyncExitStack() as stack:
            for slug in slugs:
                before = server.rss_bytes()
                for _ in range(count):
                    session = await stack.enter_async_context(StreamSession(server, slug, timeout=60))
                    await session.rerun()
                await asyncio.sleep(1.0)
                result[slug] = (server.rss_bytes() - before) / count
        return result

    return asyncio.run(measure())


# --- (e) simulators ---------------------------------------------------------------------------


def simulator_times(events: int = SIMULATED_EVENTS, repeats: int = 3) -> dict[str, float]:
    """Median seconds for each registered simulator to simulate ``events`` events."""
    times = {}
    for simulator in SIMULATORS:
        simulator.run(1_000)
        runs = []
        for _ in range(repeats):
            start = time.perf_counter()
            simulator.run(events)
            runs.append(time.perf_counter() - start)
        times[simulator.name] = statistics.median(runs)
    return times


@dataclass
class Spread:
    """Concurrent sessions through nginx to several app servers on one PostgreSQL."""

    servers: int
    sessions: dict[str, SessionStats]


def spread_sessions(
    tree: Path, options: Sequence[str], headings: dict[str, str], args: argparse.Namespace
) -> Spread | None:
    """The session rows again, through nginx to one app server per core (a room's deployment on this
    machine: one Python process runs one script at a time). None if nginx or PostgreSQL is missing."""
    from tests.postgres import postgres_problem
    from tools.cluster import nginx_problem, running_cluster

    if nginx_problem() or postgres_problem():
        return None
    servers = max(2, os.cpu_count() or 2)
    ports = [free_port() for _ in range(servers + 1)]
    with running_cluster(ports[0], ports[1:], options=options, root=tree, env=tree_env()) as cluster:
        front = Server(url=cluster.url, port=ports[0], process=next(iter(cluster.servers.values())).process, log=Path())
        sessions = {
            slug: concurrent_sessions(front, slug, heading, args.sessions, args.runs)
            for slug, heading in headings.items()
        }
    return Spread(servers, sessions)


# --- the table --------------------------------------------------------------------------------


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds >= 0.1 else f"{seconds * 1000:.1f} ms"


def _vs(value: float, base: float, limit: float | None = None) -> str:
    return _ratio(value / base if base else float("nan"), limit)


def _ratio(ratio: float, limit: float | None = None) -> str:
    flag = " ⚠" if limit is not None and ratio > limit else ""
    return f" · {ratio:.1f}x{flag}"


def _sessions_cells(stats: SessionStats, plain: SessionStats | None, heaviest: bool) -> list[str]:
    cells = [
        f"{stats.throughput:.0f} runs/s",
        f"p50 {_ms(stats.percentile(0.5))}",
        f"p95 {_ms(stats.percentile(0.95))}",
    ]
    if plain is not None:
        share = stats.throughput / plain.throughput if plain.throughput else float("nan")
        cells[0] += f" · {share:.2f} of plain" + (" ⚠" if heaviest and share < THROUGHPUT_TARGET else "")
    if heaviest and stats.percentile(0.95) > P95_TARGET_S:
        cells[2] += " ⚠"
    cells[2] += f", {len(stats.errors)} errors" + (f" ({stats.errors[0]})" if stats.errors else "")
    return cells


def _fragment_cell(rerun: Rerun, plain: Rerun, base: bool) -> str:
    if base:
        return f"{_ms(rerun.cpu)} (full rerun)"
    if rerun.slider is None:
        return "–"
    cell = f"{_ms(rerun.cpu)}{_vs(rerun.cpu, plain.cpu, FRAGMENT_TARGET)} ({rerun.slider.label})"
    return cell + (f" ⚠ {rerun.problems[0]}" if rerun.problems else "")


HEADER = [
    "subject",
    "full run (AppTest, median)",
    "first render (browser, median)",
    "click to render (median)",
    "widget change in a lab (server CPU per fragment rerun)",
]


def _page_rows(
    slugs: Sequence[str],
    reruns: dict[str, Timed],
    browser: dict[str, tuple[float, float]],
    fragments: dict[str, Rerun],
) -> list[list[str]]:
    rows = []
    for slug in [HELLO, *slugs]:
        name = {HELLO: "hello (baseline)", PLAIN: f"plain: {PLAIN_TOPIC} without exhibits (baseline)"}.get(slug, slug)
        row = [name, "–", "–", "–", "–"]
        base = slug in (HELLO, PLAIN)
        if slug in reruns:
            timed = reruns[slug]
            row[1] = _ms(timed.seconds) + ("" if base else _ratio(timed.ratio, RERUN_TARGET))
        if slug in browser and PLAIN in browser:
            (first, click), (plain_first, plain_click) = browser[slug], browser[PLAIN]
            row[2] = _ms(first) + ("" if base else _vs(first, plain_first, FIRST_RENDER_TARGET))
            row[3] = _ms(click) + ("" if base else _vs(click, plain_click))
        if slug in fragments and PLAIN in fragments:
            row[4] = _fragment_cell(fragments[slug], fragments[PLAIN], base)
        if any(cell != "–" for cell in row[1:]):
            rows.append(row)
    return rows


def _session_rows(
    sessions: dict[str, SessionStats], spread: Spread | None, session_count: int, heaviest: str
) -> list[list[str]]:
    rows = []
    for slug, stats in sessions.items():
        plain = None if slug in (HELLO, PLAIN) else sessions.get(PLAIN)
        rows.append(
            [f"**{session_count} sessions rerunning {slug}**", *_sessions_cells(stats, plain, slug == heaviest), ""]
        )
    if spread is not None:
        for slug, stats in spread.sessions.items():
            plain = None if slug == PLAIN else spread.sessions.get(PLAIN)
            subject = f"**{session_count} sessions rerunning {slug}, through nginx to {spread.servers} servers**"
            rows.append([subject, *_sessions_cells(stats, plain, slug == heaviest), ""])
    return rows


def _reveal_row(reveal: Latency, session_count: int) -> list[str]:
    p95 = reveal.percentile(0.95)
    return [
        f"**live quiz reveal to screen, {session_count} participants**",
        f"p50 {reveal.percentile(0.5):.2f} s",
        f"p95 {p95:.2f} s" + (" ⚠" if not p95 <= REVEAL_TARGET_S else "") + f", {reveal.missed} missed",
        f"server CPU {statistics.median(reveal.reveal_cpu):.2f} s per reveal",
        "",
    ]


def render_table(
    slugs: Sequence[str],
    reruns: dict[str, Timed],
    browser: dict[str, tuple[float, float]],
    sessions: dict[str, SessionStats],
    memory: dict[str, float],
    simulators: dict[str, float],
    session_count: int,
    heaviest: str,
    reveal: Latency | None = None,
    fragments: dict[str, Rerun] | None = None,
    spread: Spread | None = None,
) -> str:
    """One Markdown table: a row per page, then the server-wide measures.

    Page ratios are to the plainest topic page (:data:`PLAIN`); ⚠ marks a figure over its bar.
    """
    rows = [HEADER, *_page_rows(slugs, reruns, browser, fragments or {})]
    rows += _session_rows(sessions, spread, session_count, heaviest)
    for slug, per_session in memory.items():
        rows.append([f"**server memory per open session, {slug}**", f"{per_session / 2**20:.2f} MB", "", "", ""])
    for name, seconds in simulators.items():
        events = f"{SIMULATED_EVENTS:,} events in {_ms(seconds)}"
        rows.append([f"**simulator {name}**", events, f"{SIMULATED_EVENTS / seconds:,.0f} events/s", "", ""])
    if reveal is not None:
        rows.append(_reveal_row(reveal, session_count))
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]
    lines = [
        "| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) + " |" for row in rows
    ]
    lines.insert(1, "|" + "|".join("-" * (width + 2) for width in widths) + "|")
    return "\n".join(lines)


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    load = os.getloadavg()[0]
    return f"{os.cpu_count()} cores, {memory:.0f} GiB, load average {load:.1f}, Python {platform.python_version()}"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__.split("\n")[0])
    parser.add_argument("--reruns", type=int, default=15, help="AppTest reruns per page (median)")
    parser.add_argument("--loads", type=int, default=3, help="first renders per page (median)")
    parser.add_argument("--clicks", type=int, default=5, help="menu clicks per page (median)")
    parser.add_argument("--sessions", type=int, default=30, help="concurrent websocket sessions")
    parser.add_argument("--runs", type=int, default=10, help="timed reruns per session")
    parser.add_argument("--page", help="topic page for the session and memory rows (default: slowest rerun)")
    parser.add_argument("--post-script-gc", choices=["config", "true", "false"], default="config")
    parser.add_argument(
        "--only", choices=["all", "sessions", "reveal"], default="all", help="sessions: skip AppTest/browser"
    )
    args = parser.parse_args(argv)
    options = [] if args.post_script_gc == "config" else [f"--runner.postScriptGC={args.post_script_gc}"]
    if args.only == "reveal":
        print(f"Study Lab benchmark, {datetime.date.today().isoformat()}, {machine()}")
        print(render_table([], {}, {}, {}, {}, {}, args.sessions, "", reveal_latency(args.sessions, 3, tuple(options))))
        return

    catalog_slugs = [page.slug for page in all_pages(load_catalog())]
    topic_slugs = [page.slug for page in all_pages(load_catalog()) if page.topic]
    reruns: dict[str, Timed] = {}
    browser: dict[str, tuple[float, float]] = {}
    fragments: dict[str, Rerun] = {}
    with hello_tree() as tree:
        if args.only == "all":
            reruns = apptest_reruns(tree, [HELLO, PLAIN, *catalog_slugs], args.reruns)
        page = args.page or max(topic_slugs, key=lambda slug: reruns[slug].ratio if slug in reruns else 0.0)
        with streamlit_server(tree, *options, env=tree_env()) as server:
            if args.only == "all":
                browser = browser_times(server, [HELLO, PLAIN, *catalog_slugs], args.loads, args.clicks)
            titles = {p.slug: p.title for p in all_pages(load_catalog())}
            headings = {HELLO: "Hello", PLAIN: titles[PLAIN_TOPIC], page: titles[page]}
            sessions = {
                slug: concurrent_sessions(server, slug, headings[slug], args.sessions, args.runs) for slug in headings
            }
            if args.only == "all":
                fragments = {PLAIN: full_rerun(server, PLAIN), **{s: fragment_rerun(server, s) for s in catalog_slugs}}
        with streamlit_server(tree, *options, env=tree_env()) as fresh:
            memory = memory_per_session(fresh, [HELLO, page], args.sessions)
        spread = spread_sessions(tree, options, {slug: headings[slug] for slug in (PLAIN, page)}, args)
    simulators = simulator_times()
    reveal = reveal_latency(args.sessions, rounds=3, options=tuple(options))
    when = datetime.date.today().isoformat()
    gc = args.post_script_gc if args.post_script_gc != "config" else "as in config.toml"
    print(f"Study Lab benchmark, {when}, {machine()}; runner.postScriptGC {gc}; session and memory rows: {page}")
    print()
    print(
        render_table(
            [PLAIN, *catalog_slugs],
            reruns,
            browser,
            sessions,
            memory,
            simulators,
            args.sessions,
            page,
            reveal,
            fragments,
            spread,
        )
    )


if __name__ == "__main__":
    main()
