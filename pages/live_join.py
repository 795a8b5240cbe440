import streamlit as st

from studylab.present import live_join_face as ui_join
from studylab.ui import site as ui

ui.start_page(__file__)
st.title("Join a live quiz")
ui_join.join_page()
