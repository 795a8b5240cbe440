"""Live group sessions in the database: join codes, rounds, answers, reveals and scores.

Every piece of state lives in the tables of :mod:`studylab.present.tables`,
never in process memory, so any number of servers behind one database serve the same
session, and a restarted server carries on where it stopped.

* The host :meth:`LiveStore.start` s a session and gets a short **join code** for the room
  and a separate secret **host token**. Only a SHA-256 hash of each token is stored.
* Participants :meth:`LiveStore.join` with the code and a nickname and get their own token.
* The host opens a **round** (a quiz question, or a *prediction*: "what will this simulation
  do?"), participants answer once, the host **reveals** the right answer (and, for a
  prediction, runs the simulation). The host's token is checked here, in the storage
  layer: a participant's token or the join code alone can neither open nor reveal a round.
* A session unused for :data:`SESSION_TTL` expires; :meth:`LiveStore.expire` deletes it.

Each public method is one short transaction on :class:`studylab.storage.database.Database`; the values
it takes and returns are in :mod:`studylab.present.rounds`.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

import pandas as pd
from sqlalchemy import ColumnElement, Select, bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from studylab.present import nicknames, roster, scoring
from studylab.present.rounds import MAX_OPTIONS, HostKeys, LiveError, LiveState, Me, Pulse, RoundSpec, RoundState
from studylab.present.tables import LiveAnswerRow, LiveParticipantRow, LiveRoundRow, LiveSessionRow
from studylab.storage.database import Database, insert_if_absent

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""Join-code characters: capitals and digits without the look-alikes I, O, 0 and 1."""

CODE_LENGTH = 6
"""32**6, about a billion codes: guessing a live one in a room is hopeless."""

SESSION_TTL = timedelta(hours=3)
"""A session nobody has touched for this long has expired."""

TOUCH_EVERY = timedelta(seconds=1)
"""``last_active`` is written at most this often: answers arriving together do not queue on the session row."""

MAX_COUNTDOWN_S = 120
"""The longest countdown a session may set."""

NICKNAME = re.compile(r"^[^\x00-\x1f\x7f]{1,24}$")
"""Nicknames: 1 to 24 printable characters."""


def utcnow() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; every moment stored here is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _touch(session: Session, row: LiveSessionRow, now: datetime) -> None:
    # Only when the stored time is stale: a busy round writes the session row about once a second.
    if now - _aware(row.last_active) >= TOUCH_EVERY:
        session.execute(
            update(LiveSessionRow)
            .where(LiveSessionRow.id == row.id, LiveSessionRow.last_active < now - TOUCH_EVERY)
            .values(last_active=now)
            .execution_options(synchronize_session=False)
        )


def normalise_code(code: str) -> str:
    """A typed join code as stored: capitals, no spaces or dashes."""
    return re.sub(r"[\s\-]", "", code or "").upper()[:12]


