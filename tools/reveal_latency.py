"""Reveal-to-screen latency: how long after the host reveals until every participant's page shows it.

Run with ``python -m tools.reveal_latency [--participants N] [--rounds R]``; ``make bench`` runs it
as one row. A fresh app server on a fresh SQLite file; ``N`` participants join through the storage
layer and each opens the join page as a browser would, through the websocket: the page's first
run, then the fragment's timed reruns exactly as Streamlit's frontend sends them (one timer per
``auto_rerun`` message, at the interval the server asked for, from a random moment, never reset by
a run). Each round, the host opens a question, everybody answers, the host reveals, and the clock
runs from the reveal's commit until the page sends "Right answer:". Prints N, p50, p95 and max.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from studylab.content.loader import ROOT
from studylab.present.live import LiveStore
from studylab.present.rounds import RoundSpec
from studylab.storage.database import URL_ENV, Database
from tests.serving import Server, streamlit_server

SPEC = RoundSpec("question", "latency", "Pick one", ("A", "B", "C", "D"), 1, "Any.", misconceptions=("", "b", "c", "d"))
SIGN = "Right answer:"
"""What the participant's page shows once the answer is revealed."""
SETTLE_S = 4.0
"""Seconds between opening a round and revealing it: every page has drawn the question and polls again."""
TIMEOUT_S = 30.0


@dataclass
class Participant:
    """One participant's page on the websocket, with the frontend's fragment timers."""

    server: Server
    query: str
    socket: ClientConnection | None = None
    page_hash: str = ""
    timers: dict[str, tuple[float, asyncio.Task[None]]] = field(default_factory=dict)
    seen: asyncio.Event = field(default_factory=asyncio.Event)
    seen_at: float = 0.0
    problems: list[str] = field(default_factory=list)

    async def run(self) -> None:
        url = f"ws://127.0.0.1:{self.server.port}/_stcore/stream"
        async with connect(url, subprotocols=[Subprotocol("streamlit")], max_size=None) as socket:
            self.socket = socket
            await self._send(fragment="")
            try:
                async for data in socket:
                    if isinstance(data, bytes):
                        self._read(data)
            except ConnectionClosed:
                pass
            finally:
                for _, task in self.timers.values():
                    task.cancel()

    async def _send(self, fragment: str) -> None:
        back = BackMsg()
        back.rerun_script.query_string = self.query
        if self.page_hash:
            back.rerun_script.page_script_hash = self.page_hash
        else:
            back.rerun_script.page_name = "live_join"
        if fragment:
            back.rerun_script.fragment_id = fragment
            back.rerun_script.is_auto_rerun = True
        assert self.socket is not None
        await self.socket.send(back.SerializeToString())

    def _read(self, data: bytes) -> None:
        message = ForwardMsg()
        message.ParseFromString(data)
        kind = message.WhichOneof("type")
        if kind == "navigation":  # the page this session shows, as the frontend remembers it
            self.page_hash = message.navigation.page_script_hash
        elif kind == "auto_rerun":
            self._timer(message.auto_rerun.fragment_id, message.auto_rerun.interval)
        elif kind == "stop_auto_rerun":
            for fragment in message.stop_auto_rerun.fragment_ids:
                self._stop(fragment)
        elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            element = message.delta.new_element
            which = element.WhichOneof("type")
            if which == "exception":
                self.problems.append(element.exception.message)
            elif which == "alert" and SIGN in element.alert.body and not self.seen.is_set():
                self.seen_at = time.perf_counter()
                self.seen.set()

    def _timer(self, fragment: str, interval: float) -> None:
        # As the frontend: the same fragment at the same interval keeps its running timer.
        if fragment in self.timers and self.timers[fragment][0] == interval:
            return
        self._stop(fragment)
        self.timers[fragment] = (interval, asyncio.create_task(self._tick(fragment, interval)))

    def _stop(self, fragment: str) -> None:
        if fragment in self.timers:
            self.timers.pop(fragment)[1].cancel()

    async def _tick(self, fragment: str, interval: float) -> None:
        while True:
            await asyncio.sleep(interval)
            with suppress(ConnectionClosed):
                await self._send(fragment)

    def reset(self) -> None:
        self.seen = asyncio.Event()
        self.seen_at = 0.0


@dataclass
class Latency:
    """Seconds from each reveal to each participant's screen; pages that never showed it."""

    seconds: list[float] = field(default_factory=list)
    missed: int = 0
    reveal_cpu: list[float] = field(default_factory=list)
    """Server CPU seconds from each reveal until the last page showed it."""
    idle_cpu: list[float] = field(default_factory=list)
    """Server CPU seconds per second while the pages only poll (before each reveal)."""
    problems: list[str] = field(default_factory=list)

    def percentile(self, share: float) -> float:
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


async def _measure(server: Server, store: LiveStore, participants: int, rounds: int) -> Latency:
    keys = store.start("Reveal latency")
    tokens = [store.join(keys.code, f"p{i}") for i in range(participants)]
    pages = [Participant(server, f"code={keys.code}&me={token}") for token in tokens]
    tasks = []
    for page in pages:  # pages open over a second, so their timers do not fire in step
        tasks.append(asyncio.create_task(page.run()))
        await asyncio.sleep(random.uniform(0, 1.0 / participants * 2))
    result = Latency()
    try:
        for _ in range(rounds):
            store.open_round(keys.code, keys.token, SPEC)
            for i, token in enumerate(tokens):
                store.answer(keys.code, token, 1 + i % 4)
            await asyncio.sleep(SETTLE_S / 2)
            polling, began = cpu_seconds(server), time.perf_counter()
            await asyncio.sleep(SETTLE_S / 2 + random.uniform(0, 1))
            for page in pages:
                page.reset()
            before = cpu_seconds(server)
            result.idle_cpu.append((before - polling) / (time.perf_counter() - began))
            store.reveal(keys.code, keys.token)
            revealed = time.perf_counter()
            waits = [asyncio.create_task(page.seen.wait()) for page in pages]
            await asyncio.wait(waits, timeout=TIMEOUT_S)
            for wait in waits:
                wait.cancel()
            result.reveal_cpu.append(cpu_seconds(server) - before)
            result.seconds += [page.seen_at - revealed for page in pages if page.seen.is_set()]
            result.missed += sum(not page.seen.is_set() for page in pages)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    result.problems = [problem for page in pages for problem in page.problems]
    return result


def cpu_seconds(server: Server) -> float:
    """User and system CPU seconds the server process has used so far."""
    fields = Path(f"/proc/{server.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def reveal_latency(participants: int = 30, rounds: int = 3, options: tuple[str, ...] = ()) -> Latency:
    """Reveal-to-screen seconds of ``participants`` pages over ``rounds`` reveals, on a fresh server and database."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'live.db'}"
        store = LiveStore(Database(url))
        store.db.create_all()
        try:
            with streamlit_server(ROOT, *options, env={URL_ENV: url}) as server:
                return asyncio.run(_measure(server, store, participants, rounds))
        finally:
            store.db.dispose()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.reveal_latency", description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    result = reveal_latency(args.participants, args.rounds)
    print(
        f"{args.participants} participants x {args.rounds} reveals: p50 {result.percentile(0.5):.2f} s, "
        f"p95 {result.percentile(0.95):.2f} s, max {max(result.seconds, default=float('nan')):.2f} s, "
        f"{result.missed} missed, {len(result.problems)} exceptions; server CPU "
        f"{statistics.median(result.idle_cpu):.2f} s/s polling, {statistics.median(result.reveal_cpu):.2f} s per reveal"
    )
    return 0 if result.missed == 0 and not result.problems else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
