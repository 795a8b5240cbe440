"""content/records.py: a table's rows as plain records, by id and in order."""

from __future__ import annotations

import pandas as pd

from studylab.content.records import by_id, records


def test_rows_by_id_follow_the_order_column_unless_told_not_to() -> None:
    frame = pd.DataFrame({"id": ["b", "a", 3], "order": [2, 1, 3], "label": ["B", "A", "C"]})
    assert list(by_id(frame)) == ["a", "b", "3"]
    assert list(by_id(frame, None)) == ["b", "a", "3"]
    assert by_id(frame)["a"] == {"id": "a", "order": 1, "label": "A"}


def test_records_keep_the_frames_order() -> None:
    frame = pd.DataFrame({"id": ["x", "y"], "text": ["one", "two"]})
    assert records(frame) == ({"id": "x", "text": "one"}, {"id": "y", "text": "two"})
