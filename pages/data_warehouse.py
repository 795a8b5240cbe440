from studylab import ui

ui.start_page(__file__)
topic = ui.load_topic("data_warehouse")
ui.opener(topic)
ui.explain(topic)
