from studylab.labs.diagrams import face as ui_diagrams
from studylab.labs.mlops import face as ui_mlops
from studylab.ui import site as ui

ui.start_page(__file__)
topic = ui.load_topic("mlops_definition")
ui.opener(topic)
ui_diagrams.explorer(topic.id)
ui_mlops.life_cycle_cards()
ui.explain(topic)
