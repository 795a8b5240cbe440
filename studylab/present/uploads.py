"""Uploaded decks with owners: stored once checked, replaced only by their owner (with undo), deleted by them.

An owner is a plain string the face chooses (``profile:<name>`` or ``session:<key>``);
profiles have no passwords, so ownership keeps honest people from overwriting each
other, not a determined impostor. A same-name upload by someone else is stored under
a new id (``name_2``, ``name_3`` ...) and never touches the original.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select

from studylab.present.live import utcnow
from studylab.present.tables import UploadedDeckRow
from studylab.storage.database import Database

MAX_ID = 60
"""Length of the id column."""
MAX_SUFFIX = 99
"""``name_2`` .. ``name_99`` are tried before an upload is refused as a name clash."""


@dataclass(frozen=True)
class StoredDeck:
    """One uploaded deck as listed (no source text: it is read only when the deck must be parsed)."""

    id: str
    title: str
    filename: str
    owner: str
    version: int
    can_undo: bool
    stamp: str
    """The time of the last upload, so (id, version, stamp) names one stored text even across deletes."""


@dataclass(frozen=True)
class SaveOutcome:
    """What a save did: ``stored`` (new), ``renamed`` (someone else's name), ``replaced``, or ``confirm``."""

    kind: str
    deck_id: str


class DeckOwnerError(Exception):
    """Someone other than the owner tried to change or delete a deck (or there is nothing to undo)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DeckStore:
    """Uploaded decks in the app's database (table ``present_decks``)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def save(
        self,
        deck_id: str,
        title: str,
        filename: str,
        source: str,
        owner: str,
        *,
        replace: bool = False,
        now: datetime | None = None,
    ) -> SaveOutcome:
        """Store a checked deck. Replacing one's own deck needs ``replace=True`` (else ``confirm``)."""
        now = now or utcnow()
        with self.db.write() as session:
            row = session.get(UploadedDeckRow, deck_id)
            if row is not None and row.owner == owner and owner:
                if not replace:
                    return SaveOutcome("confirm", deck_id)
                row.previous_title, row.previous_filename, row.previous_source = row.title, row.filename, row.source
                row.title, row.filename, row.source, row.uploaded_at = title, filename, source, now
                row.version += 1
                return SaveOutcome("replaced", deck_id)
            kind, free = "stored", deck_id
            if row is not None:
                taken = set(session.scalars(select(UploadedDeckRow.id)))
                free = next((c for c in _candidates(deck_id) if c not in taken), "")
                if not free:
                    raise DeckOwnerError(f"Too many decks are called “{deck_id}”: rename the file and upload again.")
                kind = "renamed"
            session.add(
                UploadedDeckRow(
                    id=free, title=title, filename=filename, source=source, uploaded_at=now, owner=owner, version=1
                )
            )
            return SaveOutcome(kind, free)

    def undo(self, deck_id: str, owner: str) -> None:
        """Bring back the version the last replace overwrote (the current one becomes the undo)."""
        with self.db.write() as session:
            row = self._owned(session.get(UploadedDeckRow, deck_id), owner)
            if row.previous_source is None:
                raise DeckOwnerError("There is no earlier version of this deck to bring back.")
            current = (row.title, row.filename, row.source)
            row.title, row.filename, row.source = (
                row.previous_title or row.title,
                row.previous_filename or "",
                row.previous_source,
            )
            row.previous_title, row.previous_filename, row.previous_source = current
            row.version += 1

    def delete(self, deck_id: str, owner: str) -> None:
        """Delete one's own deck."""
        with self.db.write() as session:
            self._owned(session.get(UploadedDeckRow, deck_id), owner)
            session.execute(delete(UploadedDeckRow).where(UploadedDeckRow.id == deck_id))

    def listing(self) -> list[StoredDeck]:
        """Every uploaded deck, newest first, without its source."""
        with self.db.read() as session:
            rows = session.execute(
                select(
                    UploadedDeckRow.id,
                    UploadedDeckRow.title,
                    UploadedDeckRow.filename,
                    UploadedDeckRow.owner,
                    UploadedDeckRow.version,
                    UploadedDeckRow.previous_source.is_not(None),
                    UploadedDeckRow.uploaded_at,
                ).order_by(UploadedDeckRow.uploaded_at.desc())
            ).all()
        return [
            StoredDeck(str(a), str(b), str(c), str(d or ""), int(e or 1), bool(f), str(g))
            for a, b, c, d, e, f, g in rows
        ]

    def source(self, deck_id: str) -> str | None:
        """One deck's source text (None if it was deleted meanwhile)."""
        with self.db.read() as session:
            return session.scalar(select(UploadedDeckRow.source).where(UploadedDeckRow.id == deck_id))

    @staticmethod
    def _owned(row: UploadedDeckRow | None, owner: str) -> UploadedDeckRow:
        if row is None:
            raise DeckOwnerError("This deck is no longer there.")
        if not owner or row.owner != owner:
            raise DeckOwnerError("Only the person who uploaded this deck can change or delete it.")
        return row


def _candidates(deck_id: str) -> list[str]:
    return [f"{deck_id[: MAX_ID - len(str(n)) - 1]}_{n}" for n in range(2, MAX_SUFFIX + 1)]
