import streamlit as st

from studylab.present import live_screen_face as ui_screen
from studylab.ui import site as ui

ui.start_page(__file__)
st.title("Live quiz")
ui_screen.screen_page()
