"""The streamlit face of the architecture diagrams: explorer, compare tool and concept map.

Everything computed comes from :mod:`studylab.labs.diagrams.model`; this module only wires
widgets to it. Built graphs and figures are cached per process and content
version (``st.cache_resource``), so a rerun only looks them up.

The caches are keyed on the loaded :class:`Content` object, which ``ui.site()``
already caches per content fingerprint: a content edit gives a new object and so
new diagrams. Hashing the fingerprint again here would cost more per rerun than
everything else the explorer does.

URL parameters, so a link reopens the state: ``node`` (the part being explained,
by node id), ``hop`` (the record's step), ``variant`` (ETL or ELT), ``record_from``
(where the record starts), ``left``/``right`` (compare tool) and ``concept`` (home
page concept map). Choices are kept in the URL by id, not by their shown label.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

import networkx as nx
import plotly.graph_objects as go
import streamlit as st

from studylab.content.catalog import find_page
from studylab.content.loader import Content, ContentError
from studylab.content.schemas import ArchitectureCriteriaRow
from studylab.labs.diagrams import figures as fg
from studylab.labs.diagrams import layout as dl
from studylab.labs.diagrams import model as dg
from studylab.ui import site as ui
from studylab.ui import url_state as ui_url
from studylab.ui.cache import FrozenFigure
from studylab.ui.notes import note

NODE_PARAM = dg.NODE_PARAM
"""URL parameter of the selected part; quiz questions link to ``<topic>?node=<node id>``."""
NODE_KEY = "diagram_node"
EDGE_KEY = "diagram_edge"
"""Session key of the arrow last clicked (a ``(source, target)`` pair), shown until a part is chosen."""
HOP_KEY = "hop"
"""Widget key and URL parameter of the record's step."""
VARIANT_PARAM = "variant"
VARIANT_KEY = "diagram_variant"
START_PARAM = "record_from"
START_KEY = "diagram_record_from"
CHART_KEY = "diagram_chart"
PLAY_KEY = "diagram_playing"
CONCEPT_PARAM = "concept"
CONCEPT_KEY = "concept_topic"
CONCEPT_CHART_KEY = "concept_chart"
COMPARE_PARAMS = ("left", "right")
PLAY_DELAY_S = 0.9
"""Pause between steps while a record plays."""

TABLES = ("diagrams", "diagram_nodes", "diagram_edges")
"""Tables a diagram is built from."""

CHART_CONFIG = {"displayModeBar": False, "scrollZoom": False}
"""The diagrams are not for zooming: a click selects, nothing else."""


@dataclass(frozen=True)
class Diagrams:
    """Every diagram graph with its layout and insight, plus the problems found building them."""

    content: weakref.ref[Content]
    """The content they were built from (to notice a newer version reusing its id)."""
    graphs: dict[str, nx.DiGraph]
    layouts: dict[str, dl.Layout]
    insights: dict[str, dg.Insight]
    problems: list[ContentError]

    def ordered(self) -> list[str]:
        """Diagram ids in ``order``."""
        return sorted(self.graphs, key=lambda d: (self.graphs[d].graph["order"], d))


@st.cache_resource(show_spinner=False, max_entries=2)
def _build_diagrams(content_id: int, _content: Content) -> Diagrams:
    graphs, problems = dg.load_diagrams(_content)
    problems += [p for p in dg.check_diagrams(_content) if p not in problems]
    return Diagrams(
        content=weakref.ref(_content),
        graphs=graphs,
        layouts={d: dl.layered_layout(g) for d, g in graphs.items()},
        insights={d: dg.compute_insight(g) for d, g in graphs.items()},
        problems=problems,
    )


def _diagrams(content: Content) -> Diagrams:
    built = _build_diagrams(id(content), content)
    if built.content() is not content:
        # A newer content version got the id of a freed older one: start the caches afresh.
        _build_diagrams.clear()
        _figure.clear()
        built = _build_diagrams(id(content), content)
    return built


