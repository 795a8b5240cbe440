"""Load test: many participants answering one live question at the same moment, or many flashcard reviews.

Run with ``python -m tools.live_load [--url URL | --throwaway-postgres] [--servers S] [--processes P]
[--runs R] [--reviews] [N ...]``.

* Live mode (default): for each N, N participants join one session, the host opens a round and
  all N answer at once. The participants are spread over ``P`` OS processes (each a separate
  Python, as separate app servers are) and, inside each, over ``S`` independent engines with their
  own connection pools; every process starts its answers at the same barrier.
* ``--reviews``: N flashcard reviews of 9 existing cards (3 learners x 3 questions) at once,
  spread the same way; every review must add one repetition to its card.

Without ``--url`` each run gets a fresh SQLite file in WAL mode with the app's busy timeout;
``--throwaway-postgres`` starts a PostgreSQL cluster in a temp folder (as the tests do) and
gives each run a new database. Per run it prints the participants answering at once, errors,
lost writes (answers the store accepted that are not in the database), p50 and p95 latency, and
the machine's load average; it exits 1 when anything was lost. Not part of the test run (it takes
a while); ``tests/present/test_live.py`` and ``tests/study/test_store.py`` keep small versions.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

from studylab.present.live import LiveStore
from studylab.present.rounds import LiveError, RoundSpec
from studylab.storage.database import Database, StoreError
from studylab.study.store import AnswerEvent, QuizStore

SPEC = RoundSpec("question", "load", "Pick one", ("A", "B", "C", "D"), 1, "Any.")
LEARNERS = ("ana", "bo", "cy")
QUESTIONS = ("load_q1", "load_q2", "load_q3")
"""The 9 cards of the review burst: every learner has each question as a card."""
START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
BARRIER_TIMEOUT = 600.0


@dataclass
class Outcome:
    """What one process saw: the latency of every accepted write and the errors by message."""

    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)


def _burst(calls: list[Callable[[], object]], go: Barrier) -> Outcome:
    """Run every call in its own thread, all released together once every process reaches ``go``."""
    outcome = Outcome()
    lock = threading.Lock()
    ready = threading.Barrier(len(calls) + 1)

    def one(call: Callable[[], object]) -> None:
        ready.wait()
        began = time.perf_counter()
        try:
            call()
        except (LiveError, StoreError) as error:
            with lock:
                outcome.errors[str(error)[:160]] += 1
            return
        with lock:
            outcome.latencies.append(time.perf_counter() - began)

    threads = [threading.Thread(target=one, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    go.wait(BARRIER_TIMEOUT)
    ready.wait()
    for thread in threads:
        thread.join()
    return outcome


def live_worker(url: str, servers: int, code: str, mine: list[int], joined: Barrier, go: Barrier) -> Outcome:
    """One process: join its participants, wait for the round, answer all at once."""
    stores = [LiveStore(Database(url)) for _ in range(servers)]
    tokens = {i: stores[i % servers].join(code, f"p{i}") for i in mine}
    joined.wait(BARRIER_TIMEOUT)  # the host opens the round once everyone has joined
    calls = [
        lambda i=i: stores[i % servers].answer(code, tokens[i], 1 + i % 4)  # type: ignore[misc]
        for i in mine
    ]
    outcome = _burst(calls, go)
    for store in stores:
        store.db.dispose()
    return outcome


def review_worker(url: str, servers: int, run: str, mine: list[int], joined: Barrier, go: Barrier) -> Outcome:
    """One process: review its share of the 9 cards, all at once."""
    stores = [QuizStore(Database(url)) for _ in range(servers)]
    joined.wait(BARRIER_TIMEOUT)

    def review(i: int) -> object:
        learner, qid = f"{run}{LEARNERS[i % 3]}", QUESTIONS[(i // 3) % 3]
        return stores[i % servers].record(_event(learner, qid, START + timedelta(minutes=1 + i)))

    outcome = _burst([lambda i=i: review(i) for i in mine], go)  # type: ignore[misc]
    for store in stores:
        store.db.dispose()
    return outcome


def _event(learner: str, qid: str, when: datetime) -> AnswerEvent:
    return AnswerEvent(learner, qid, "load", "flashcards", True, "x", answered_at=when, rating=3)


def _spread(
    size: int, processes: int, target: Callable[..., Outcome], args: tuple[Any, ...], between: Callable[[], None]
) -> list[Outcome]:
    """Run ``target`` in ``processes`` processes over ``size`` participants; ``between`` runs once all joined."""
    context = multiprocessing.get_context("spawn")
    joined, go = context.Barrier(processes + 1), context.Barrier(processes + 1)
    results: multiprocessing.Queue[Outcome] = context.Queue()
    workers = [
        context.Process(target=_deliver, args=(results, target, (*args, list(range(p, size, processes)), joined, go)))
        for p in range(processes)
    ]
    for worker in workers:
        worker.start()
    try:
        joined.wait(BARRIER_TIMEOUT)
        between()
        go.wait(BARRIER_TIMEOUT)
        return [results.get(timeout=BARRIER_TIMEOUT) for _ in workers]
    finally:
        for worker in workers:
            worker.join(timeout=BARRIER_TIMEOUT)


def _deliver(results: multiprocessing.Queue[Outcome], target: Callable[..., Outcome], args: tuple[Any, ...]) -> None:
    """A worker process: run ``target`` and hand its outcome back (a failure breaks the barriers at once)."""
    try:
        results.put(target(*args))
    except BaseException:
        for barrier in args[-2:]:
            barrier.abort()
        raise


def run_live(url: str, size: int, servers: int, processes: int) -> tuple[list[Outcome], int]:
    """One answer burst; every process's outcome and the answers the host then reads from the database."""
    host = LiveStore(Database(url))
    host.db.create_all()
    keys = host.start("Load test")
    outcomes = _spread(
        size, processes, live_worker, (url, servers, keys.code), lambda: host.open_round(keys.code, keys.token, SPEC)
    )
    state = host.state(keys.code)
    host.db.dispose()
    return outcomes, sum(state.round.counts) if state.round else 0


