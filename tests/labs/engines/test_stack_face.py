"""The modern data stack page's lab in AppTest."""

from __future__ import annotations

from tests.labs.engines.support import texts
from tests.pages_support import run_page


def test_stack_builder_scores_a_choice() -> None:
    at = run_page("pages/modern_data_stack.py")
    assert not at.exception and not at.error
    assert sum("nothing yet" in m for m in texts(at.markdown)) == 6
    at.selectbox(key="ingestion").set_value("managed_connectors")
    at = at.run()
    assert any("Managed connector service" in m for m in texts(at.markdown))
    assert sum("nothing yet" in m for m in texts(at.markdown)) == 5
