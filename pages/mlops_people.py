import streamlit as st

from studylab import ui
from studylab.roles import role_table

ui.start_page(__file__)
topic = ui.load_topic("mlops_people")
ui.opener(topic)
items = ui.table("mlops_roles")
if items is not None:
    roles = role_table(items)
    names = dict(zip(roles["role_id"], roles["role"], strict=True))
    picked = st.pills("Show roles", list(names), format_func=names.get, selection_mode="multi", key="roles")
    shown = roles[roles["role_id"].isin(picked)] if picked else roles
    st.dataframe(
        shown.drop(columns="role_id"),
        hide_index=True,
        column_config={
            "role": "Role",
            "life_cycle": st.column_config.ListColumn("Role in the model life cycle", width="large"),
            "requirements": st.column_config.ListColumn("MLOps requirements", width="large"),
        },
    )
ui.explain(topic)
