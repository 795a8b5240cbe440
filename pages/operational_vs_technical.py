from studylab import ui

ui.start_page(__file__)
topic = ui.load_topic("operational_vs_technical")
ui.opener(topic)
ui.explain(topic)