def tables_usable(content: Content, names: Sequence[str]) -> bool:
    """Whether every table could be read; their problems are shown on the page either way."""
    usable = True
    for name in names:
        try:
            content.table(name)
        except ContentError as error:
            ui.content_error(error)
            usable = False
            continue
        for problem in content.errors_for(f"data/{name}.csv"):
            ui.content_error(problem, fatal=False)
    return usable


def load(content: Content) -> Diagrams | None:
    """The diagrams, with their problems shown on the page; None if they cannot be built."""
    if not tables_usable(content, TABLES):
        return None
    # Roles only enrich the explanations: a broken roles table is shown but hides nothing.
    tables_usable(content, ("diagram_node_roles",))
    built = _diagrams(content)
    for problem in built.problems:
        ui.content_error(problem, fatal=False)
    return built


@st.cache_resource(show_spinner=False, max_entries=512)
def _figure(
    content_id: int, diagram: str, node: str | None, start: str | None, hop: int, _built: Diagrams
) -> go.Figure:
    # ``_built`` (not hashed) is the Diagrams that _diagrams() just checked to belong to content_id.
    built = _built
    graph = built.graphs[diagram]
    steps = dg.record_steps(graph, start) if start else []
    step = steps[hop - 1] if 0 < hop <= len(steps) else []
    visited = {start} if start and hop else set()
    for edges in steps[:hop]:
        visited.update(v for _, v in edges)
    highlight = fg.Highlight(node=node, step=step, visited=frozenset(visited))
    return FrozenFigure(fg.build_figure(graph, built.layouts[diagram], highlight=highlight))


# --- The explorer on a topic page ----------------------------------------------------------


def explorer(topic_id: str) -> None:
    """The diagram of a topic: click a box to explain it, follow a record, read what the graph tells."""
    site = ui.site()
    built = load(site.content)
    if built is None:
        return
    ids = [d for d in built.ordered() if built.graphs[d].graph["topic"] == topic_id]
    if not ids:
        return
    st.subheader("Explore the architecture")
    _explorer(site, built, ids, topic_id)


def _on_pick(graph: nx.DiGraph, chart_key: str, node_key: str, edge_key: str | None = None) -> None:
    part = dg.selected_part(st.session_state.get(chart_key), graph)
    if isinstance(part, str):
        st.session_state[node_key] = part
        if edge_key:
            st.session_state.pop(edge_key, None)
    elif part is not None and edge_key:
        st.session_state[edge_key] = part
        st.session_state[node_key] = None


def _forget_edge() -> None:
    st.session_state.pop(EDGE_KEY, None)


def _move(delta: int, last: int) -> None:
    st.session_state[HOP_KEY] = min(max(int(st.session_state.get(HOP_KEY, 0)) + delta, 0), last)


def _play() -> None:
    st.session_state[PLAY_KEY] = True


