"""The MLOps pages' interactive parts in AppTest: URL state in, widgets moved, results shown."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from studylab.content.loader import Content
from studylab.labs.mlops.roles import matching_round
from studylab.labs.mlops.roles_face import MATCH_SIZE
from studylab.ui import cache
from tests.pages_support import run_page


def _clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def _text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    return "\n".join(parts + [w.value for w in at.warning] + [s.value for s in at.success])


def test_risk_page_runs_a_preset_from_the_url_and_reacts_to_a_slider() -> None:
    at = run_page("pages/mlops_risk.py", query={"drift": "Sudden", "env": "true"})
    _clean(at)
    assert "In month 9 the inputs jump" in _text(at)
    assert any("production measures" in i.value for i in at.info)
    (summary,) = [d for d in at.dataframe if "policy" in d.value.columns]
    before = summary.value.set_index("policy")["retrainings"]
    at.slider(key="threshold").set_value(0.7).run()
    _clean(at)
    (summary,) = [d for d in at.dataframe if "policy" in d.value.columns]
    assert summary.value.set_index("policy")["retrainings"]["Retrain on alert"] < before["Retrain on alert"]


def test_risk_page_ignores_a_nonsense_preset() -> None:
    at = run_page("pages/mlops_risk.py", query={"drift": "Nonsense", "threshold": "7"})
    _clean(at)
    assert at.slider(key="threshold").value == 0.85


def test_scale_page_shows_more_worse_promotions_on_a_small_holdout() -> None:
    at = run_page("pages/mlops_scale.py", query={"holdout": "50000", "models": "500"})
    _clean(at)
    large = next(m for m in at.metric if m.label == "Worse models promoted")
    at.select_slider(key="holdout").set_value(20).run()
    _clean(at)
    small = next(m for m in at.metric if m.label == "Worse models promoted")
    assert int(small.value.replace(",", "")) > int(large.value.replace(",", ""))


def test_scale_page_shows_one_models_version_record() -> None:
    at = run_page("pages/mlops_scale.py", query={"models": "10", "rounds": "12", "model": "4"})
    _clean(at)
    (history,) = [d for d in at.dataframe if "decision" in d.value.columns]
    assert list(history.value["version"]) == list(range(1, 14))


def test_people_page_filters_by_role_from_the_url() -> None:
    at = run_page("pages/mlops_people.py", query={"role": "Data Engineers"})
    _clean(at)
    assert "#### Data Engineers" in _text(at)
    matrix = next(d for d in at.dataframe if "Drill into data pipelines" in d.value.columns)
    assert "DevOps" not in set(matrix.value.index)


def test_people_page_break_scenario() -> None:
    at = run_page("pages/mlops_people.py", query={"scenario": "An audit request arrives"})
    _clean(at)
    text = _text(at)
    assert "A regulator asks" in text and "Model Risk Managers/Auditors" in text


def test_matching_exercise_marks_a_round(content: Content) -> None:
    at = run_page("pages/mlops_people.py", query={"round": "3"})
    _clean(at)
    answers = matching_round(content.table("mlops_roles"), MATCH_SIZE, seed=3)
    picks = [s for s in at.selectbox if s.key and s.key.startswith("match_3_")]
    assert [p.label for p in picks] == [f"“{t}”" for t in answers["text"]]
    for pick, role_id in zip(picks, answers["role_id"], strict=True):
        pick.set_value(role_id)
    picks[0].set_value(None)
    at.button(key="FormSubmitter:match_3-Check my answers").click().run()
    _clean(at)
    assert f"{MATCH_SIZE - 1} of {MATCH_SIZE} right." in _text(at)
    assert "no answer given" in _text(at)


def test_challenges_page_opens_a_card_from_the_url() -> None:
    at = run_page("pages/mlops_challenges.py", query={"card": "Turnover"})
    _clean(at)
    text = _text(at)
    assert "Where it shows in the model life cycle" in text and "Governance" in text


def test_devops_and_definition_pages_show_their_cards() -> None:
    devops = run_page("pages/mlops_devops.py", query={"card": "Automation and trust"})
    _clean(devops)
    assert "Borrowed from DevOps" in [h.value for h in devops.subheader]
    definition = run_page("pages/mlops_definition.py", query={"stage": "Monitoring"})
    _clean(definition)
    assert any("nobody notices the model degrading" in w.value for w in definition.warning)
    assert "Challenges and DevOps ideas along the life cycle" in [h.value for h in definition.subheader]


def test_a_rerun_with_unchanged_inputs_does_not_rebuild(monkeypatch: pytest.MonkeyPatch) -> None:
    from studylab.labs.mlops import figures as mf

    built: list[object] = []
    real = mf.build_drift_figure

    def counting(*args: object) -> object:
        built.append(args)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(mf, "build_drift_figure", counting)
    cache.clear()  # start from an empty cache, as a fresh server does
    at = run_page("pages/mlops_risk.py")
    assert not at.exception
    assert len(built) == 1
    at.run()
    assert len(built) == 1
