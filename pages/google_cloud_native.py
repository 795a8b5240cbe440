from studylab.ui import site as ui

ui.start_page(__file__)
topic = ui.load_topic("google_cloud_native")
ui.opener(topic)
ui.explain(topic)
