from studylab import ui

ui.topic_page(__file__)
