"""The drills exhibit in AppTest: every listed page has something to do, with feedback."""

from __future__ import annotations

import pytest

from tests.pages_support import run_page

DRILL_PAGES = [
    "aws_well_architected",
    "google_cloud_native",
    "authors_principles",
    "data_architecture",
    "good_vs_bad_architecture",
    "domains_and_services",
]


@pytest.mark.parametrize("topic", DRILL_PAGES)
def test_each_page_shows_a_drill_ready_to_start(topic: str) -> None:
    at = run_page(f"pages/{topic}.py")
    assert not at.exception and not at.error
    started = [m.value for m in at.markdown if "your score builds up here" in m.value]
    recall = [t for t in at.text_area if t.key.startswith("drill_")]
    assert started or recall
    assert not any("0 of 0" in m.value for m in at.markdown)


def test_typing_the_pillars_gives_feedback_and_forgives_typos() -> None:
    at = run_page("pages/aws_well_architected.py")
    at.text_area(key="drill_aws_pillars_recall_1").set_value("Operational excelence\nSecurity\nScalability")
    next(b for b in at.button if b.label == "Check").click().run()  # typed and submitted in one run, as a form does
    (warning,) = [w.value for w in at.warning if "found" in w.value]
    assert "2 of 6 found" in warning and "4 still missing" in warning and "“Scalability”" in warning
    at.text_area(key="drill_aws_pillars_recall_1").set_value(
        "Operational excellence\nSecurity\nReliability\nPerformance efficiency\nCost optimization\nSustainability"
    )
    next(b for b in at.button if b.label == "Check").click().run()
    assert any("All 6, in the book's order." in s.value for s in at.success)


def test_a_scenario_card_marks_the_principle_it_breaks() -> None:
    at = run_page("pages/google_cloud_native.py")
    at.selectbox(key="drill_google_principle_scenarios_4").set_value("Be smart with state").run()
    assert any("Not quite: Practice defense in depth." in c.value for c in at.caption)
    assert any("**0 of 1** right so far" in m.value for m in at.markdown)
    at.selectbox(key="drill_google_principle_scenarios_4").set_value("Practice defense in depth").run()
    assert any("Right." in c.value for c in at.caption)


def test_the_domain_sorter_is_dealt_mixed_and_a_new_round_deals_again() -> None:
    at = run_page("pages/domains_and_services.py")
    keys = [c.key for c in at.segmented_control if c.key.startswith("drill_domain_or_service_")]
    assert len(keys) == 8 and keys != sorted(keys, key=lambda k: int(k.rsplit("_", 1)[1]))
    at.segmented_control(key=keys[0]).set_value("Domain").run()
    at.button(key="drill_domain_or_service_again").click().run()
    again = [c.key for c in at.segmented_control if c.key.startswith("drill_domain_or_service_")]
    assert again != keys
    assert all(at.segmented_control(key=k).value is None for k in again)
