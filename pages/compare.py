import streamlit as st

from studylab import ui, ui_diagrams

ui.start_page(__file__)
st.title("Compare architectures")
st.caption(
    "Pick any two architectures: the table puts their trade-offs side by side, "
    "and the figures marked computed come from the diagrams themselves."
)
ui_diagrams.compare()
