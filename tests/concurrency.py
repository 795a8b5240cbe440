"""Run the same action from many threads released at one instant, and collect what each got."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def at_once(count: int, action: Callable[[int], T]) -> list[T | BaseException]:
    """Call ``action(i)`` for i in 0..count-1, all started together; each result or raised exception."""
    barrier = threading.Barrier(count)
    results: list[T | BaseException] = [RuntimeError("not run")] * count

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = action(i)
        except BaseException as exc:  # noqa: BLE001 - handed back to the test to assert on
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
