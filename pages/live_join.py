import streamlit as st

from studylab.present import live_face as ui_live
from studylab.ui import site as ui

ui.start_page(__file__)
st.title("Join a live quiz")
ui_live.join_page()
