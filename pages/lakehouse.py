from studylab import ui

ui.start_page(__file__)
topic = ui.load_topic("lakehouse")
ui.opener(topic)
ui.explain(topic)
