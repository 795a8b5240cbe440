from studylab import ui, ui_diagrams, ui_engines

ui.start_page(__file__)
topic = ui.load_topic("data_lake")
ui.opener(topic)
ui_diagrams.explorer(topic.id)
ui_engines.lake_lab()
ui.explain(topic)