@st.fragment
def _explorer(site: ui.Site, built: Diagrams, ids: list[str], topic_id: str) -> None:
    if len(ids) > 1:
        ui_url.seed(VARIANT_KEY, ids, ids[0], param=VARIANT_PARAM)
        chosen = st.segmented_control(
            "Variant",
            ids,
            format_func=lambda d: built.graphs[d].graph["variant"],
            required=True,
            key=VARIANT_KEY,
        )
        diagram = chosen if chosen in ids else ids[0]
        ui_url.publish(VARIANT_PARAM, diagram if diagram != ids[0] else None)
    else:
        diagram = ids[0]
    graph = built.graphs[diagram]
    layout = built.layouts[diagram]
    flow = dg.flow_graph(graph)
    starts = dg.sources(flow)
    by_position = sorted(graph, key=lambda n: (layout.positions[n][0], -layout.positions[n][1]))
    ui_url.seed(NODE_KEY, by_position, param=NODE_PARAM)
    ui_url.seed(START_KEY, starts, starts[0], param=START_PARAM)
    start = st.session_state[START_KEY]
    steps = dg.record_steps(graph, start)
    hops = [str(hop) for hop in range(len(steps) + 1)]
    if HOP_KEY not in st.session_state:
        st.session_state[HOP_KEY] = (
            int(st.query_params.get(HOP_KEY, "0")) if st.query_params.get(HOP_KEY) in hops else 0
        )
    elif str(st.session_state[HOP_KEY]) not in hops:
        st.session_state[HOP_KEY] = 0
    content_id = id(site.content)
    st.markdown(f"**{graph.graph['title']}.** {graph.graph['summary']}")
    chart = st.empty()
    if st.session_state.pop(PLAY_KEY, False):
        for hop in range(len(steps) + 1):
            chart.plotly_chart(_figure(content_id, diagram, None, start, hop, built), config=CHART_CONFIG)
            time.sleep(PLAY_DELAY_S)
        st.session_state[HOP_KEY] = len(steps)
    hop = int(st.session_state.get(HOP_KEY, 0))
    node = st.session_state.get(NODE_KEY)
    chart.plotly_chart(
        _figure(content_id, diagram, node, start, hop, built),
        key=CHART_KEY,
        on_select=partial(_on_pick, graph, CHART_KEY, NODE_KEY, EDGE_KEY),
        selection_mode="points",
        config=CHART_CONFIG,
    )
    st.caption(
        "Click a box to explain it (or choose it below). Click or hover an arrow to see what it carries. "
        "Colours show the kind of part; dashed arrows are streams, control or feedback."
    )
    explain_col, record_col = st.columns(2, gap="large")
    with explain_col:
        st.markdown("#### Explain a part")
        picked = st.selectbox(
            "Part of the diagram",
            by_position,
            index=None,
            format_func=lambda n: graph.nodes[n]["label"],
            placeholder="Click a box, or choose a part here",
            key=NODE_KEY,
            on_change=_forget_edge,
        )
        ui_url.publish(NODE_PARAM, picked)
        edge = st.session_state.get(EDGE_KEY)
        if picked is not None:
            _node_card(site, graph, diagram, picked, topic_id)
        elif isinstance(edge, tuple) and graph.has_edge(*edge):
            _edge_card(graph, edge)
    with record_col:
        st.markdown(f"#### Follow {graph.graph['record']}")
        if len(starts) > 1:
            st.selectbox(
                "Where it starts",
                starts,
                format_func=lambda n: graph.nodes[n]["label"],
                key=START_KEY,
            )
        ui_url.publish(START_PARAM, start if start != starts[0] else None)
        _record_controls(graph, start, steps)
    _insight(graph, built.insights[diagram])


def _record_controls(graph: nx.DiGraph, start: str, steps: list[list[tuple[str, str]]]) -> None:
    last = len(steps)
    back, forward, play = st.columns(3)
    hop = int(st.session_state.get(HOP_KEY, 0))
    # Plain labels: a Material icon costs a button about 5 ms on every rerun.
    back.button("← Back", key="diagram_back", on_click=_move, args=(-1, last), disabled=hop == 0)
    forward.button("Next →", key="diagram_next", on_click=_move, args=(1, last), disabled=hop >= last)
    play.button("▶ Play", key="diagram_play", on_click=_play, help="Run through every step from the start")
    st.slider("Step", 0, last, key=HOP_KEY)
    ui_url.publish(HOP_KEY, str(st.session_state[HOP_KEY]) if st.session_state[HOP_KEY] else None)
    if hop == 0:
        st.markdown(f"The record waits at **{graph.nodes[start]['label']}**. Press *Next* to move it one hop.")
        return
    lines = "\n".join(f"- {dg.describe_edge(graph, edge)}" for edge in steps[hop - 1])
    st.markdown(f"**Step {hop} of {last}**\n\n{lines}")
    if hop == last:
        if graph.graph.get("cyclic"):
            st.caption("The loop closes: the model goes round the life cycle again.")
        else:
            st.caption("The record has reached every consumer it can reach.")


