from studylab import ui

ui.start_page(__file__)
topic = ui.load_topic("brownfield_vs_greenfield")
ui.opener(topic)
ui.explain(topic)
