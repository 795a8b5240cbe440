import streamlit as st

from studylab.labs.diagrams import face as ui_diagrams
from studylab.ui import site as ui

current = ui.start_page(__file__)
site = ui.site()
st.title("Study Lab")
st.markdown(
    "Data architecture and MLOps, to play with: *Fundamentals of Data Engineering* ch. 3 "
    "and *Introducing MLOps* ch. 1-2."
)
ui.start_here(site.catalog)
ui.section_map(site.catalog)
ui_diagrams.concept_map()
ui.content_problems(site.content)
