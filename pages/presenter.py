from studylab import ui, ui_present

ui.start_page(__file__)
ui_present.presenter_page()
