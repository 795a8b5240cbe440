"""Every schema field is documented; every table has a file."""

from __future__ import annotations

from studylab.content.loader import ROOT
from studylab.content.schemas import TABLES, Strict, TopicMeta


def _models() -> list[type[Strict]]:
    seen: list[type[Strict]] = [TopicMeta, *(spec.row for spec in TABLES)]
    for model in list(seen):
        for field in model.model_fields.values():
            for candidate in getattr(field.annotation, "__args__", (field.annotation,)):
                if isinstance(candidate, type) and issubclass(candidate, Strict) and candidate not in seen:
                    seen.append(candidate)
    return seen


def test_every_field_has_a_docstring() -> None:
    undocumented = [
        f"{model.__name__}.{name}"
        for model in _models()
        for name, field in model.model_fields.items()
        if not field.description
    ]
    assert undocumented == []


def test_every_schema_forbids_unknown_fields() -> None:
    assert all(model.model_config.get("extra") == "forbid" for model in _models())


def test_every_declared_table_has_a_file_and_no_file_lacks_a_schema() -> None:
    declared = {spec.name for spec in TABLES}
    present = {path.stem for path in (ROOT / "data").glob("*.csv")}
    assert declared == present
