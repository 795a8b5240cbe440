from studylab.labs.mlops import roles_face as ui_mlops
from studylab.ui import site as ui

ui.start_page(__file__)
topic = ui.load_topic("mlops_people")
ui.opener(topic)
ui_mlops.roles_explorer()
ui.explain(topic)
