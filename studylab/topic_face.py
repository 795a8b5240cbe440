"""The one topic page: opening question, the exhibits the topic lists, then the explanation.

Every ``pages/<topic>.py`` is the same two lines::

    from studylab.topic_face import topic_page

    topic_page(__file__)
"""

from __future__ import annotations

import importlib
from pathlib import Path

from studylab.content.loader import ContentError
from studylab.exhibits import EXHIBITS, Exhibit
from studylab.ui import site


def show(exhibit: Exhibit, topic_id: str) -> None:
    """Draw one exhibit; nothing (its tables' problems are already shown) if a table is unusable."""
    module, _, name = exhibit.face.partition(":")
    draw = getattr(importlib.import_module(module), name)
    tables = [site.table(table) for table in exhibit.tables]
    if any(frame is None for frame in tables):
        return
    draw(*([topic_id] if exhibit.topic else []), *exhibit.args, *tables)


def topic_page(script: str) -> None:
    """The whole page of the topic whose id is the script's file name."""
    site.start_page(script)
    topic = site.load_topic(Path(script).stem)
    site.opener(topic)
    for name in topic.meta.shows:
        exhibit = EXHIBITS.get(name)
        if exhibit is None:
            site.content_error(ContentError(topic.path, "field shows", f"unknown exhibit {name!r}"), fatal=False)
        else:
            show(exhibit, topic.id)
    site.explain(topic)
