from studylab import ui

ui.start_page(__file__)
topic = ui.load_topic("modern_data_stack")
ui.opener(topic)
ui.explain(topic)
