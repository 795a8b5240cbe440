from studylab import ui

ui.start_page(__file__)
topic = ui.load_topic("dataflow_model")
ui.opener(topic)
ui.explain(topic)
