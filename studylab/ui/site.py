"""Streamlit helpers shared by every page: the only module of the core that imports streamlit.

Pages stay thin: ``start_page`` sets the page up and draws the menu, ``opener``
and ``explain`` draw a topic, and ``content_error`` shows a broken file without
stopping the rest of the app.
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from studylab.content.catalog import HOME, Page, Section, build_catalog, find_page, page_scripts
from studylab.content.loader import Content, ContentError, Topic, content_root, fingerprint, load_content
from studylab.content.slides import reading_text
from studylab.ui import markdown as md

APP_TITLE = "Study Lab"
HOME_ICON = ":material/home:"
PAGE_ICON = "🎓"
"""The browser tab's icon: an emoji, which Streamlit draws locally. A ``:material/...:`` page icon
would be fetched from an outside font server, and fail in a room without internet."""
SIDEBAR_WIDTH = 330
"""Pixels; wide enough for the longest topic titles in the menu."""


@dataclass(frozen=True)
class Site:
    """Content and the catalog built from it, loaded once per process and content version."""

    content: Content
    catalog: list[Section]


@st.cache_resource(show_spinner=False, max_entries=2)
def _load_site(root: str, version: str) -> Site:
    # ``version`` only keys the cache: an edited content file gives a new version,
    # so authors see their fix on the next rerun without restarting the server.
    content = load_content(Path(root))
    return Site(content=content, catalog=build_catalog(content, page_scripts(content)))


RECHECK_SECONDS = 1.0
"""How often the content files are looked at again for edits (a stat of every file)."""

_checked: dict[str, tuple[float, str]] = {}
"""Root -> (when its files were last looked at, the version they had)."""


def _content_version(root: Path) -> str:
    # Looking at ~100 files costs milliseconds, and pages call site() several
    # times per run: look at most once a second and key the cache on a short hash.
    key = str(root)
    now = time.monotonic()
    last = _checked.get(key)
    if last is not None and now - last[0] < RECHECK_SECONDS:
        return last[1]
    version = hashlib.blake2b(repr(fingerprint(root)).encode(), digest_size=8).hexdigest()
    _checked[key] = (now, version)
    return version


def content_version() -> str:
    """A short hash of the content files, looked at again at most once a second; keys caches built from content."""
    return _content_version(content_root())


_latest: dict[tuple[str, str], Site] = {}
"""The last site handed out, by (root, version): a page asks for it dozens of times per run, and a
dict lookup is far cheaper than hashing the arguments of a Streamlit cache each time."""


def site() -> Site:
    """The loaded content and catalog (cached per process, reloaded when a file changes)."""
    root = content_root()
    key = (str(root), _content_version(root))
    found = _latest.get(key)
    if found is None:
        found = _load_site(*key)
        _latest.clear()
        _latest[key] = found
        _table_names.clear()
        _table_names.update({id(frame): (frame, name) for name, frame in found.content.tables.items()})
    return found


_table_names: dict[int, tuple[pd.DataFrame, str]] = {}
"""id of a content table's DataFrame -> (the DataFrame, its name), for the latest site."""


def table_name(frame: pd.DataFrame) -> str | None:
    """The name of the content table whose DataFrame ``frame`` is (the very object), or None."""
    found = _table_names.get(id(frame))
    return found[1] if found is not None and found[0] is frame else None


def content_error(error: ContentError, *, fatal: bool = True) -> None:
    """Show one content problem as a student-safe error naming file, place and problem."""
    lead = "This part of Study Lab could not be loaded." if fatal else "This page has a content problem."
    st.error(f"**{lead}** `{error.path}`, {error.location}: {error.problem}", icon=":material/error:")


_page_objects: dict[tuple[str, str], st.Page] = {}
"""(app's main script, page script) -> its page object, made once per process."""


def page_link(path: str, *, label: str, icon: str | None = None, **options: Any) -> None:
    """``st.page_link`` to the page script ``path`` (relative to the app), through a page object made once.

    Given a path, Streamlit resolves it on the file system at every call (``os.path.realpath``,
    a few ``lstat`` calls per link). The menu alone has 36 links, and that was a third of a
    plain topic page's server time under 30 sessions. A page object carries its resolved path
    and URL, so a link costs only its message.
    """
    context = get_script_run_ctx()
    if context is None:  # outside a script run (a bare import): Streamlit draws nothing either way
        st.page_link(path, label=label, icon=icon, **options)
        return
    key = (context.main_script_path, path)
    page = _page_objects.get(key)
    if page is None:
        page = st.Page(path, default=path == HOME)
        _page_objects[key] = page
    st.page_link(page, label=label, icon=icon, **options)


def menu(catalog: list[Section]) -> None:
    """The sidebar menu, grouped by section, from the catalog."""
    with st.sidebar:
        page_link(HOME, label="Home", icon=HOME_ICON, width="stretch")
        for section in catalog:
            st.markdown(f"**{section.title}**")
            for page in section.pages:
                page_link(page.path, label=page.label, icon=page.icon, help=page.summary, width="stretch")


