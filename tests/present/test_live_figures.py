"""The live quiz's figures: the join link, its QR code and the misconceptions chart."""

from __future__ import annotations

import io
import re

import zxingcpp
from PIL import Image

from studylab.present.live_figures import build_misconceptions, join_url, qr_code, qr_svg
from studylab.present.scoring import WrongOption

LINK = "http://127.0.0.1:8621/live_join?code=K7F3QP"


def test_the_join_link_is_on_the_server_that_serves_the_page() -> None:
    assert join_url("http://127.0.0.1:8621/live_screen", "K7F3QP") == LINK
    assert (
        join_url("https://quiz.example.org/app/live_screen", "AB") == "https://quiz.example.org/app/live_join?code=AB"
    )
    assert join_url(None, "AB") == "/live_join?code=AB"


def test_the_qr_code_decodes_to_the_join_link() -> None:
    png = io.BytesIO()
    qr_code(LINK).save(png, kind="png", scale=6)
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png.getvalue())))
    assert [code.text for code in found] == [LINK]


def test_the_svg_draws_the_qr_codes_modules() -> None:
    svg = qr_svg(LINK, scale=1)
    size = len(qr_code(LINK).matrix) + 8  # the modules and a quiet zone of 4 on each side
    assert re.match(rf'<svg width="{size}" height="{size}"', svg)
    assert svg.count("h") > 0 and "<script" not in svg


def test_the_misconceptions_chart_names_each_belief_with_its_count() -> None:
    rows = [
        WrongOption(1, "Batch", 3, "batch_is_fast", "Batch is as fast as a stream."),
        WrongOption(3, "X", 1, "", ""),
    ]
    figure = build_misconceptions(rows)
    assert list(figure.data[0].x) == [3, 1]
    notes = [a.text.replace("<br>", " ") for a in figure.layout.annotations]
    assert "Batch is as fast as a stream." in notes[0] and "no misconception recorded" in notes[1]
