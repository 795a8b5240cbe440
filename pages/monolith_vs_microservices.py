from studylab.labs.qualities import face as ui_qualities
from studylab.ui import site as ui

ui.start_page(__file__)
topic = ui.load_topic("monolith_vs_microservices")
ui.opener(topic)
services, calls = ui.table("service_nodes"), ui.table("service_calls")
if services is not None and calls is not None:
    ui_qualities.monolith_lab(services, calls)
ui.explain(topic)
