from studylab import ui

ui.start_page(__file__)
topic = ui.load_topic("mlops_definition")
ui.opener(topic)
ui.explain(topic)
