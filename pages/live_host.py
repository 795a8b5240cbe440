import streamlit as st

from studylab import ui, ui_live

ui.start_page(__file__)
st.title("Host a live quiz")
ui_live.host_page()
