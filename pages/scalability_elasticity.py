from studylab.labs.qualities import systems_face as ui_qualities
from studylab.ui import site as ui

ui.start_page(__file__)
topic = ui.load_topic("scalability_elasticity")
ui.opener(topic)
load_presets = ui.table("load_presets")
if load_presets is not None:
    ui_qualities.elasticity_lab(load_presets)
ui.explain(topic)
