"""Who is in a live session: a nickname is claimed by what it looks like, and the database settles it.

Each nickname has its look-alike keys (:func:`studylab.present.nicknames.keys`: case, marks and
look-alike letters such as a Cyrillic А ignored) stored with a unique constraint per session. A
join looks up its keys instead of reading every nickname, and two look-alike names joining
through two servers at the same instant cannot both get in: the second insert of a key finds it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from studylab.present import nicknames
from studylab.present.rounds import LiveError
from studylab.present.tables import LiveNicknameKeyRow, LiveParticipantRow
from studylab.storage.database import insert_if_absent


def claim(session: Session, session_id: int, name: str, token_hash: str, now: datetime) -> None:
    """Add a participant called ``name`` (already cleaned), or raise LiveError("taken").

    Raising inside the caller's write transaction rolls back whatever this inserted.
    """
    looks = sorted(nicknames.keys(name))
    taken = session.scalar(
        select(LiveParticipantRow.nickname)
        .join(LiveNicknameKeyRow, LiveNicknameKeyRow.participant_id == LiveParticipantRow.id)
        .where(LiveNicknameKeyRow.session_id == session_id, LiveNicknameKeyRow.key.in_(looks))
        .limit(1)
    )
    if taken is not None:
        raise LiveError("taken", f"Someone in this session is already called {taken}: pick another nickname.")
    joined = insert_if_absent(
        session, LiveParticipantRow, session_id=session_id, nickname=name, token_hash=token_hash, joined_at=now
    )
    person = session.scalar(
        select(LiveParticipantRow.id).where(
            LiveParticipantRow.session_id == session_id, LiveParticipantRow.nickname == name
        )
    )
    # The same or a look-alike name joining through another server at this moment: its key is
    # already there, or is inserted first and this insert finds it.
    if (
        not joined
        or person is None
        or not all(
            insert_if_absent(session, LiveNicknameKeyRow, session_id=session_id, participant_id=person, key=key)
            for key in looks
        )
    ):
        raise LiveError("taken", f"Someone in this session is already called {name}: pick another nickname.")
