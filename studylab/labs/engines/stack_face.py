"""The modern data stack page's lab: pick a tool type per layer, see the stack scored."""

from __future__ import annotations

import streamlit as st

from studylab.labs.engines import face, figures
from studylab.ui import cache
from studylab.ui.notes import note


def stack_builder() -> None:
    """Choose a tool type per layer; see the stack scored on self-service, agility and clear pricing."""
    from studylab.labs.engines.data_stack import CRITERIA, options_by_layer, score_stack

    st.header("Build your stack")
    content = face.tables("mds_layers", "mds_options")
    if content is None:
        return
    layers, options = content["mds_layers"].sort_values("order"), content["mds_options"]
    labels = options.set_index("id")["tool_type"]
    choices_by_layer = options_by_layer(options)
    st.caption(note("stack_intro"))
    choices: dict[str, str | None] = {}
    columns = st.columns(3)
    for i, layer in enumerate(layers.itertuples()):
        with columns[i % 3]:
            choices[layer.id] = st.selectbox(
                layer.name,
                choices_by_layer.get(layer.id, []),
                index=None,
                format_func=labels.get,
                placeholder="Nothing in this layer",
                key=layer.id,
                bind="query-params",
                help=layer.purpose,
            )
    scores, feedback = score_stack(layers, options, choices)
    left, right = st.columns([2, 3])
    bars = tuple((CRITERIA[key], float(value)) for key, value in scores.items())
    left.plotly_chart(cache.cached(figures.build_stack_figure, bars), key="stack_scores")
    left.caption(note("stack_modern", modern=int(feedback["modern"].sum()), layers=len(feedback)))
    with right:
        for row in feedback.itertuples():
            chosen = isinstance(row.tool_type, str)
            icon = ":material/check_circle:" if chosen else ":material/warning:"
            title = f"**{row.layer}:** {row.tool_type}" if chosen else f"**{row.layer}:** nothing yet"
            pricing = f" *Pricing: {row.pricing}.*" if chosen else ""
            st.markdown(f"{icon} {title}  \n{row.note}{pricing}")
