from studylab.labs.diagrams import face as ui_diagrams
from studylab.labs.streaming import lambda_kappa_face as ui_streaming
from studylab.ui import site as ui

ui.start_page(__file__)
topic = ui.load_topic("kappa_architecture")
ui.opener(topic)
ui_diagrams.explorer(topic.id)
ui_streaming.kappa_lab()
ui.explain(topic)
