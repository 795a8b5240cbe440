from studylab import ui, ui_diagrams, ui_engines

ui.start_page(__file__)
topic = ui.load_topic("modern_data_stack")
ui.opener(topic)
ui_diagrams.explorer(topic.id)
ui_engines.stack_builder()
ui.explain(topic)
