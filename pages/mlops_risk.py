from studylab import ui, ui_mlops

ui.start_page(__file__)
topic = ui.load_topic("mlops_risk")
ui.opener(topic)
ui_mlops.drift_lab()
ui.explain(topic)
