from studylab.labs.qualities import systems_face as ui_qualities
from studylab.ui import site as ui

ui.start_page(__file__)
topic = ui.load_topic("availability_reliability")
ui.opener(topic)
systems, stages = ui.table("availability_systems"), ui.table("availability_stages")
if systems is not None and stages is not None:
    ui_qualities.availability_lab(systems, stages)
reliability_presets = ui.table("reliability_presets")
if reliability_presets is not None:
    ui_qualities.reliability_lab(reliability_presets)
ui.explain(topic)