def new_code() -> str:
    """A random join code from :data:`CODE_ALPHABET`."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


# --- The store --------------------------------------------------------------------------


class LiveStore:
    """Live sessions on a database: one method, one short transaction."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def _session_row(self, session: Session, code: str, now: datetime) -> LiveSessionRow:
        row = session.scalar(select(LiveSessionRow).where(LiveSessionRow.code == normalise_code(code)))
        if row is None:
            raise LiveError("not_found", f"No live session has the code {normalise_code(code) or '(empty)'}.")
        if _aware(row.last_active) + SESSION_TTL < now:
            raise LiveError("expired", "This session has expired: nobody used it for a long time.")
        return row

    def _host_row(self, session: Session, code: str, token: str, now: datetime) -> LiveSessionRow:
        row = self._session_row(session, code, now)
        if not hmac.compare_digest(row.host_hash, _hash(token or "")):
            raise LiveError("forbidden", "Only the host of this session can do that.")
        if row.ended_at is not None:
            raise LiveError("ended", "This session has ended.")
        return row

    # Host -------------------------------------------------------------------------

    def start(self, title: str, now: datetime | None = None, countdown_s: int = 0, points: bool = False) -> HostKeys:
        """Open a new session; returns its join code and the host's secret token.

        ``countdown_s`` (0 for none) closes each round's answers that many seconds after it opens;
        ``points`` scores right answers with a bonus for speed instead of counting them.
        """
        now = now or utcnow()
        if not 0 <= countdown_s <= MAX_COUNTDOWN_S:
            raise LiveError("invalid", f"A countdown lasts 0 (none) to {MAX_COUNTDOWN_S} seconds.")
        self.expire(now)
        token = secrets.token_urlsafe(24)
        clean = (title or "").strip()[:120] or "Live quiz"
        for _ in range(20):
            code = new_code()
            with self.db.write() as session:
                if session.scalar(select(LiveSessionRow.id).where(LiveSessionRow.code == code)) is not None:
                    continue
                session.add(
                    LiveSessionRow(
                        code=code,
                        host_hash=_hash(token),
                        title=clean,
                        created_at=now,
                        last_active=now,
                        ended_at=None,
                        countdown_s=countdown_s,
                        points=points,
                    )
                )
            return HostKeys(code, token)
        raise LiveError("busy", "Could not find a free join code; try again.")

    def check_host(self, code: str, token: str, now: datetime | None = None) -> str:
        """The session's title if ``token`` is its host's; LiveError otherwise (to resume hosting)."""
        with self.db.read() as session:
            return self._host_row(session, code, token, now or utcnow()).title

    def open_round(self, code: str, token: str, spec: RoundSpec, now: datetime | None = None) -> int:
        """Put a new question or prediction to the group (host only); returns its round number."""
        now = now or utcnow()
        if not 2 <= len(spec.options) <= MAX_OPTIONS or not 1 <= spec.right <= len(spec.options):
            raise LiveError("invalid", "A round needs 2 to 6 options and a right one among them.")
        with self.db.write() as session:
            row = self._host_row(session, code, token, now)
            session.refresh(row, with_for_update=True)  # the host's actions on one session take turns
            current = self._current(session, row.id)
            if current is not None and current.revealed_at is None and _same_round(current, spec):
                # Asked again before anyone answered (a double click, two tabs, two servers): one round.
                answered = session.scalar(select(LiveAnswerRow.id).where(LiveAnswerRow.round_id == current.id).limit(1))
                if answered is None:
                    return current.number
            last = session.scalar(select(func.max(LiveRoundRow.number)).where(LiveRoundRow.session_id == row.id))
            number = (last or 0) + 1
            session.add(
                LiveRoundRow(
                    session_id=row.id,
                    number=number,
                    kind=spec.kind,
                    source_id=spec.source_id,
                    prompt=spec.prompt,
                    options="\n".join(spec.options),
                    right=spec.right,
                    explanation=spec.explanation,
                    figure=spec.figure,
                    opened_at=now,
                    revealed_at=None,
                    deadline_at=now + timedelta(seconds=row.countdown_s) if row.countdown_s else None,
                    misconceptions="\n".join(spec.misconceptions),
                )
            )
            _touch(session, row, now)
        return number

    def reveal(self, code: str, token: str, now: datetime | None = None) -> None:
        """Reveal the current round's answer (host only); answers close."""
        now = now or utcnow()
        with self.db.write() as session:
            row = self._host_row(session, code, token, now)
            current = self._current(session, row.id)
            if current is None:
                raise LiveError("no_round", "There is no question to reveal yet.")
            if current.revealed_at is None:
                current.revealed_at = now
            _touch(session, row, now)

    def end(self, code: str, token: str, now: datetime | None = None) -> None:
        """End the session (host only): nobody can answer any more; results stay readable until expiry."""
        now = now or utcnow()
        with self.db.write() as session:
            row = self._host_row(session, code, token, now)
            row.ended_at = now
            _touch(session, row, now)

    # Participants ---------------------------------------------------------------------

    def join(self, code: str, nickname: str, now: datetime | None = None) -> str:
        """Join with a nickname; returns the participant's secret token."""
        now = now or utcnow()
        name = nicknames.clean(nickname)
        if not NICKNAME.match(name):
            raise LiveError("invalid", "A nickname has 1 to 24 characters.")
        token = secrets.token_urlsafe(18)
        with self.db.write() as session:
            row = self._session_row(session, code, now)
            if row.ended_at is not None:
                raise LiveError("ended", "This session has ended.")
            roster.claim(session, row.id, name, _hash(token), now)
            _touch(session, row, now)
        return token

    def answer(self, code: str, token: str, choice: int, now: datetime | None = None) -> bool:
        """Answer the current round once (before it is revealed); returns whether it was right."""
        now = now or utcnow()
        with self.db.write() as session:
            row = self._session_row(session, code, now)
            if row.ended_at is not None:
                raise LiveError("ended", "This session has ended.")
            person = self._participant(session, row.id, token)
            current = self._current(session, row.id)
            if current is None:
                raise LiveError("no_round", "There is no question yet: wait for the host.")
            if current.revealed_at is not None:
                raise LiveError("closed", "Answers are closed: the host has revealed this one.")
            # The deadline is stored with the round and checked here, by whichever server takes the answer.
            if current.deadline_at is not None and now > _aware(current.deadline_at):
                raise LiveError("late", "Time is up: answers to this question closed when the countdown ended.")
            options = current.options.split("\n")
            if not 1 <= choice <= len(options):
                raise LiveError("invalid", f"Pick one of the {len(options)} options.")
            done = session.scalar(
                select(LiveAnswerRow.id).where(
                    LiveAnswerRow.round_id == current.id, LiveAnswerRow.participant_id == person.id
                )
            )
            if done is not None:
                raise LiveError("answered", "You have already answered this one.")
            correct = choice == current.right
            stored = insert_if_absent(
                session,
                LiveAnswerRow,
                round_id=current.id,
                participant_id=person.id,
                choice=choice,
                correct=correct,
                answered_at=now,
            )
            if not stored:  # the same answer, sent twice at once
                raise LiveError("answered", "You have already answered this one.")
            _touch(session, row, now)
        return correct

    @staticmethod
    def _participant(session: Session, session_id: int, token: str) -> LiveParticipantRow:
        person = session.scalar(select(LiveParticipantRow).where(LiveParticipantRow.token_hash == _hash(token or "")))
        if person is None or person.session_id != session_id:
            raise LiveError("forbidden", "You have not joined this session (or your link is from another one).")
        return person

    @staticmethod
    def _current(session: Session, session_id: int) -> LiveRoundRow | None:
        return session.scalar(
            select(LiveRoundRow)
            .where(LiveRoundRow.session_id == session_id)
            .order_by(LiveRoundRow.number.desc())
            .limit(1)
        )

    # Reading ------------------------------------------------------------------------------

    def state(self, code: str, now: datetime | None = None) -> LiveState:
        """The session now: participants, the current round and its answer counts."""
        now = now or utcnow()
        with self.db.read() as session:
            row = self._session_row(session, code, now)
            people = session.scalar(
                select(func.count()).select_from(LiveParticipantRow).where(LiveParticipantRow.session_id == row.id)
            )
            current = self._current(session, row.id)
            round_state = None
            if current is not None:
                options = tuple(current.options.split("\n"))
                counted = dict(
                    session.execute(
                        select(LiveAnswerRow.choice, func.count())
                        .where(LiveAnswerRow.round_id == current.id)
                        .group_by(LiveAnswerRow.choice)
                    ).all()
                )
                round_state = RoundState(
                    number=current.number,
                    kind=current.kind,
                    source_id=current.source_id,
                    prompt=current.prompt,
                    options=options,
                    right=current.right,
                    explanation=current.explanation,
                    figure=current.figure,
                    revealed=current.revealed_at is not None,
                    counts=tuple(int(counted.get(i, 0)) for i in range(1, len(options) + 1)),
                    deadline=_aware(current.deadline_at) if current.deadline_at is not None else None,
                    misconceptions=tuple(current.misconceptions.split("\n")) if current.misconceptions else (),
                )
            return LiveState(
                row.code,
                row.title,
                int(people or 0),
                round_state,
                row.ended_at is not None,
                countdown_s=int(row.countdown_s or 0),
                points=bool(row.points),
            )

    def me(self, code: str, token: str, now: datetime | None = None) -> Me:
        """A participant's nickname, answer to the current round and score over revealed rounds."""
        now = now or utcnow()
        with self.db.read() as session:
            row = self._session_row(session, code, now)
            person = self._participant(session, row.id, token)
            current = self._current(session, row.id)
            choice = None
            if current is not None:
                choice = session.scalar(
                    select(LiveAnswerRow.choice).where(
                        LiveAnswerRow.round_id == current.id, LiveAnswerRow.participant_id == person.id
                    )
                )
            scored = _scored(session, row, LiveAnswerRow.participant_id == person.id)
            return Me(
                person.nickname,
                choice,
                sum(c for _, c, _ in scored),
                len(scored),
                sum(p for _, _, p in scored),
            )

    def pulse(self, code: str, token: str, now: datetime | None = None) -> Pulse:
        """What a participant's page polls every second or two, in one query (see :class:`Pulse`).

        The cheapest read of the store: a room of phones polls it, and the reveal reaches them
        only as fast as the server gets through their polls.
        """
        now = now or utcnow()
        with self.db.read() as session:
            row = session.execute(_pulse_query(), {"code": normalise_code(code), "hash": _hash(token or "")}).first()
        if row is None:
            raise LiveError("not_found", f"No live session has the code {normalise_code(code) or '(empty)'}.")
        last_active, ended_at, count, participant, number, revealed_at, deadline_at, chosen = row
        if _aware(last_active) + SESSION_TTL < now:
            raise LiveError("expired", "This session has expired: nobody used it for a long time.")
        if participant is None:
            raise LiveError("forbidden", "You have not joined this session (or your link is from another one).")
        deadline = _aware(deadline_at) if deadline_at is not None else None
        return Pulse(int(count or 0), ended_at is not None, number, revealed_at is not None, deadline, chosen)

    def scoreboard(self, code: str, now: datetime | None = None) -> pd.DataFrame:
        """Every participant with points, right answers and answers given over revealed rounds, best first.

        Best means most points when the session counts points, else most right answers; a session
        without points has no ``points`` column.
        """
        now = now or utcnow()
        with self.db.read() as session:
            row = self._session_row(session, code, now)
            people = session.execute(
                select(LiveParticipantRow.id, LiveParticipantRow.nickname).where(
                    LiveParticipantRow.session_id == row.id
                )
            ).all()
            scored = _scored(session, row, LiveRoundRow.session_id == row.id)
        totals = {pid: [0, 0, 0] for pid, _ in people}
        for pid, correct, earned in scored:
            if pid in totals:
                totals[pid][0] += earned
                totals[pid][1] += correct
                totals[pid][2] += 1
        records = [(nickname, *totals[pid]) for pid, nickname in people]
        frame = pd.DataFrame(records, columns=["nickname", "points", "correct", "answered"])
        frame[["points", "correct", "answered"]] = frame[["points", "correct", "answered"]].astype(int)
        first = ["points", "correct"] if row.points else ["correct"]
        frame = frame.sort_values([*first, "answered", "nickname"], ascending=[*[False] * len(first), True, True])
        return (frame if row.points else frame.drop(columns="points")).reset_index(drop=True)

    # Housekeeping ---------------------------------------------------------------------------

    def expire(self, now: datetime | None = None) -> int:
        """Delete every session unused for :data:`SESSION_TTL`, with its rounds and answers; returns how many."""
        cutoff = (now or utcnow()) - SESSION_TTL
        with self.db.write() as session:
            stale = list(session.scalars(select(LiveSessionRow.id).where(LiveSessionRow.last_active < cutoff)))
            if not stale:
                return 0
            rounds = select(LiveRoundRow.id).where(LiveRoundRow.session_id.in_(stale))
            # Deleted explicitly, child tables first: not every database enforces ON DELETE CASCADE.
            session.execute(delete(LiveAnswerRow).where(LiveAnswerRow.round_id.in_(rounds)))
            session.execute(delete(LiveRoundRow).where(LiveRoundRow.session_id.in_(stale)))
            session.execute(delete(LiveParticipantRow).where(LiveParticipantRow.session_id.in_(stale)))
            session.execute(delete(LiveSessionRow).where(LiveSessionRow.id.in_(stale)))
        return len(stale)


