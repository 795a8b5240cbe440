"""The app under test: one Streamlit server for the whole browser run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.serving import Server, streamlit_server


@pytest.fixture(scope="session")
def app() -> Iterator[Server]:
    """The app served from this checkout on a free loopback port, stopped at the end of the run."""
    with streamlit_server() as server:
        yield server
