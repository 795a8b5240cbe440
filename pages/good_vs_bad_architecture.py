from studylab.ui import site as ui

ui.start_page(__file__)
topic = ui.load_topic("good_vs_bad_architecture")
ui.opener(topic)
ui.explain(topic)