def _node_card(site: ui.Site, graph: nx.DiGraph, diagram: str, node: str, topic_id: str) -> None:
    data = graph.nodes[node]
    style = fg.NODE_KINDS.get(data["kind"])
    with st.container(border=True):
        st.markdown(f"**{data['label']}** · {style.label if style else data['kind']}")
        st.markdown(data["description"])
        if data.get("pitfall"):
            st.markdown(f"**If it is missing or neglected:** {data['pitfall']}")
        roles = _roles(site.content, diagram, node)
        if roles:
            st.markdown("**Who depends on it:**\n" + "\n".join(f"- **{name}**: {why}" for name, why in roles))
        page = find_page(site.catalog, data["topic"])
        if data["topic"] != topic_id and page is not None:
            ui.page_link(page.path, label=f"Explained in: {page.title}", icon=page.icon)
        _quiz_link(site, data["topic"], topic_id, node)
        if data.get("link"):
            slug, _, query = str(data["link"]).partition("?")
            page = find_page(site.catalog, slug)
            if page is not None:
                params = dict(item.split("=", 1) for item in query.split("&") if "=" in item)
                ui.page_link(page.path, label="Try it out", icon=":material/science:", query_params=params)


def _edge_card(graph: nx.DiGraph, edge: tuple[str, str]) -> None:
    kind = graph.edges[edge]["kind"]
    style = fg.EDGE_KINDS.get(kind)
    with st.container(border=True):
        st.markdown(f"**{dg.describe_edge(graph, edge)}**")
        st.caption(style.label if style else kind)


def _roles(content: Content, diagram: str, node: str) -> list[tuple[str, str]]:
    if not tables_usable(content, ("diagram_node_roles", "mlops_roles")):
        return []
    links, roles = content.table("diagram_node_roles"), content.table("mlops_roles")
    names = dict(zip(roles["role_id"], roles["role"], strict=True))
    rows = links[(links["diagram"] == diagram) & (links["node"] == node)]
    return [(names.get(r, r), why) for r, why in zip(rows["role_id"], rows["why"], strict=True)]


def _quiz_link(site: ui.Site, node_topic: str, page_topic: str, node: str) -> None:
    quiz = find_page(site.catalog, "quiz")
    questions = site.content.tables.get("questions")
    if quiz is None or questions is None:
        return
    about = questions[questions["topic"] == node_topic]
    pointed = questions["link"].map(dg.node_link) == (page_topic, node)
    if about.empty and not pointed.any():
        return
    label = f"Quiz: {len(about)} question(s) on this topic"
    if pointed.any():
        label += f", {int(pointed.sum())} about this part"
    ui.page_link(quiz.path, label=label, icon=quiz.icon, query_params={"topic": node_topic})


def _insight(graph: nx.DiGraph, insight: dg.Insight) -> None:
    st.markdown("#### What the graph tells")
    code, spof, longest = st.columns(3)
    code.metric(
        "Code paths",
        insight.code_paths,
        help="Distinct chains of processing steps that one consumer's answer depends on. "
        "Two means the same logic is written and run twice.",
    )
    code.caption(f"{insight.data_paths} route(s) from a source to a consumer.")
    spof.metric(
        "Single points of failure",
        len(insight.single_points_of_failure),
        help="Parts whose loss cuts some source off from a consumer it fed before.",
    )
    names = ", ".join(graph.nodes[n]["label"] for n in insight.single_points_of_failure) or "none"
    spof.caption(names)
    longest.metric(
        "Longest path",
        f"{insight.hops} hops",
        help="The most hand-offs a record goes through from a source to a consumer; each adds latency.",
    )
    longest.caption(" → ".join(graph.nodes[n]["label"] for n in insight.longest_path))
    loop_note = " The feedback loop is left out: it starts a new round." if graph.graph.get("cyclic") else ""
    st.caption(f"Computed from the diagram's arrows, not drawn by hand.{loop_note}")


# --- The compare tool -------------------------------------------------------------------------


