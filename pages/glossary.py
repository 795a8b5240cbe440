import streamlit as st

from studylab.content.glossary import build_glossary, search_glossary
from studylab.ui import site as ui

ui.start_page(__file__)
st.title("Glossary")
st.caption("Every key term from every topic. Search a word; open the topic that explains it.")
query = st.text_input("Search terms and definitions", key="q", max_chars=100, bind="query-params")
glossary = build_glossary(ui.site().content)
matches = search_glossary(glossary, query or "")
st.caption(f"{len(matches)} of {len(glossary)} terms")
if matches.empty:
    st.info("No term matches. Try a shorter word, or clear the search.")
for topic_id, group in matches.groupby("topic", sort=False):
    ui.topic_link(str(topic_id))
    st.markdown("\n".join(f"- **{row.term}**: {row.definition}" for row in group.itertuples()))
