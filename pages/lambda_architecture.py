from studylab import ui, ui_diagrams, ui_streaming

ui.start_page(__file__)
topic = ui.load_topic("lambda_architecture")
ui.opener(topic)
ui_diagrams.explorer(topic.id)
ui_streaming.lambda_lab()
ui.explain(topic)