def _scored(session: Session, row: LiveSessionRow, which: ColumnElement[bool]) -> list[tuple[int, int, int]]:
    """(participant id, 1 if right else 0, points) for each answer to a revealed round of the session."""
    answers = session.execute(
        select(LiveAnswerRow.participant_id, LiveAnswerRow.correct, LiveAnswerRow.answered_at, LiveRoundRow.opened_at)
        .join(LiveRoundRow, LiveRoundRow.id == LiveAnswerRow.round_id)
        .where(which, LiveRoundRow.session_id == row.id, LiveRoundRow.revealed_at.is_not(None))
    ).all()
    speed = scoring.window(int(row.countdown_s or 0))

    def earned(correct: bool, answered: datetime, opened: datetime) -> int:
        if not row.points:
            return 0
        return scoring.points(correct, (_aware(answered) - _aware(opened)).total_seconds(), speed)

    return [(pid, int(correct), earned(correct, answered, opened)) for pid, correct, answered, opened in answers]


@cache
def _pulse_query() -> Select[Any]:
    """The one query of :meth:`LiveStore.pulse`, built once (building it costs more than running it)."""
    latest = (
        select(func.max(LiveRoundRow.number))
        .where(LiveRoundRow.session_id == LiveSessionRow.id)
        .correlate(LiveSessionRow)
        .scalar_subquery()
    )
    person = (
        select(LiveParticipantRow.id)
        .where(LiveParticipantRow.token_hash == bindparam("hash"), LiveParticipantRow.session_id == LiveSessionRow.id)
        .correlate(LiveSessionRow)
        .scalar_subquery()
    )
    people = select(func.count()).where(LiveParticipantRow.session_id == LiveSessionRow.id).scalar_subquery()
    choice = (
        select(LiveAnswerRow.choice)
        .where(LiveAnswerRow.round_id == LiveRoundRow.id, LiveAnswerRow.participant_id == person)
        .correlate(LiveRoundRow)
        .scalar_subquery()
    )
    columns = (LiveRoundRow.number, LiveRoundRow.revealed_at, LiveRoundRow.deadline_at)
    return (
        select(LiveSessionRow.last_active, LiveSessionRow.ended_at, people, person, *columns, choice)
        .outerjoin(LiveRoundRow, (LiveRoundRow.session_id == LiveSessionRow.id) & (LiveRoundRow.number == latest))
        .where(LiveSessionRow.code == bindparam("code"))
    )


def _same_round(row: LiveRoundRow, spec: RoundSpec) -> bool:
    return (row.kind, row.source_id, row.prompt, row.options) == (
        spec.kind,
        spec.source_id,
        spec.prompt,
        "\n".join(spec.options),
    )
