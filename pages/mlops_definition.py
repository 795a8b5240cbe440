from studylab import ui, ui_diagrams, ui_mlops

ui.start_page(__file__)
topic = ui.load_topic("mlops_definition")
ui.opener(topic)
ui_diagrams.explorer(topic.id)
ui_mlops.life_cycle_cards()
ui.explain(topic)
