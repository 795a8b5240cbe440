"""The streaming simulations on their pages, driven through AppTest: widgets, URL state, read-outs."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from streamlit.testing.v1 import AppTest

from studylab.content.loader import load_content
from studylab.labs.streaming import dataflow as dataflow_model
from studylab.labs.streaming import figures
from studylab.ui import cache
from tests.pages_support import run_page

DATAFLOW = "pages/dataflow_model.py"
LAMBDA = "pages/lambda_architecture.py"
KAPPA = "pages/kappa_architecture.py"


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: str(m.value) for m in at.metric}


def text(at: AppTest) -> str:
    parts = [*at.markdown, *at.caption, *at.success, *at.warning, *at.info]
    return "\n".join(str(p.value) for p in parts)


def test_preset_titles_are_unique_because_older_links_name_presets_by_title() -> None:
    titles = load_content().table("stream_presets")["title"]
    assert titles.is_unique


def preset_title(preset_id: str) -> str:
    presets = load_content().table("stream_presets").set_index("id")
    return str(presets.loc[preset_id, "title"])


@pytest.mark.parametrize(
    ("path", "heading", "labels"),
    [
        (DATAFLOW, "Play with the Dataflow model", {"Latency", "Completeness", "Panes emitted"}),
        (LAMBDA, "Run a Lambda architecture", {"Served error (mean)", "Batch view staleness", "Events processed"}),
        (KAPPA, "Run a Kappa architecture", {"Log at deploy", "Catch-up time", "Error after switching"}),
    ],
)
def test_simulation_renders_with_read_outs(path: str, heading: str, labels: set[str]) -> None:
    at = run_page(path)
    assert not at.exception, [e.value for e in at.exception]
    assert heading in [h.value for h in at.subheader]
    assert labels <= set(metrics(at))
    assert "What to notice." in text(at)


@pytest.mark.parametrize("window", ["Fixed", "Sliding", "Session"])
def test_every_window_kind_renders(window: str) -> None:
    at = run_page(DATAFLOW, query={"window": window, "early": "1.0", "lateness": "5.0"})
    assert not at.exception, [e.value for e in at.exception]
    assert at.radio(key="window").value == window.lower()
    assert int(metrics(at)["Panes emitted"].replace(",", "")) > 0


def test_dataflow_page_shows_batch_is_a_bounded_stream() -> None:
    at = run_page(DATAFLOW, query={"watermark": "Perfect"})
    assert "Batch is a bounded stream." in text(at)
    assert "1 pane each, equal to the batch answer in 100% of windows" in text(at)
    assert "the final panes reach the same answer in every window" in text(at)


def test_dataflow_page_says_when_the_stream_lost_late_data() -> None:
    at = run_page(DATAFLOW, query={"preset": preset_title("offline_phones"), "lateness": "0"})
    assert "late events were dropped" in text(at)
    assert int(metrics(at)["Late events dropped"].replace(",", "")) > 0


def test_a_link_reproduces_a_run() -> None:
    query = {"preset": "offline_phones", "lag": "3.0", "seed": "5", "window": "Fixed"}
    first, second = run_page(DATAFLOW, query=query), run_page(DATAFLOW, query=query)
    assert first.slider(key="lag").value == 3.0
    assert first.number_input(key="seed").value == 5
    assert first.radio(key="window").value == "fixed"
    assert first.selectbox(key="preset").value == "offline_phones"
    assert metrics(first) == metrics(second)


def test_an_older_link_naming_the_preset_by_title_still_opens_it() -> None:
    at = run_page(DATAFLOW, query={"preset": preset_title("offline_phones")})
    assert at.selectbox(key="preset").value == "offline_phones"
    assert at.query_params["preset"] == "offline_phones"


def test_an_unknown_preset_falls_back_to_the_first_with_a_notice() -> None:
    at = run_page(DATAFLOW, query={"preset": "no such preset"})
    assert at.selectbox(key="preset").value == "steady_sensors"
    assert any("does not exist" in str(i.value) for i in at.info)


def test_choosing_a_preset_puts_its_id_in_the_url() -> None:
    at = run_page(DATAFLOW)
    at.selectbox(key="preset").set_value("flaky_network").run()
    assert at.query_params["preset"] == "flaky_network"


def test_nonsense_url_parameters_are_ignored() -> None:
    at = run_page(DATAFLOW, query={"preset": "no such preset", "lag": "abc", "window": "round", "events": "-4"})
    assert not at.exception
    assert at.selectbox(key="preset").value == "steady_sensors"
    assert at.radio(key="window").value == "fixed"


def test_choosing_a_preset_sets_every_control_to_it() -> None:
    at = run_page(DATAFLOW, query={"lag": "7.0"})
    at.selectbox(key="preset").set_value("offline_phones").run()
    presets = load_content().table("stream_presets").set_index("id")
    phones = presets.loc["offline_phones"]
    assert at.slider(key="lag").value == phones["lag_min"]
    assert at.slider(key="events").value == phones["events"]
    assert at.radio(key="window").value == phones["window"]
    assert at.slider(key="lateness").value == phones["allowed_lateness_min"]


def test_moving_the_lag_trades_latency_for_completeness() -> None:
    at = run_page(DATAFLOW, query={"preset": preset_title("flaky_network")})
    before = metrics(at)
    at.slider(key="lag").set_value(10.0).run()
    after = metrics(at)
    assert not at.exception
    assert float(after["Latency"].split()[0]) > float(before["Latency"].split()[0])
    assert float(after["Completeness"].rstrip("%")) > float(before["Completeness"].rstrip("%"))


def test_lambda_bug_in_one_path_is_named_and_changes_the_error() -> None:
    clean = run_page(LAMBDA, query={"bug": "None"})
    buggy = run_page(LAMBDA, query={"bug": "Batch"})
    assert "The bug: the batch path filters out values below" in text(buggy)
    assert metrics(buggy)["Served error (mean)"] != metrics(clean)["Served error (mean)"]


def test_kappa_with_enough_retention_ends_exact_and_without_it_does_not() -> None:
    title = preset_title("bug_fix_reprocessing")
    short = run_page(KAPPA, query={"preset": title})
    long = run_page(KAPPA, query={"preset": title, "retention": "240.0"})
    assert metrics(long)["Error after switching"] == "0.0%"
    assert metrics(short)["Error after switching"] != "0.0%"
    assert metrics(long)["Deleted before it"] == "0"


def test_pages_link_to_each_other_with_the_same_stream() -> None:
    at = run_page(LAMBDA, query={"seed": "42", "preset": preset_title("offline_phones")})
    links = [(Path(link.proto.page).stem, link.proto.query_string) for link in at.main.get("page_link")]
    for slug in ("dataflow_model", "kappa_architecture"):
        query = next(q for stem, q in links if stem == slug and q)
        assert "seed=42" in query and "preset=offline_phones" in query
        target = run_page(f"pages/{slug}.py", query=dict(parse_qsl(query)))
        assert target.number_input(key="seed").value == 42
        assert target.selectbox(key="preset").value == "offline_phones"


def test_broken_presets_table_shows_an_error_and_the_page_still_works(use_tree: Path) -> None:
    (use_tree / "data" / "stream_presets.csv").write_text("id,title\nx,y\n", encoding="utf-8")
    at = run_page(DATAFLOW, root=use_tree)
    assert not at.exception
    assert any("stream_presets.csv" in e.value for e in at.error)
    assert at.title[0].value


def counting(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[int]:
    """Wrap ``module.name`` so each call is counted; the list's length is the count."""
    calls: list[int] = []
    original = getattr(module, name)

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_a_rerun_with_unchanged_inputs_reemits_instead_of_rebuilding(monkeypatch: pytest.MonkeyPatch) -> None:
    cache.clear()
    figure_calls = counting(monkeypatch, figures, "build_event_time_figure")
    run_calls = counting(monkeypatch, dataflow_model, "simulate_dataflow")
    at = run_page(DATAFLOW)
    first = (len(figure_calls), len(run_calls))
    at.run()
    at.run()
    assert not at.exception
    assert first[0] == 1 and first[1] > 0
    assert (len(figure_calls), len(run_calls)) == first


def test_a_changed_input_builds_again(monkeypatch: pytest.MonkeyPatch) -> None:
    cache.clear()
    figure_calls = counting(monkeypatch, figures, "build_event_time_figure")
    at = run_page(DATAFLOW)
    at.selectbox(key="show").set_value(1).run()
    assert len(figure_calls) == 2
