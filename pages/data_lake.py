from studylab import ui

ui.start_page(__file__)
topic = ui.load_topic("data_lake")
ui.opener(topic)
ui.explain(topic)
