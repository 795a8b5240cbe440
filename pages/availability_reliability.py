from studylab import ui

ui.start_page(__file__)
topic = ui.load_topic("availability_reliability")
ui.opener(topic)
ui.explain(topic)
