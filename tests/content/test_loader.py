"""The loader: the real content validates, and each kind of broken file is named precisely."""

from __future__ import annotations

from pathlib import Path

import pytest

from studylab.content.loader import Content, ContentError, load_content, parse_table, parse_topic
from studylab.content.schemas import TABLES

SPECS = {spec.name: spec for spec in TABLES}


def errors_in(root: Path, rel: str) -> list[ContentError]:
    return [e for e in load_content(root).errors if e.path == rel]


def test_real_content_has_no_problems(content: Content) -> None:
    assert [str(e) for e in content.errors] == []


def test_every_declared_table_is_loaded(content: Content) -> None:
    assert set(content.tables) == set(SPECS)
    assert all(len(frame) > 0 for frame in content.tables.values())


def test_topic_ids_equal_file_stems(content: Content) -> None:
    assert all(Path(t.path).stem == t.id for t in content.topics.values())


def test_bad_yaml_names_the_line(tree: Path) -> None:
    path = tree / "content/data_architecture.md"
    path.write_text(path.read_text().replace("order: 1", "order: [1", 1))
    (error,) = errors_in(tree, "content/data_architecture.md")
    assert error.location.startswith("line ")
    assert "bad YAML" in error.problem


def test_missing_required_field(tree: Path) -> None:
    path = tree / "content/data_architecture.md"
    lines = [line for line in path.read_text().splitlines() if not line.startswith("summary:")]
    path.write_text("\n".join(lines))
    (error,) = errors_in(tree, "content/data_architecture.md")
    assert "summary" in error.location
    assert "required" in error.problem


def test_unknown_field_names_its_line(tree: Path) -> None:
    path = tree / "content/data_architecture.md"
    path.write_text(path.read_text().replace("order: 1\n", "order: 1\ncolour: blue\n", 1))
    (error,) = errors_in(tree, "content/data_architecture.md")
    assert error.location == "line 6 (colour)"
    assert error.problem == "unknown field"


def test_minimal_topic_parses() -> None:
    assert parse_topic(_minimal_topic("x"), "content/x.md").meta.title == "T"


def test_id_must_match_file_name() -> None:
    with pytest.raises(ContentError, match="must equal the file name"):
        parse_topic(_minimal_topic("other"), "content/x.md")


def test_missing_front_matter() -> None:
    with pytest.raises(ContentError) as info:
        parse_topic("# Just a heading\n", "content/x.md")
    assert info.value.location == "line 1"


def test_csv_missing_column() -> None:
    frame, problems = parse_table("id,title,icon,order\nx,X,:material/home:,1\n", SPECS["sections"], "data/s.csv")
    assert frame is None
    assert [str(p) for p in problems] == ["data/s.csv:line 1: missing column(s): blurb"]


def test_csv_unknown_column() -> None:
    text = "id,title,icon,order,blurb,extra\nx,X,:material/home:,1,B,?\n"
    frame, problems = parse_table(text, SPECS["sections"], "data/s.csv")
    assert frame is None
    assert "unknown column(s): extra" in problems[0].problem


def test_csv_wrong_type_names_line_and_column() -> None:
    text = "id,title,icon,order,blurb\nx,X,:material/home:,1,B\ny,Y,:material/home:,first,B\n"
    frame, problems = parse_table(text, SPECS["sections"], "data/s.csv")
    assert frame is not None and list(frame["id"]) == ["x"]  # the good row survives
    (problem,) = problems
    assert problem.location == "line 3, column order"
    assert "'first'" in problem.problem


def test_csv_disallowed_value() -> None:
    text = "id,framework,order,name,summary,topic\np,azure,1,N,S,t\n"
    _, problems = parse_table(text, SPECS["principles"], "data/p.csv")
    assert problems[0].location == "line 2, column framework"


def test_csv_duplicate_key() -> None:
    text = "id,title,icon,order,blurb\nx,X,:material/home:,1,B\nx,X2,:material/home:,2,B\n"
    frame, problems = parse_table(text, SPECS["sections"], "data/s.csv")
    assert frame is not None and len(frame) == 1
    assert "duplicate x (first on line 2)" in problems[0].problem


def test_csv_ragged_row() -> None:
    text = "id,title,icon,order,blurb\nx,X,:material/home:,1\n"
    _, problems = parse_table(text, SPECS["sections"], "data/s.csv")
    assert problems[0].problem == "fewer cells than columns"


def test_dangling_topic_reference(tree: Path) -> None:
    path = tree / "content/data_architecture.md"
    path.write_text(path.read_text().replace("related: [", "related: [no_such_topic, ", 1))
    (error,) = errors_in(tree, "content/data_architecture.md")
    assert "(related)" in error.location
    assert "'no_such_topic'" in error.problem


def test_dangling_table_reference(tree: Path) -> None:
    path = tree / "data/pages.csv"
    path.write_text(path.read_text().replace(",study,", ",nowhere,", 1))
    (error,) = errors_in(tree, "data/pages.csv")
    assert error.location == "line 2, column section"
    assert "'nowhere'" in error.problem


def test_unknown_table_is_reported(tree: Path) -> None:
    (tree / "data/stray.csv").write_text("a,b\n1,2\n")
    (error,) = errors_in(tree, "data/stray.csv")
    assert "no schema declares this table" in error.problem


def test_not_utf8_is_reported(tree: Path) -> None:
    (tree / "content/data_architecture.md").write_bytes(b"---\nid: \xff\n---\n")
    (error,) = errors_in(tree, "content/data_architecture.md")
    assert error.problem == "not valid UTF-8 text"


def test_broken_topic_is_left_out_but_others_load(tree: Path) -> None:
    (tree / "content/data_architecture.md").write_text("---\nid: [\n---\nbody\n")
    content = load_content(tree)
    assert "data_architecture" not in content.topics
    assert len(content.topics) > 1
    with pytest.raises(ContentError):
        content.topic("data_architecture")


def _minimal_topic(topic_id: str) -> str:
    return (
        f"---\nid: {topic_id}\ntitle: T\nsection: foundations\norder: 1\nsummary: S\n"
        "opener: {question: Q, answer: A}\nkey_terms: [{term: T, definition: D}]\n"
        "misconceptions: [{myth: M, truth: T}]\nsources: ['FDE ch. 3']\n---\nBody\n"
    )


def test_empty_optional_reference_is_not_a_dangling_reference(tree: Path) -> None:
    path = tree / "data/questions.csv"
    lines = path.read_text().splitlines()
    # Blank the link of the first question only: the column then mixes text and empty cells.
    first = lines[1].rsplit(",", 1)[0] + ","
    path.write_text("\n".join([lines[0], first, *lines[2:]]) + "\n")
    assert errors_in(tree, "data/questions.csv") == []


def test_a_question_tag_without_a_misconception_row_is_reported(tree: Path) -> None:
    path = tree / "data/questions.csv"
    path.write_text(path.read_text().replace("|architecture_is_tools|", "|architecture_is_toolz|", 1))
    (error,) = errors_in(tree, "data/questions.csv")
    assert error.location == "line 2, column misconceptions"
    assert "architecture_is_toolz" in error.problem
