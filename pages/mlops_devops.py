from studylab import ui, ui_mlops

ui.start_page(__file__)
topic = ui.load_topic("mlops_devops")
ui.opener(topic)
ui_mlops.card_explorer("devops")
ui.explain(topic)
