"""The diagram explorer, compare tool and concept map, run in AppTest.

Plotly charts cannot be clicked in AppTest: a click's effect is injected through
the session state key the click sets (``ui_diagrams.NODE_KEY``).
"""

from __future__ import annotations

from pathlib import Path

import plotly.graph_objects as go
import plotly.io
from streamlit.testing.v1 import AppTest

from studylab.labs.diagrams import face as ud
from tests.pages_support import run_page

LAMBDA = "pages/lambda_architecture.py"


def _texts(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def _button(at: AppTest, name: str):  # type: ignore[no-untyped-def]
    return at.button(key=f"diagram_{name}")


def test_an_injected_node_selection_shows_its_explanation_and_goes_into_the_url() -> None:
    at = run_page(LAMBDA)
    assert "Serves the stream job's results" not in _texts(at)
    at.session_state[ud.NODE_KEY] = "speed_layer"
    at.run()
    assert not at.exception
    assert "**Speed layer (NoSQL)** · Storage" in _texts(at)
    assert "Serves the stream job's results" in _texts(at)
    assert at.query_params[ud.NODE_PARAM] == "speed_layer"


def test_a_link_with_a_node_reopens_its_explanation() -> None:
    at = run_page("pages/mlops_definition.py", query={"node": "deployment"})
    assert not at.exception
    text = _texts(at)
    assert "**Package and deploy**" in text
    assert "Without MLOps each release is a hand-made project" in text
    assert "**Software Engineers**" in text  # who depends on it, from the roles table


def test_next_follows_both_lambda_paths_until_they_meet_in_serving() -> None:
    at = run_page(LAMBDA)
    assert "The record waits at **Immutable event source**" in _texts(at)
    _button(at, "next").click().run()
    step = _texts(at)
    assert "**Step 1 of 4**" in step
    assert "Immutable event source → Batch layer" in step and "Immutable event source → Stream processing" in step
    _button(at, "next").click().run()
    _button(at, "next").click().run()
    step = _texts(at)
    assert "**Step 3 of 4**" in step
    assert "Batch views → Serving layer" in step and "Speed layer (NoSQL) → Serving layer" in step
    assert at.query_params[ud.HOP_KEY] == "3"
    _button(at, "back").click().run()
    assert "**Step 2 of 4**" in _texts(at)


def test_next_stops_at_the_last_step() -> None:
    at = run_page("pages/kappa_architecture.py", query={"hop": "4"})
    assert "**Step 4 of 4**" in _texts(at)
    assert _button(at, "next").disabled


def test_variant_switch_and_nonsense_url_parameters() -> None:
    at = run_page("pages/data_warehouse.py", query={"variant": "warehouse_elt", "node": "etl", "hop": "99"})
    assert not at.exception and not at.error
    text = _texts(at)
    assert "**Data warehouse with ELT.**" in text
    assert "The record waits at" in text  # hop 99 does not exist: back to the start
    assert ud.NODE_PARAM not in at.query_params  # the ETL box does not exist in ELT
    at.session_state[ud.VARIANT_KEY] = "warehouse_etl"
    at.run()
    at.session_state[ud.NODE_KEY] = "etl"
    at.run()
    assert "**ETL: extract and transform**" in _texts(at)
    assert ud.VARIANT_PARAM not in at.query_params  # the first variant is the default


def test_compare_shows_computed_code_paths() -> None:
    at = run_page("pages/compare.py")
    assert not at.exception and not at.error
    (table,) = at.table
    frame = table.value
    assert list(frame.columns) == ["Lambda architecture", "Kappa architecture"]
    assert frame.loc["Code paths (computed)"].tolist() == ["2", "1"]
    shown = [c.value for c in at.caption] + [m.value for m in at.markdown] + [i.value for i in at.info]
    assert not any("data/" in text or ".csv" in text for text in shown)  # no file paths for students
    assert any("our reading" in text for text in shown)
    at = run_page("pages/compare.py", query={"left": "warehouse_etl", "right": "nonsense"})
    assert at.table[0].value.columns[0] == "Data warehouse with ETL"
    assert at.query_params["right"] == "kappa"


def test_concept_map_selection_opens_the_topic() -> None:
    at = run_page("app.py")
    at.session_state[ud.CONCEPT_KEY] = "kappa_architecture"
    at.run()
    assert not at.exception
    assert "Comes after: Lambda architecture." in _texts(at)
    assert at.query_params[ud.CONCEPT_PARAM] == "kappa_architecture"


def test_a_broken_diagram_table_is_reported_and_the_page_still_works(use_tree: Path) -> None:
    edges = use_tree / "data/diagram_edges.csv"
    edges.write_text(edges.read_text().replace("lambda,serving_layer,dashboards", "lambda,serving_layer,nowhere"))
    at = run_page(LAMBDA, root=use_tree)
    assert not at.exception
    assert any("data/diagram_edges.csv" in e.value and "nowhere" in e.value for e in at.error)
    assert at.title[0].value == "Lambda architecture"
    assert "## The idea in plain words" in _texts(at)  # the explanation still renders


def test_a_missing_diagram_table_hides_only_the_explorer(use_tree: Path) -> None:
    (use_tree / "data/diagram_nodes.csv").unlink()
    at = run_page(LAMBDA, root=use_tree)
    assert not at.exception
    assert any("data/diagram_nodes.csv" in e.value for e in at.error)
    assert "Explore the architecture" not in [h.value for h in at.subheader]


def test_a_frozen_figure_gives_the_same_dict_every_time() -> None:
    figure = go.Figure(go.Scatter(x=[1, 2], y=[3, 4], customdata=["a", "b"]))
    frozen = ud.FrozenFigure(figure)
    assert frozen.to_dict() == figure.to_dict()
    assert frozen.to_dict() is frozen.to_dict()
    assert plotly.io.to_json(frozen.to_dict(), validate=False) == plotly.io.to_json(figure, validate=False)


def test_a_clicked_arrow_says_what_it_carries_until_a_part_is_chosen() -> None:
    at = run_page(LAMBDA)
    at.session_state[ud.EDGE_KEY] = ("source", "batch_layer")
    at.run()
    assert not at.exception
    assert "→ Batch layer: append to the master dataset" in _texts(at)
    at.selectbox(key=ud.NODE_KEY).set_value("speed_layer").run()
    assert "append to the master dataset" not in _texts(at)
