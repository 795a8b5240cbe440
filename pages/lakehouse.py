from studylab.labs.diagrams import face as ui_diagrams
from studylab.labs.engines import face as ui_engines
from studylab.ui import site as ui

ui.start_page(__file__)
topic = ui.load_topic("lakehouse")
ui.opener(topic)
ui_diagrams.explorer(topic.id)
ui_engines.lakehouse_lab()
ui.explain(topic)
