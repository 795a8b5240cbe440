from studylab.labs.mlops import face as ui_mlops
from studylab.ui import site as ui

ui.start_page(__file__)
topic = ui.load_topic("mlops_devops")
ui.opener(topic)
ui_mlops.card_explorer("devops")
ui.explain(topic)
