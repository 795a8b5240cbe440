"""Hostile content: whatever bytes an author saves, the loader answers with a ContentError or a result."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studylab.content.loader import ContentError, Topic, parse_table, parse_topic
from studylab.content.schemas import TABLES

FRONT_MATTER_PIECES = st.sampled_from(
    [
        "---\n",
        "id: x\n",
        "title: T\n",
        "order: [1\n",
        "key_terms:\n  - term: a\n",
        "opener: {question: q}\n",
        ": : :\n",
        "- - -\n",
        "\t\x00\n",
        "related: !!python/object:os.system ls\n",
        "sources: ['FDE ch. 3']\n",
        "&a [*a]\n",
        "Note: n\n",
        "```\n",
        "body text\n",
    ]
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(FRONT_MATTER_PIECES, max_size=12).map("".join) | st.text(max_size=400))
def test_topic_parser_never_raises_anything_else(text: str) -> None:
    try:
        result = parse_topic(text, "content/x.md")
    except ContentError as error:
        assert error.path == "content/x.md" and error.location and error.problem
    else:
        assert isinstance(result, Topic)


CSV_CELLS = st.sampled_from(["", "x", "1", "-1", "1.5", '"a,b"', '"', "a|b", "\r", "true", ":material/x:", "é"])


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(
    spec=st.sampled_from(TABLES),
    header_mode=st.sampled_from(["exact", "shuffled", "random"]),
    rows=st.lists(st.lists(CSV_CELLS, max_size=12).map(",".join), max_size=6),
    noise=st.text(max_size=40),
)
def test_table_parser_never_raises(spec, header_mode: str, rows: list[str], noise: str) -> None:  # type: ignore[no-untyped-def]
    columns = list(spec.row.model_fields)
    if header_mode == "shuffled":
        columns = columns[::-1]
    header = noise if header_mode == "random" else ",".join(columns)
    text = "\n".join([header, *rows])
    frame, problems = parse_table(text, spec, "data/t.csv")
    assert all(isinstance(p, ContentError) for p in problems)
    if frame is not None:
        assert list(frame.columns)[: len(spec.row.model_fields)] == list(spec.row.model_fields)
        for record in frame.drop(columns="_line").to_dict("records"):
            spec.row.model_validate(record)  # every kept row is valid