def compare() -> None:
    """Two architectures side by side: a table of computed figures and criteria, then both diagrams."""
    site = ui.site()
    built = load(site.content)
    if built is None or not tables_usable(site.content, ("architecture_criteria",)):
        return
    criteria = site.content.table("architecture_criteria")
    choices = [d for d in built.ordered() if d in set(criteria["diagram"])]
    if len(choices) < 2:
        st.info(note("compare_too_few"))
        return
    defaults = ("lambda", "kappa") if {"lambda", "kappa"} <= set(choices) else (choices[0], choices[1])
    picked = []
    for column, param, default in zip(st.columns(2), COMPARE_PARAMS, defaults, strict=True):
        key = f"compare_{param}"
        ui_url.seed(key, choices, default, param=param)
        with column:
            value = st.selectbox(
                f"{param.capitalize()} architecture",
                choices,
                format_func=lambda d: built.graphs[d].graph["title"],
                key=key,
            )
        picked.append(value or default)
        ui_url.publish(param, value)
    first, second = picked
    labels = {name: name.replace("_", " ").capitalize() for name in ArchitectureCriteriaRow.model_fields}
    del labels["diagram"]
    labels["code_paths"] = "Code paths (in practice)"
    table = dg.compare_table(built.graphs, criteria, first, second, labels)
    st.table(table)
    st.caption(note("compare_sources"))
    for diagram in (first, second):
        graph = built.graphs[diagram]
        st.subheader(graph.graph["title"])
        st.caption(graph.graph["summary"])
        st.plotly_chart(_figure(id(site.content), diagram, None, None, 0, built), config=CHART_CONFIG)
        page = find_page(site.catalog, graph.graph["topic"])
        if page is not None:
            ui.page_link(page.path, label=f"Explore it on its page: {page.title}", icon=page.icon)


# --- The concept map on the home page ------------------------------------------------------


@st.cache_resource(show_spinner=False, max_entries=2)
def _concept_figure(content_id: int, _content: Content) -> tuple[weakref.ref[Content], nx.DiGraph, go.Figure]:
    links = _content.tables["concept_links"]
    graph = dg.build_concept_map(_content, links)
    figure = fg.build_figure(
        graph,
        node_kinds=fg.section_styles(_content),
        edge_kinds=fg.CONCEPT_EDGE_KINDS,
        row_px=fg.CONCEPT_ROW_PX,
    )
    return weakref.ref(_content), graph, FrozenFigure(figure)


def concept_map() -> None:
    """Every topic as a box, with what builds on what and what contrasts with what; click to open one."""
    site = ui.site()
    if not tables_usable(site.content, ("concept_links", "sections")):
        return
    st.subheader("How the topics connect")
    st.caption(
        "Read from left to right: a solid arrow means *builds on*, a dotted double arrow means *contrasts with*. "
        "Click a topic to see what it is about."
    )
    source, graph, figure = _concept_figure(id(site.content), site.content)
    if source() is not site.content:
        _concept_figure.clear()
        source, graph, figure = _concept_figure(id(site.content), site.content)
    topics = sorted(graph, key=lambda n: graph.nodes[n]["label"])
    ui_url.seed(CONCEPT_KEY, topics, param=CONCEPT_PARAM)
    st.plotly_chart(
        figure,
        key=CONCEPT_CHART_KEY,
        on_select=partial(_on_pick, graph, CONCEPT_CHART_KEY, CONCEPT_KEY),
        selection_mode="points",
        config=CHART_CONFIG,
    )
    picked = st.selectbox(
        "Topic",
        topics,
        index=None,
        format_func=lambda n: graph.nodes[n]["label"],
        placeholder="Click a topic in the map, or choose one here",
        key=CONCEPT_KEY,
    )
    ui_url.publish(CONCEPT_PARAM, picked)
    if picked is None:
        return
    with st.container(border=True):
        st.markdown(f"**{graph.nodes[picked]['label']}**: {graph.nodes[picked]['description']}")
        before = [graph.nodes[u]["label"] for u in graph.predecessors(picked)]
        after = [graph.nodes[v]["label"] for v in graph.successors(picked)]
        if before:
            st.markdown(f"Comes after: {', '.join(before)}.")
        if after:
            st.markdown(f"Leads on to: {', '.join(after)}.")
        page = find_page(site.catalog, picked)
        if page is not None:
            ui.page_link(page.path, label=f"Open {page.title}", icon=page.icon)