def start_page(script: str) -> Page | None:
    """Configure the page named by its script's file name and draw the menu."""
    current = site()
    page = find_page(current.catalog, Path(script).stem)
    title = f"{page.title} · {APP_TITLE}" if page else APP_TITLE
    st.set_page_config(page_title=title, page_icon=PAGE_ICON, layout="wide", initial_sidebar_state=SIDEBAR_WIDTH)
    menu(current.catalog)
    return page


def load_topic(topic_id: str) -> Topic:
    """The topic, or an error on the page and a stop (the rest of the app keeps working)."""
    content = site().content
    try:
        topic = content.topic(topic_id)
    except ContentError as error:
        st.title(topic_id.replace("_", " ").capitalize())
        content_error(error)
        st.stop()
    for problem in content.errors_for(topic.path):
        content_error(problem, fatal=False)
    return topic


def table(name: str) -> pd.DataFrame | None:
    """A table's valid rows; its problems are shown on the page. None if it could not be read."""
    content = site().content
    try:
        frame = content.table(name)
    except ContentError as error:
        content_error(error)
        return None
    for problem in content.errors_for(f"data/{name}.csv"):
        content_error(problem, fatal=False)
    return frame


def opener(topic: Topic) -> None:
    """Title, summary and the opening question with its answer hidden until asked for."""
    st.title(topic.meta.title)
    st.caption(f"{topic.meta.summary}  \nSource: {', '.join(topic.meta.sources)}")
    with st.container(border=True):
        st.markdown(f"**Think first.** {topic.meta.opener.question}")
        with st.expander("Reveal an answer"):
            st.markdown(topic.meta.opener.answer)


def explain(topic: Topic) -> None:
    """The explanation, key terms, misconceptions, related topics and the way to the quiz."""
    markdown(reading_text(topic.body))
    st.subheader("Key terms")
    st.markdown("\n".join(f"- **{t.term}**: {t.definition}" for t in topic.meta.key_terms))
    st.subheader("Common misconceptions")
    for item in topic.meta.misconceptions:
        st.markdown(f"- **Myth:** {item.myth}  \n  **In fact:** {item.truth}")
    if topic.meta.related:
        st.subheader("Read next")
        for slug in topic.meta.related:
            topic_link(slug)
    quiz = find_page(site().catalog, "quiz")
    if quiz is not None:
        page_link(quiz.path, label="Check yourself in the quiz", icon=quiz.icon, query_params={"topic": topic.id})


def topic_link(slug: str) -> None:
    """A link to a page of the catalog, if it exists."""
    page = find_page(site().catalog, slug)
    if page is not None:
        page_link(page.path, label=page.title, icon=page.icon, help=page.summary)


def start_here(catalog: list[Section]) -> None:
    """A pointer to the first topic of the first section."""
    first = next((p for section in catalog for p in section.pages if p.topic), None)
    if first is not None:
        with st.container(border=True):
            st.markdown("**New here? Start with the first topic and follow the *Read next* links.**")
            topic_link(first.slug)


def section_map(catalog: list[Section], per_row: int = 3) -> None:
    """Every section as a card with its pages, in menu order."""
    for start in range(0, len(catalog), per_row):
        for column, section in zip(st.columns(per_row), catalog[start : start + per_row], strict=False):
            with column.container(border=True):
                st.markdown(f"#### {section.icon} {section.title}")
                st.caption(section.blurb)
                for page in section.pages:
                    page_link(page.path, label=page.label, icon=page.icon, help=page.summary)


def content_problems(content: Content) -> None:
    """A notice listing broken content files, for authors; pages that need them say so too."""
    if not content.errors:
        return
    st.warning(f"{len(content.errors)} content problem(s): the pages that use these files show the details.")
    with st.expander("Show the problems"):
        st.markdown("\n".join(f"- `{e.path}`, {e.location}: {e.problem}" for e in content.errors))


def query_link(link: str, label: str) -> None:
    """A page link to ``slug?key=value&...`` carrying its query parameters; nothing if the page is unknown."""
    slug, _, query = link.partition("?")
    page = find_page(site().catalog, slug)
    if page is None:
        return
    params = dict(part.split("=", 1) for part in query.split("&") if "=" in part)
    page_link(page.path, label=f"{label}: {page.title}", icon=":material/arrow_forward:", query_params=params or None)


def markdown(text: str) -> None:
    """Draw content or uploaded Markdown bounded (see :mod:`studylab.ui.markdown`): too deep or long is plain text."""
    shown, as_markdown = md.bounded(text)
    if as_markdown:
        st.markdown(shown)
        return
    reasons = "; ".join(md.problems(text)) or "it has a link that is not http(s) or in-app"
    st.caption(f"Shown as plain text: {reasons}.")
    st.text(shown)


_DATABASE_URL = re.compile(r"\b(?:sqlite|postgres|postgresql|mysql|mariadb|mssql|oracle)(?:\+\w+)?://[^\s()`'\"]*")
_SERVER_PATH = re.compile(r"(?<![\w:/.~])(?:~/|/)(?:[\w.\-~]+/)+[\w.\-~]*")


def without_paths(message: str) -> str:
    """``message`` with database URLs and absolute file paths replaced: students never see server paths."""
    return _SERVER_PATH.sub("<server folder>", _DATABASE_URL.sub("<the app's database>", message))
