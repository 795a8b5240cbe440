from studylab import ui

ui.start_page(__file__)
topic = ui.load_topic("coupling_and_tiers")
ui.opener(topic)
ui.explain(topic)
