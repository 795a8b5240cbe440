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
    picked = st.pills(
        "Show roles", list(names), format_func=names.get, selection_mode="multi", key="roles", bind="query-params"
    )
    shown = roles[roles["role_id"].isin(picked)] if picked else roles
    for role in shown.itertuples():
        with st.container(border=True):
            st.markdown(f"**{role.role}**")
            left, right = st.columns(2)
            left.markdown("*Role in the model life cycle*\n" + "".join(f"\n- {item}" for item in role.life_cycle))
            right.markdown("*MLOps requirements*\n" + "".join(f"\n- {item}" for item in role.requirements))
ui.explain(topic)
