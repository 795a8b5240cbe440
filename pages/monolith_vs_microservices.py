from studylab import ui

ui.start_page(__file__)
topic = ui.load_topic("monolith_vs_microservices")
ui.opener(topic)
ui.explain(topic)
