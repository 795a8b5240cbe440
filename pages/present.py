from studylab import ui, ui_present

ui.start_page(__file__)
ui_present.present_page()
