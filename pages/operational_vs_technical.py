from studylab.labs.qualities import face as ui_qualities
from studylab.ui import site as ui

ui.start_page(__file__)
topic = ui.load_topic("operational_vs_technical")
ui.opener(topic)
statements = ui.table("architecture_statements")
if statements is not None:
    ui_qualities.statement_sort(statements)
ui.explain(topic)
