"""Server CPU of a widget change inside a lab (a fragment rerun), against a full run: a row of ``make bench``.

A lab draws its widgets inside an ``st.fragment``, so moving one of its sliders reruns only the
lab. This module does what the browser does when a student moves a slider: it runs the page
once over the websocket, finds the first number slider drawn inside a fragment, and asks the
server to rerun that fragment with the slider at another value (back and forth), the same way
the frontend does (``rerun_script`` with the fragment's id and the widget's new state).

Wall time on one connection is dominated by a fixed delay of the round trip (about 40 ms on
loopback here, the same for a hello page), so the figure is the server process's CPU time per
rerun (``/proc/<pid>/stat``), measured the same way for the plainest topic page's full rerun.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.Slider_pb2 import Slider
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Subprotocol

from tests.serving import Server
from tools.reveal_latency import cpu_seconds

TIMEOUT = 60.0
_FINISHED = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)


@dataclass(frozen=True)
class LabSlider:
    """A number slider inside a fragment, as the page drew it."""

    fragment_id: str
    widget_id: str
    label: str
    values: tuple[float, float]
    """Its default and another value in range: the rerun moves it between the two."""


@dataclass(frozen=True)
class Rerun:
    """Server CPU seconds per rerun, and what was moved (None for a full rerun)."""

    cpu: float
    slider: LabSlider | None
    problems: tuple[str, ...] = ()


async def _run(socket: ClientConnection, back: BackMsg) -> tuple[list[ForwardMsg], list[str]]:
    """Send one rerun request and read until the script finishes: (deltas, problems)."""
    await socket.send(back.SerializeToString())
    deltas: list[ForwardMsg] = []
    problems: list[str] = []
    while True:
        message = ForwardMsg()
        message.ParseFromString(await asyncio.wait_for(socket.recv(), TIMEOUT))
        kind = message.WhichOneof("type")
        if kind == "delta":
            deltas.append(message)
            element = message.delta.new_element
            if message.delta.WhichOneof("type") == "new_element" and element.WhichOneof("type") == "exception":
                problems.append(f"exception: {element.exception.message}")
        elif kind == "script_finished":
            if message.script_finished not in _FINISHED:
                problems.append(f"script finished with status {message.script_finished}")
            return deltas, problems


def _request(slug: str, slider: LabSlider | None = None, value: float = 0.0) -> BackMsg:
    back = BackMsg()
    back.rerun_script.page_name = slug
    back.rerun_script.query_string = ""
    if slider is not None:
        back.rerun_script.fragment_id = slider.fragment_id
        state = back.rerun_script.widget_states.widgets.add()
        state.id = slider.widget_id
        state.double_array_value.data.extend([value])
    return back


def _lab_slider(deltas: Sequence[ForwardMsg]) -> LabSlider | None:
    for message in deltas:
        element = message.delta.new_element
        if not message.delta.fragment_id or element.WhichOneof("type") != "slider":
            continue
        slider = element.slider
        # One value, a number (not a select_slider's options, a range, a date or a time).
        if slider.options or len(slider.default) != 1 or slider.data_type not in (Slider.INT, Slider.FLOAT):
            continue
        default = slider.default[0]
        other = default + slider.step if default + slider.step <= slider.max else default - slider.step
        return LabSlider(message.delta.fragment_id, slider.id, slider.label, (default, other))
    return None


async def _measure(server: Server, slug: str, reruns: int, fragment: bool) -> Rerun:
    url = f"ws://127.0.0.1:{server.port}/_stcore/stream"
    async with connect(url, subprotocols=[Subprotocol("streamlit")], max_size=None) as socket:
        deltas, problems = await _run(socket, _request(slug))
        slider = _lab_slider(deltas) if fragment else None
        if fragment and slider is None:
            return Rerun(0.0, None, ("no number slider inside a fragment",))
        await _run(socket, _request(slug, slider, slider.values[1] if slider else 0.0))  # warm-up
        before = cpu_seconds(server)
        for turn in range(reruns):
            value = slider.values[turn % 2] if slider else 0.0
            deltas, more = await _run(socket, _request(slug, slider, value))
            problems += more
            if slider is not None and not deltas:
                problems.append("the fragment rerun drew nothing")
        return Rerun((cpu_seconds(server) - before) / reruns, slider, tuple(dict.fromkeys(problems)))


def fragment_rerun(server: Server, slug: str, reruns: int = 40) -> Rerun:
    """Server CPU per rerun of the first lab (fragment) on ``slug`` with a number slider, moved back and forth."""
    return asyncio.run(_measure(server, slug, reruns, fragment=True))


def full_rerun(server: Server, slug: str, reruns: int = 40) -> Rerun:
    """Server CPU per full rerun of ``slug`` over the websocket (the baseline for :func:`fragment_rerun`)."""
    return asyncio.run(_measure(server, slug, reruns, fragment=False))
