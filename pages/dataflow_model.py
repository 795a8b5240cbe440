from studylab import ui, ui_diagrams, ui_streaming

ui.start_page(__file__)
topic = ui.load_topic("dataflow_model")
ui.opener(topic)
ui_diagrams.explorer(topic.id)
ui_streaming.dataflow_lab()
ui.explain(topic)
