"""The interactive parts of the principles and qualities pages, driven in AppTest.

Each test opens a page the way a link does (query parameters), moves a widget and checks
what the page shows and what the URL now holds.
"""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from studylab.content.loader import load_content
from studylab.labs.qualities import figures as qf
from studylab.labs.qualities import presets as qp
from studylab.ui import cache
from tests.pages_support import run_page


def metrics(at: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def policy_table(at: AppTest) -> pd.DataFrame:
    frame = next(d.value for d in at.dataframe if "policy" in d.value.columns)
    return frame.set_index("policy")


def test_elasticity_url_reproduces_a_preset_and_a_slider() -> None:
    at = run_page("pages/scalability_elasticity.py", query={"preset": "thrashing", "cooldown": "9"})
    assert not at.exception
    assert at.selectbox(key="preset").value == "thrashing"
    assert at.slider(key="band").value == (60, 70)  # the preset's own value
    assert at.slider(key="cooldown").value == 9  # the URL's value wins over the preset
    assert at.query_params["preset"] == "thrashing"


def test_moving_the_cooldown_slider_calms_the_autoscaler() -> None:
    at = run_page("pages/scalability_elasticity.py", query={"preset": "thrashing"})
    eager = policy_table(at).loc["Autoscaling", "scaling_actions"]
    at.slider(key="cooldown").set_value(20).run()
    calm = policy_table(at).loc["Autoscaling", "scaling_actions"]
    assert eager > 3 * calm
    # Bound sliders write the URL from the browser; a link with the value reproduces the run.
    again = run_page("pages/scalability_elasticity.py", query={"preset": "thrashing", "cooldown": "20"})
    assert policy_table(again).loc["Autoscaling", "scaling_actions"] == calm


def test_picking_a_preset_sets_every_widget() -> None:
    at = run_page("pages/scalability_elasticity.py")
    at.selectbox(key="preset").set_value("sized_for_peak").run()
    assert at.slider(key="fixed").value == 45
    assert policy_table(at).loc["Fixed capacity", "dropped"] == 0
    assert at.query_params["preset"] == "sized_for_peak"
    assert "fixed" not in at.query_params  # the preset's own values stay out of the URL


def test_availability_builder_computes_series_and_parallel() -> None:
    at = run_page("pages/availability_reliability.py", query={"system": "redundant_pair"})
    assert not at.exception
    assert metrics(at)["System availability"] == "99.99%"
    at.slider(key="r1").set_value(1).run()
    assert metrics(at)["System availability"] == "99%"
    linked = run_page("pages/availability_reliability.py", query={"system": "redundant_pair", "r1": "1"})
    assert metrics(linked)["System availability"] == "99%"


def test_dashboard_chain_is_worse_than_each_part_and_the_simulation_agrees() -> None:
    at = run_page("pages/availability_reliability.py", query={"years": "100"})
    shown = metrics(at)
    assert shown["System availability"] == "99.601%"
    formula = float(shown["Formula"].rstrip("%"))
    simulated = float(shown["Simulation"].rstrip("%"))
    assert abs(formula - simulated) < 0.05


def test_reliability_cases_show_availability_and_reliability_apart() -> None:
    at = run_page("pages/availability_reliability.py", query={"case": "weekly_maintenance"})
    shown = metrics(at)
    assert shown["Availability: share of minutes up"] == "98.81%"
    assert shown["Reliability: share of days the job met its standard"] == "100.0%"
    at.slider(key="job_at").set_value(1.0).run()  # now the maintenance window hits the job
    assert metrics(at)["Reliability: share of days the job met its standard"] == "85.8%"


def test_cascade_is_contained_by_loose_coupling_and_can_be_stepped() -> None:
    at = run_page("pages/coupling_and_tiers.py", query={"failed": "orders_db", "coupling": "loose"})
    assert not at.exception
    assert at.segmented_control(key="coupling").value == "loose"
    shown = metrics(at)
    assert int(shown["Down under loose coupling"]) < int(shown["Down under tight coupling"])
    assert any("travels 1 step(s)" in caption.value for caption in at.caption)
    tight = run_page("pages/coupling_and_tiers.py", query={"failed": "orders_db", "step": "1"})
    assert any("travels 2 step(s)" in caption.value for caption in tight.caption)
    assert tight.slider(key="step").value == 1


def test_monolith_vs_microservices_blast_radius() -> None:
    at = run_page("pages/monolith_vs_microservices.py", query={"changed": "revenue_report"})
    assert any("redeploying **9**" in m.value for m in at.markdown)
    at.segmented_control(key="arch").set_value("microservices").run()
    assert any("redeploying **1**" in m.value for m in at.markdown)
    assert at.query_params["arch"] == "microservices"


def test_strangler_steps_and_rollback_through_buttons_and_url() -> None:
    at = run_page("pages/brownfield_vs_greenfield.py", query={"moved": ["finance_close"]})
    assert metrics(at)["Traffic on the new system"] == "15%"
    at.button[0].click().run()  # move the next route in plan order
    assert at.multiselect(key="moved").value == ["finance_close", "sales_reports"]
    assert at.query_params["moved"] == ["finance_close", "sales_reports"]
    at.button[1].click().run()  # roll back the last step
    assert at.multiselect(key="moved").value == ["finance_close"]
    assert metrics(at)["Traffic on the new system"] == "15%"
    at.button[2].click().run()  # big bang
    assert metrics(at)["Traffic on the new system"] == "100%"


def test_bad_url_values_are_ignored() -> None:
    at = run_page("pages/brownfield_vs_greenfield.py", query={"moved": ["nope"], "shiny_x": "1"})
    assert not at.exception and at.multiselect(key="moved").value == []
    at = run_page("pages/scalability_elasticity.py", query={"preset": "<script>", "cooldown": "abc"})
    assert not at.exception
    assert at.selectbox(key="preset").value == "flash_sale"


def test_shiny_object_and_statement_sorting_give_feedback() -> None:
    at = run_page("pages/brownfield_vs_greenfield.py")
    at.segmented_control(key="shiny_startup_streaming").set_value("shiny").run()
    assert any("Right." in caption.value for caption in at.caption)
    at = run_page("pages/operational_vs_technical.py")
    assert any("12 to sort" in m.value for m in at.markdown)
    assert not any("0 of 0" in m.value for m in at.markdown)
    at.segmented_control(key="ovt_fraud_five_minutes").set_value("technical").run()
    assert any("Not quite: What: operational." in caption.value for caption in at.caption)
    assert any("0 of 1" in m.value for m in at.markdown)


def test_statement_cards_are_shuffled_so_no_column_holds_one_answer() -> None:
    at = run_page("pages/operational_vs_technical.py")
    statements = load_content().table("architecture_statements").sort_values("order")
    kinds = dict(zip(statements["id"], statements["kind"], strict=True))
    shown = [c.key.removeprefix("ovt_") for c in at.segmented_control if c.key.startswith("ovt_")]
    assert sorted(shown) == sorted(kinds) and shown != list(statements["id"])
    assert {kinds[s] for s in shown[0::2]} == {kinds[s] for s in shown[1::2]} == {"operational", "technical"}
    at.button(key="ovt_reset").click().run()
    again = [c.key.removeprefix("ovt_") for c in at.segmented_control if c.key.startswith("ovt_")]
    assert again != shown  # a new round deals a new order


def test_scenario_card_marks_principle_and_verdict() -> None:
    at = run_page("pages/authors_principles.py", query={"card": "report_reads_tables"})
    assert not at.exception
    at.selectbox(key="card_principle_report_reads_tables").set_value("authors_build_loosely_coupled_systems")
    at.segmented_control(key="card_verdict_report_reads_tables").set_value("violates").run()
    assert at.success and "Build loosely coupled systems" in at.success[0].value
    next(b for b in at.button if b.label == "Next card").click().run()
    assert at.selectbox(key="card").value == "open_table_format"
    assert at.query_params["card"] == "open_table_format"


def counting(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[int]:
    """Wrap ``module.name`` so each call is counted; the list's length is the count."""
    calls: list[int] = []
    original = getattr(module, name)

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


@pytest.mark.parametrize(
    ("page", "module", "name"),
    [
        ("pages/scalability_elasticity.py", qp, "run_elasticity"),
        ("pages/scalability_elasticity.py", qf, "build_elasticity_figure"),
        ("pages/availability_reliability.py", qf, "build_downtime_figure"),
        ("pages/availability_reliability.py", qf, "build_year_figure"),
        ("pages/coupling_and_tiers.py", qf, "build_service_figure"),
        ("pages/authors_principles.py", qf, "build_principle_figure"),
    ],
)
def test_a_rerun_with_unchanged_inputs_does_not_build_again(
    monkeypatch: pytest.MonkeyPatch, page: str, module: object, name: str
) -> None:
    cache.clear()
    calls = counting(monkeypatch, module, name)
    at = run_page(page)
    assert len(calls) == 1
    at.run()
    assert not at.exception
    assert len(calls) == 1


def tiers_table(at: AppTest) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "design" in d.value.columns).set_index("design")


def test_the_tiers_lab_reconciles_the_table_with_the_books_claim() -> None:
    at = run_page("pages/coupling_and_tiers.py", query={"t1": "1", "t2": "1", "t3": "1"})
    assert not at.exception
    table = tiers_table(at)
    single, split = table.loc["Single-tier: one server runs every tier"], table.loc["Multitier: one server per tier"]
    assert (single["percent"], split["percent"]) == ("99.65%", "99.451%")  # the table, now explained
    assert any("more machines in the chain" in c.value for c in at.caption)
    assert any("not** ahead" in w.value for w in at.warning)
    assert any("The book:" in i.value for i in at.info)
    at.slider(key="t1").set_value(2).run()
    at.slider(key="t2").set_value(2).run()
    at.slider(key="t3").set_value(2).run()
    assert any("the book's claim holds" in s.value for s in at.success)
    linked = run_page("pages/coupling_and_tiers.py", query={"overload_hours": "100", "t1": "1", "t2": "1", "t3": "1"})
    split_wins = tiers_table(linked)
    assert float(split_wins.loc["Multitier: one server per tier", "percent"].rstrip("%")) > float(
        split_wins.loc["Single-tier: one server runs every tier", "percent"].rstrip("%")
    )


@pytest.mark.parametrize("server", ["90", "99.9", "99.999"])
@pytest.mark.parametrize("copies", ["1", "3"])
def test_availability_figures_never_show_100_percent_with_downtime(server: str, copies: str) -> None:
    # Sweep the builder's and the tiers lab's inputs: every shown percent stays below 100.
    stages = {f"a{n}": server for n in range(1, 5)} | {f"r{n}": copies for n in range(1, 5)}
    at = run_page("pages/availability_reliability.py", query={"system": "dashboard_chain", **stages})
    # The simulation's own measurement may truly be 100%: a run with no outage at all.
    values = [m.value for m in at.metric if m.label != "Simulation"] + [c.value for c in at.caption]
    assert values and not any("100%" in v or "100.0" in v for v in values)
    tiers = run_page("pages/coupling_and_tiers.py", query={"server": server, "t1": copies, "t2": copies, "t3": copies})
    table = tiers_table(tiers)
    assert not table["percent"].eq("100%").any() and not table["downtime"].eq("none").any()