def run_reviews(url: str, size: int, servers: int, processes: int, run: str) -> tuple[list[Outcome], int]:
    """One review burst; every process's outcome and the repetitions it added to the 9 cards."""
    store = QuizStore(Database(url))
    store.db.create_all()
    for learner in LEARNERS:
        for qid in QUESTIONS:
            store.record(_event(f"{run}{learner}", qid, START))
    outcomes = _spread(size, processes, review_worker, (url, servers, run), lambda: None)
    reps = sum(card.reps for learner in LEARNERS for card in store.cards(f"{run}{learner}").values())
    store.db.dispose()
    return outcomes, reps - len(LEARNERS) * len(QUESTIONS)


@contextmanager
def databases(url: str | None, throwaway_postgres: bool, folder: Path) -> Iterator[Callable[[str], str]]:
    """A function giving each run its database URL."""
    if url:
        yield lambda _name: url
    elif throwaway_postgres:
        from tests.postgres import PostgresCluster

        cluster = PostgresCluster()
        cluster.start()
        try:
            yield lambda _name: cluster.new_database()
        finally:
            cluster.stop()
    else:
        yield lambda name: f"sqlite:///{folder / f'{name}.db'}"


def percentile(ordered: list[float], share: float) -> float:
    return ordered[int(share * (len(ordered) - 1))] if ordered else 0.0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.live_load", description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 400, 800], help="writes at once, per burst")
    parser.add_argument("--url", default=None, help="a database URL (default: a fresh SQLite file per run)")
    parser.add_argument("--throwaway-postgres", action="store_true", help="a temporary PostgreSQL, a database per run")
    parser.add_argument("--servers", type=int, default=1, help="independent engines (pools) in each process")
    parser.add_argument("--processes", type=int, default=1, help="OS processes the participants are spread over")
    parser.add_argument("--runs", type=int, default=1, help="bursts per size")
    parser.add_argument("--reviews", action="store_true", help="flashcard reviews of 9 cards instead of answers")
    args = parser.parse_args(argv)
    lost_any = False
    kind = "reviews" if args.reviews else "answers"
    print(f"{kind}; {args.processes} process(es) x {args.servers} pool(s) each")
    print(f"{'N':>5} {'run':>3} {'stored':>6} {'errors':>6} {'lost':>5} {'wall s':>6} {'p50 ms':>7} {'p95 ms':>7} load")
    with tempfile.TemporaryDirectory() as temp, databases(args.url, args.throwaway_postgres, Path(temp)) as new_url:
        for size in args.sizes:
            for run in range(1, args.runs + 1):
                url = new_url(f"{kind}-{size}-{run}")
                began = time.perf_counter()
                if args.reviews:
                    outcomes, stored = run_reviews(url, size, args.servers, args.processes, f"r{size}x{run}")
                else:
                    outcomes, stored = run_live(url, size, args.servers, args.processes)
                wall = time.perf_counter() - began
                ordered = sorted(t for o in outcomes for t in o.latencies)
                errors: Counter[str] = sum((o.errors for o in outcomes), Counter())
                lost = len(ordered) - stored
                lost_any = lost_any or lost != 0
                load = "/".join(f"{x:.1f}" for x in os.getloadavg())
                print(
                    f"{size:>5} {run:>3} {stored:>6} {errors.total():>6} {lost:>5} {wall:>6.1f} "
                    f"{percentile(ordered, 0.5) * 1000:>7.0f} {percentile(ordered, 0.95) * 1000:>7.0f} {load}",
                    flush=True,
                )
                for message, count in errors.most_common(3):
                    print(f"      {count} x {message}")
    return 1 if lost_any else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
