"""The live store on the app's database, one per process and URL, shared by the present faces."""

from __future__ import annotations

import streamlit as st

from studylab.present.live import LiveStore
from studylab.storage.database import Database, StoreError, database_url
from studylab.study import face as ui_quiz


@st.cache_resource(show_spinner=False)
def _live_store(url: str, _db: Database) -> LiveStore:
    # The quiz's engine is reused; the live tables may be new to it, so create them once.
    _db.create_all()
    return LiveStore(_db)


def live_store(quiet: bool = False) -> LiveStore | None:
    """The live store on the app's database, or None (after saying why, unless ``quiet``)."""
    url = database_url()
    try:
        quiz = ui_quiz.quiz_store_at(url)  # the one engine per process and URL
        return _live_store(url, quiz.db)
    except StoreError as error:
        if not quiet:
            ui_quiz.database_error(error)
        return None
