from studylab import ui, ui_mlops

ui.start_page(__file__)
topic = ui.load_topic("mlops_scale")
ui.opener(topic)
ui_mlops.registry_lab()
ui.explain(topic)
