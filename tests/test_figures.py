"""Figure markers: parsing, checking against content, and drawing every simulation preset."""

from __future__ import annotations

from pathlib import Path

import plotly.graph_objects as go
import pytest

from studylab import figures as embeds
from studylab.content.loader import Content, load_content
from studylab.labs.diagrams import model as dg


@pytest.fixture(scope="module")
def graphs(content: Content) -> dict:
    built, _ = dg.load_diagrams(content)
    return built


def test_specs_parse_into_kind_name_and_preset() -> None:
    assert embeds.parse_spec("diagram lambda") == embeds.FigureRef("diagram", "lambda")
    assert embeds.parse_spec(" sim  drift  sudden ") == embeds.FigureRef("sim", "drift", "sudden")


@pytest.mark.parametrize("spec", ["", "lambda", "chart lambda", "diagram lambda extra", "sim a b c"])
def test_malformed_specs_say_what_is_wrong(spec: str) -> None:
    with pytest.raises(ValueError, match="figure|kind|preset"):
        embeds.parse_spec(spec)


@pytest.mark.parametrize(
    ("spec", "problem"),
    [
        ("diagram nowhere", "unknown diagram 'nowhere'"),
        ("sim weather", "unknown simulation 'weather'"),
        ("sim drift tornado", "unknown preset 'tornado' of drift"),
    ],
)
def test_unknown_names_are_problems(content: Content, graphs: dict, spec: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        embeds.resolve(content, spec, set(graphs))


def test_every_preset_of_every_simulation_draws_a_figure(content: Content, graphs: dict) -> None:
    for name in embeds.simulations(content):
        ref = embeds.FigureRef("sim", name)
        presets = embeds.preset_options(content, ref)
        assert presets, name
        for preset in presets:
            figure = embeds.build_embed_figure(content, ref, preset, graphs)
            assert isinstance(figure, go.Figure) and figure.data, (name, preset)
            assert presets[preset] in embeds.caption(content, ref, preset, graphs)


def test_a_simulation_without_preset_uses_its_first(content: Content) -> None:
    ref = embeds.parse_spec("sim elasticity")
    assert embeds.default_preset(content, ref) == next(iter(embeds.preset_options(content, ref)))


def test_the_same_marker_draws_the_same_figure(content: Content, graphs: dict) -> None:
    ref = embeds.parse_spec("sim availability dashboard_chain")
    first = embeds.build_embed_figure(content, ref, None, graphs)
    again = embeds.build_embed_figure(content, ref, None, graphs)
    assert first.to_json() == again.to_json()


def test_diagram_figures_are_the_diagram(content: Content, graphs: dict) -> None:
    figure = embeds.build_embed_figure(content, embeds.parse_spec("diagram lambda"), None, graphs)
    assert "Serving layer" in figure.to_json()
    assert embeds.caption(content, embeds.parse_spec("diagram lambda"), None, graphs) == "Lambda architecture"


def test_every_marker_in_the_content_can_be_drawn(content: Content) -> None:
    assert embeds.check_embeds(content) == []
    assert any(topic.slides and any(s.figures for s in topic.slides) for topic in content.topics.values())


def test_a_bad_marker_is_reported_at_its_file_line(tree: Path) -> None:
    path = tree / "content" / "lambda_architecture.md"
    lines = path.read_text().splitlines()
    at = lines.index("[[figure: diagram lambda]]")
    lines[at] = "[[figure: diagram lamda]]"
    path.write_text("\n".join(lines) + "\n")
    (problem,) = embeds.check_embeds(load_content(tree))
    assert problem.path == "content/lambda_architecture.md"
    assert problem.location == f"line {at + 1}"
    assert "unknown diagram 'lamda'" in problem.problem


def test_body_offset_skips_front_matter_and_blank_lines() -> None:
    assert embeds.body_offset("---\nid: x\n---\n\n\nbody\n") == 5
    assert embeds.body_offset("no front matter\n") == 0


def test_every_renderer_has_a_row_and_every_row_a_renderer(content: Content) -> None:
    assert set(embeds.simulations(content)) == set(embeds.RENDERERS)
    assert embeds.check_registry(content) == []


def test_the_streaming_simulations_can_be_embedded(content: Content) -> None:
    for name in ("dataflow", "lambda", "kappa"):
        ref = embeds.resolve(content, f"sim {name} offline_phones", set())
        assert isinstance(embeds.build_embed_figure(content, ref, None, {}), go.Figure)


def test_a_registry_row_without_a_renderer_is_a_content_error(tree: Path) -> None:
    path = tree / "data" / "figures.csv"
    path.write_text(path.read_text() + "tides,9,load_presets,label,The tide\n")
    problems = embeds.check_registry(load_content(tree))
    assert [(p.path, p.problem) for p in problems] == [
        ("data/figures.csv", "no renderer for simulation 'tides' in studylab/figures.py")
    ]


def test_a_renderer_without_a_row_is_a_content_error(tree: Path) -> None:
    path = tree / "data" / "figures.csv"
    path.write_text("\n".join(line for line in path.read_text().splitlines() if not line.startswith("kappa,")) + "\n")
    content = load_content(tree)
    assert "kappa" not in embeds.simulations(content)
    assert [p.problem for p in embeds.check_registry(content)] == ["simulation 'kappa' can be drawn but has no row"]


def test_a_prediction_spec_is_drawable_only_if_it_names_a_simulation_and_preset(content: Content) -> None:
    assert embeds.drawable(content, "sim kappa bug_fix_reprocessing")
    assert not embeds.drawable(content, "sim kappa no_such_preset")
    assert not embeds.drawable(content, "sim tides")
    assert not embeds.drawable(content, "diagram lambda")
    assert embeds.describe(content, "sim kappa bug_fix_reprocessing").startswith("Kappa: one log")
    assert embeds.describe(content, "nonsense") == "nonsense"


def test_a_slide_offers_sliders_that_start_at_the_preset_and_change_the_figure(content: Content, graphs: dict) -> None:
    for name in embeds.SLIDERS:
        ref = embeds.FigureRef("sim", name)
        for preset in embeds.preset_options(content, ref):
            pairs = embeds.slide_controls(content, ref, preset)
            assert pairs, (name, preset)
            assert all(control.name not in embeds.NOT_ON_SLIDES for control, _ in pairs)
            plain = embeds.build_embed_figure(content, ref, preset, graphs)
            # The preset's own values give the preset's figure...
            same = embeds.build_embed_figure(content, ref, preset, graphs, {c.name: v for c, v in pairs})
            assert same.to_json() == plain.to_json(), (name, preset)
        # ...and moving one slider to an end of its range gives another figure.
        control, start = pairs[0]
        moved = control.maximum if start != control.maximum else control.minimum
        other = embeds.build_embed_figure(content, ref, preset, graphs, {control.name: moved})
        assert other.to_json() != plain.to_json(), (name, control.name)


def test_dataflow_slides_offer_only_the_sliders_of_the_presets_window(content: Content) -> None:
    ref = embeds.FigureRef("sim", "dataflow")
    table = content.table("stream_presets").set_index("id")
    for preset in embeds.preset_options(content, ref):
        names = {control.name for control, _ in embeds.slide_controls(content, ref, preset)}
        window = table.loc[preset, "window"]
        assert ("gap" in names) == (window == "session"), preset
        assert ("slide" in names) == (window == "sliding"), preset
        assert ("lag" in names) == (table.loc[preset, "watermark"] == "heuristic"), preset


def test_availability_and_tiers_change_only_their_preset_on_a_slide(content: Content) -> None:
    for name in ("availability", "tiers"):
        ref = embeds.FigureRef("sim", name)
        assert embeds.slide_controls(content, ref, None) == []
