"""Streamlit face of uploaded decks: listing them (parsed once per stored version), upload, replace, undo, delete.

An upload belongs to the chosen profile, or, with no profile chosen, to this browser
session (a random key in session state). Decks are checked when stored; each stored
version is parsed once per process and kept in a resource cache keyed by
(id, version, upload time), which any client may clear: it only costs a re-parse.
"""

from __future__ import annotations

import secrets
import weakref

import streamlit as st

from studylab.content.loader import Content, ContentError
from studylab.present import decks as dk
from studylab.present import position as pos
from studylab.present.store_face import live_store
from studylab.present.uploads import DeckOwnerError, DeckStore, StoredDeck
from studylab.storage.database import StoreError
from studylab.study import face as ui_quiz
from studylab.ui import markdown as md
from studylab.ui import site as ui

OWNER_KEY = "deck_owner_key"
"""Session key of this browser session's owner key (used when no profile is chosen)."""
PENDING_KEY = "deck_replace_pending"
"""Session key of an upload waiting for the owner's *Replace* confirmation."""


def owner() -> str:
    """Who is uploading: the chosen profile, else this browser session."""
    learner = st.session_state.get(ui_quiz.CHOSEN)
    if learner:
        return f"profile:{learner}"
    if OWNER_KEY not in st.session_state:
        st.session_state[OWNER_KEY] = secrets.token_urlsafe(12)
    return f"session:{st.session_state[OWNER_KEY]}"


def deck_store() -> DeckStore | None:
    store = live_store(quiet=True)
    return None if store is None else DeckStore(store.db)


@st.cache_resource(show_spinner=False, max_entries=256)
def _parsed(
    deck_id: str, version: int, stamp: str, content_id: int, filename: str, _store: DeckStore, _content: Content
) -> tuple[weakref.ref[Content], dk.Deck | ContentError | None]:
    # Keyed on (id, version, upload time) and the content object: a stored text is parsed once.
    source = _store.source(deck_id)
    if source is None:
        return weakref.ref(_content), None
    try:
        return weakref.ref(_content), dk.import_deck(filename, source.encode(), _content, set())
    except ContentError as error:
        return weakref.ref(_content), error


def uploaded_decks(content: Content, decks: dict[str, dk.Deck], problems: list[ContentError]) -> list[StoredDeck]:
    """Add every stored deck to ``decks`` (built-in ids win) and its problems to ``problems``."""
    store = deck_store()
    if store is None:
        return []
    try:
        listing = store.listing()
        for stored in listing:
            ref, parsed = _parsed(stored.id, stored.version, stored.stamp, id(content), stored.filename, store, content)
            if ref() is not content:
                _parsed.clear()  # the content changed under the same id(): parse again
                ref, parsed = _parsed(
                    stored.id, stored.version, stored.stamp, id(content), stored.filename, store, content
                )
            if isinstance(parsed, ContentError):
                problems.append(parsed)
            elif parsed is not None:
                decks.setdefault(stored.id, parsed)
    except StoreError:
        return []
    return listing


def _go_to(deck_id: str) -> None:
    st.query_params.from_dict({pos.DECK_PARAM: deck_id, pos.SLIDE_PARAM: "1"})


def _save(store: DeckStore, pending: dict[str, str], replace: bool) -> None:
    try:
        outcome = store.save(
            pending["deck_id"], pending["title"], pending["filename"], pending["source"], owner(), replace=replace
        )
    except (StoreError, DeckOwnerError) as error:
        st.error(ui.without_paths(error.message), icon=":material/error:")
        return
    if outcome.kind == "confirm":
        st.session_state[PENDING_KEY] = pending
        st.rerun()
    st.session_state.pop(PENDING_KEY, None)
    if outcome.kind == "renamed":
        st.session_state["deck_notice"] = (
            f"Someone else already has a deck called “{pending['deck_id']}”: yours is stored as “{outcome.deck_id}”."
        )
    _go_to(outcome.deck_id)
    st.rerun()


def upload_panel(content: Content, decks: dict[str, dk.Deck], listing: list[StoredDeck], current: str) -> None:
    """Upload a deck; replace (after asking), undo or delete one's own."""
    if notice := st.session_state.pop("deck_notice", None):
        st.info(notice, icon=":material/drive_file_rename_outline:")
    mine = {d.id: d for d in listing if d.owner == owner()}
    if current in mine:
        _own_deck_tools(mine[current])
    st.markdown(
        "**Upload a deck**: Markdown (slides separated by `---` lines, `Note:` paragraphs as speaker notes, "
        "`[[figure: diagram lambda]]` lines for figures) or a CSV in the format of `data/decks.csv`. "
        "It belongs to your profile (or, with none chosen, to this browser session)."
    )
    upload = st.file_uploader("Deck file", type=["md", "markdown", "csv"], key="deck_upload")
    store = deck_store()
    pending = st.session_state.get(PENDING_KEY)
    if pending is not None and store is not None:
        st.warning(
            f"You already have a deck called “{pending['deck_id']}”. Replace it? The current version is kept: "
            "*Undo* brings it back.",
            icon=":material/warning:",
        )
        yes, no = st.columns(2)
        if yes.button("Replace my deck", icon=":material/published_with_changes:", type="primary"):
            _save(store, pending, replace=True)
        if no.button("Keep the old one", icon=":material/close:"):
            st.session_state.pop(PENDING_KEY, None)
            st.rerun()
    if upload is None or not st.button("Import this deck", icon=":material/upload:"):
        return
    taken = {d.id for d in decks.values() if d.source != "upload"}
    try:
        data = upload.getvalue()
        deck = dk.import_deck(upload.name, data, content, taken)
        check_markdown(deck, upload.name)
    except ContentError as error:
        ui.content_error(error, fatal=False)
        return
    if store is None:
        live_store()  # says why
        return
    pending = {
        "deck_id": deck.id,
        "title": deck.title[:120],
        "filename": upload.name[:120],
        "source": data.decode("utf-8"),
    }
    _save(store, pending, replace=False)


def check_markdown(deck: dk.Deck, filename: str) -> None:
    """Refuse an upload whose slides or notes nest too deep or have too long a line (ContentError)."""
    for item in deck.slides:
        for part in (item.slide.text, item.slide.notes):
            problems = md.problems(part or "")
            if problems:
                raise ContentError(filename[:120], f"slide {item.number}", "; ".join(problems))


def _own_deck_tools(stored: StoredDeck) -> None:
    store = deck_store()
    if store is None:
        return
    undo, remove = st.columns(2)
    try:
        if undo.button("Undo the last replace", icon=":material/undo:", disabled=not stored.can_undo):
            store.undo(stored.id, owner())
            st.rerun()
        if remove.button("Delete this deck", icon=":material/delete:"):
            store.delete(stored.id, owner())
            st.query_params.clear()
            st.rerun()
    except (StoreError, DeckOwnerError) as error:
        st.error(ui.without_paths(error.message), icon=":material/error:")
