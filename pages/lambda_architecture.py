from studylab import ui

ui.start_page(__file__)
topic = ui.load_topic("lambda_architecture")
ui.opener(topic)
ui.explain(topic)
