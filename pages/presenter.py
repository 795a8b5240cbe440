from studylab.present import slides_face as ui_present
from studylab.ui import site as ui

ui.start_page(__file__)
ui_present.presenter_page()
