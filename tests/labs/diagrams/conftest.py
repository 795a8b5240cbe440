"""The real diagrams, built once per module, for the diagram tests."""

from __future__ import annotations

import networkx as nx
import pytest

from studylab.content.loader import Content
from studylab.labs.diagrams import model as dg


@pytest.fixture(scope="module")
def graphs(content: Content) -> dict[str, nx.DiGraph]:
    built, problems = dg.load_diagrams(content)
    assert problems == []
    return built
