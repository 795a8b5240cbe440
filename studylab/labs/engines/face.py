"""What the engine labs' faces share: this session's scratch folder and warehouse, and the star schema.

Each lab has its own face (``warehouse_face``, ``lake_face``, ``lakehouse_face``, ``stack_face``);
the engines themselves are driven by the pure models beside them (``warehouse``, ``lake``,
``lakehouse``, ``data_stack``) and drawn by ``figures``.

Scratch files live in one temporary folder per session (:class:`~studylab.labs.engines.workspace.Workspace`)
and each session queries its own DuckDB warehouse. Both are kept in ``st.session_state``, never in
``st.cache_resource``: any browser can send Streamlit's ``clear_cache`` message, which empties every
resource cache of the process (Streamlit offers no setting to refuse it), so the caches
(``studylab.ui.cache``) hold only what can be rebuilt from content (the star schema, the sales
batches, figures). The folder is deleted when the session's state is dropped (the workspace's
finalizer); nothing is written inside the repository.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from studylab.labs.engines.workspace import Workspace
from studylab.ui import cache
from studylab.ui import site as ui
from studylab.ui.notes import note

LAKE_SEED = 5
"""Seed of the generated clickstream and tickets in the lake (the sales come from the warehouse)."""

WORKSPACE_KEY = "_engines_workspace"
WAREHOUSE_KEY = "_engines_warehouse"
"""Session-state keys of this session's scratch folder and of its warehouse (with the content stamp)."""

STAR_TABLES = ("wh_products", "wh_stores", "wh_segments", "wh_settings")
"""The tables the star schema is built from, in the order :func:`build_star` takes them."""


def workspace() -> Workspace:
    """This session's scratch folder, made on first use; deleted when the session's state is dropped."""
    held = st.session_state.get(WORKSPACE_KEY)
    if not isinstance(held, Workspace) or held.closed:
        held = Workspace("engines")
        st.session_state[WORKSPACE_KEY] = held
    return held


def tables(*names: str) -> dict[str, pd.DataFrame] | None:
    """The named tables, their problems shown on the page; None if one cannot be read or is empty."""
    frames = {name: ui.table(name) for name in names}
    if any(frame is None or frame.empty for frame in frames.values()):
        return None
    return {name: frame for name, frame in frames.items() if frame is not None}


def star_tables() -> tuple[cache.Table, ...]:
    """The star schema's tables as cache inputs (pass them to :func:`build_star` through ``cache.cached``)."""
    return tuple(cache.Table(name) for name in STAR_TABLES)


def build_star(
    products: pd.DataFrame, stores: pd.DataFrame, segments: pd.DataFrame, settings: pd.DataFrame
) -> dict[str, pd.DataFrame] | None:
    """The warehouse's star schema from its content tables; None without a ``default`` settings row."""
    from studylab.labs.engines.warehouse import build_star_schema

    indexed = settings.set_index("id")
    if products.empty or stores.empty or segments.empty or "default" not in indexed.index:
        return None
    return build_star_schema(products, stores, segments, indexed.loc["default"])


def star() -> dict[str, pd.DataFrame] | None:
    """The warehouse's star schema (cached per process and content version); None if its content is broken."""
    if tables(*STAR_TABLES) is None:
        return None
    result = cache.cached(build_star, *star_tables())
    if result is None:
        st.error(note("wh_no_default"), icon=":material/error:")
    return result


def built_star() -> dict[str, pd.DataFrame] | None:
    """The cached star schema, for builders that start from it (no message; :func:`star` shows one)."""
    return cache.cached(build_star, *star_tables())


def _warehouse_template() -> Any:
    """The star schema as a DuckDB file that each session copies (once per content version)."""
    from studylab.labs.engines.sql_box import WarehouseTemplate

    built = built_star()
    return None if built is None else WarehouseTemplate(built)


def warehouse() -> Any:
    """This session's read-only DuckDB warehouse, rebuilt when the content changes."""
    from studylab.labs.engines.sql_box import Warehouse

    built = star()
    if built is None:
        return None
    stamp = ui.content_version()
    held = st.session_state.get(WAREHOUSE_KEY)
    if held is not None and held[0] == stamp:
        return held[1]
    if held is not None:
        held[1].close()
    template = cache.cached(_warehouse_template)
    session_warehouse = Warehouse(template or built, scratch=workspace().reset("duckdb_spill"))
    st.session_state[WAREHOUSE_KEY] = (stamp, session_warehouse)
    return session_warehouse
