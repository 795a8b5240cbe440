from studylab.labs.qualities import face as ui_qualities
from studylab.ui import site as ui

ui.start_page(__file__)
topic = ui.load_topic("brownfield_vs_greenfield")
ui.opener(topic)
routes = ui.table("strangler_routes")
if routes is not None:
    ui_qualities.strangler_lab(routes)
cases = ui.table("shiny_object_cases")
if cases is not None:
    ui_qualities.shiny_object_exercise(cases)
ui.explain(topic)
