"""Load test: how many participants one live session takes, answering at the same moment.

Run with ``python -m tools.live_load [--url URL] [N ...]``. For each N, N participants join
one session through several independent clients (as if behind several servers), the host
opens a round, and N threads answer at once (a barrier releases them together). Without
``--url`` each N gets a fresh SQLite file in WAL mode with the app's busy timeout; with a
PostgreSQL URL (an empty database the user may write to) every N runs there. It prints, per N, the answers stored, the
errors, the time until every answer was in, the answer latencies and a host read of the
counts, and it fails (exit 1) when an answer is lost or doubled. Not part of the test run (it
takes a while); ``tests/present/test_live.py`` keeps small versions of the same checks.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from studylab.present.live import LiveStore
from studylab.present.rounds import LiveError, RoundSpec
from studylab.storage.database import Database, StoreError

SERVERS = 4
"""Independent clients (engines and connection pools) the participants are spread over."""

SPEC = RoundSpec("question", "load", "Pick one", ("A", "B", "C", "D"), 1, "Any.")


def run(participants: int, url: str) -> dict[str, float]:
    """One burst of ``participants`` simultaneous answers on the database at ``url``; the measurements."""
    servers = []
    for _ in range(SERVERS):
        db = Database(url)
        db.create_all()
        servers.append(LiveStore(db))
    host = servers[0]
    keys = host.start("Load test")
    tokens = [servers[i % SERVERS].join(keys.code, f"p{i}") for i in range(participants)]
    host.open_round(keys.code, keys.token, SPEC)
    barrier = threading.Barrier(participants + 1)
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def answer(i: int) -> None:
        barrier.wait()
        start = time.perf_counter()
        try:
            servers[i % SERVERS].answer(keys.code, tokens[i], 1 + i % 4)
        except (LiveError, StoreError) as error:
            with lock:
                errors.append(str(error))
            return
        with lock:
            latencies.append(time.perf_counter() - start)

    threads = [threading.Thread(target=answer, args=(i,)) for i in range(participants)]
    for thread in threads:
        thread.start()
    barrier.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    read_start = time.perf_counter()
    state = host.state(keys.code)
    read = time.perf_counter() - read_start
    for server in servers:
        server.db.dispose()
    stored = sum(state.round.counts) if state.round else 0
    ordered = sorted(latencies) or [0.0]
    return {
        "participants": participants,
        "stored": stored,
        "errors": len(errors),
        "wall_s": wall,
        "median_ms": statistics.median(ordered) * 1000,
        "p95_ms": ordered[int(0.95 * (len(ordered) - 1))] * 1000,
        "max_ms": ordered[-1] * 1000,
        "host_read_ms": read * 1000,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.live_load", description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[50, 100, 200, 400, 800], help="participants per burst")
    parser.add_argument("--url", default=None, help="a database URL (default: a fresh SQLite file per burst)")
    args = parser.parse_args(argv)
    lost = False
    print(
        f"{'N':>5} {'stored':>7} {'errors':>6} {'all in (s)':>10} {'median ms':>9} {'p95 ms':>8} {'max ms':>8} "
        f"{'read ms':>7}"
    )
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            r = run(size, args.url or f"sqlite:///{Path(folder) / f'load-{size}.db'}")
            lost = lost or r["stored"] + r["errors"] != size
            print(
                f"{size:>5} {r['stored']:>7.0f} {r['errors']:>6.0f} {r['wall_s']:>10.2f} {r['median_ms']:>9.0f} "
                f"{r['p95_ms']:>8.0f} {r['max_ms']:>8.0f} {r['host_read_ms']:>7.1f}"
            )
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
