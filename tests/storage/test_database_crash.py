"""A writer killed mid-stream (SIGKILL) leaves an intact database holding every acknowledged answer."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

from studylab.content.loader import ROOT

WRITER = """
import sys
from studylab.study.answers import AnswerEvent
from studylab.study.store import QuizStore
from studylab.storage.database import Database

store = QuizStore(Database(sys.argv[1]))
store.db.create_all()
store.add_learner("ada")
n = 0
while True:
    event = AnswerEvent(learner="ada", question_id=f"q{n}", topic="lambda_architecture", mode="practice",
                        correct=n % 2 == 0, response="1", rating=3)
    store.record(event)
    print(event.uid, flush=True)  # acknowledged only once the transaction has committed
    n += 1
"""


def test_sigkill_mid_write_loses_no_acknowledged_answer(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, f"sqlite:///{path}"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    acknowledged: list[str] = []
    deadline = time.monotonic() + 60
    assert writer.stdout is not None
    while len(acknowledged) < 40 and time.monotonic() < deadline:
        line = writer.stdout.readline()
        if not line:
            break
        acknowledged.append(line.strip())
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=10)
    writer.stdout.close()
    assert len(acknowledged) >= 40, "the writer stored too few answers to test anything"

    with closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        stored = {uid for (uid,) in db.execute("SELECT uid FROM quiz_attempts")}
    assert set(acknowledged) <= stored
