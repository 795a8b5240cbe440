import streamlit as st

from studylab.labs.qualities import face as ui_qualities
from studylab.labs.qualities.principles import counterparts, framework_columns, principle_label
from studylab.ui import site as ui

ui.start_page(__file__)
topic = ui.load_topic("authors_principles")
ui.opener(topic)
principles, links = ui.table("principles"), ui.table("principle_links")
if principles is not None and links is not None:
    st.subheader("Three lists, side by side")
    st.dataframe(framework_columns(principles), hide_index=True)
    labels = principle_label(principles)
    choice = st.selectbox(
        "Pick a principle to see what the other lists call it",
        list(labels),
        format_func=labels.get,
        key="principle",
        bind="query-params",
    )
    matches = counterparts(principles, links, choice)
    if matches.empty:
        st.info("No principle of the other lists expresses this concern directly.")
    else:
        st.markdown("\n".join(f"- **{row.framework}: {row.name}**. {row.note}" for row in matches.itertuples()))
    ui_qualities.principle_map(principles, links, choice)
cards = ui.table("principle_scenarios")
if cards is not None and principles is not None:
    ui_qualities.scenario_cards(cards, principles)
ui.explain(topic)
