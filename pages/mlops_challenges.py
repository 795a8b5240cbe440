from studylab import ui, ui_mlops

ui.start_page(__file__)
topic = ui.load_topic("mlops_challenges")
ui.opener(topic)
ui_mlops.card_explorer("challenge")
ui.explain(topic)
