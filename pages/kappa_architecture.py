from studylab import ui

ui.start_page(__file__)
topic = ui.load_topic("kappa_architecture")
ui.opener(topic)
ui.explain(topic)
