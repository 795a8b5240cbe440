from studylab import ui, ui_mlops

ui.start_page(__file__)
topic = ui.load_topic("mlops_people")
ui.opener(topic)
ui_mlops.roles_explorer()
ui.explain(topic)
