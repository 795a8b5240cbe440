import streamlit as st

from studylab.labs.diagrams import face as ui_diagrams
from studylab.ui import site as ui

ui.start_page(__file__)
st.title("Compare architectures")
st.caption(
    "Pick any two architectures: the table puts their trade-offs side by side, "
    "and the figures marked computed come from the diagrams themselves."
)
ui_diagrams.compare()
