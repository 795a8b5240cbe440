"""Security: no raw HTML or script path in our code, content cannot inject script, config stays safe."""

from __future__ import annotations

import io
import re
import shutil
import tokenize
import tomllib
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from studylab.content.catalog import all_pages
from studylab.content.loader import ROOT, ROOT_ENV
from tests.serving import VIEWPORT, load_catalog, streamlit_server, wait_rendered

UNSAFE = re.compile(
    r"unsafe_allow_html\s*=\s*True|unsafe_allow_javascript|\b(?:st|components|v1)\s*\.\s*html\b"
    r"|\bcomponents\s*\.\s*v1\s+import\s+[\w\s,(]*\bhtml\b"
)
"""Ways to put raw HTML or script on a page; content and user input must never reach them."""
MARKER = "Hostile payload marker 7f3a"
PAYLOAD = f"""

{MARKER}.

<script>window.pwned=1</script>

<img src=x onerror="window.pwned=1">

Click [x](javascript:window.pwned=1) now.
"""


def code_files() -> list[Path]:
    return [ROOT / "app.py", *sorted((ROOT / "pages").rglob("*.py")), *sorted((ROOT / "studylab").rglob("*.py"))]


def unsafe_calls(source: str) -> list[str]:
    """Unsafe HTML calls in Python code, ignoring comments and string literals."""
    kept = [
        token.string
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type not in (tokenize.COMMENT, tokenize.STRING)
    ]
    return [" ".join(match.split()) for match in UNSAFE.findall(" ".join(kept))]


def test_scanner_finds_unsafe_calls() -> None:
    assert unsafe_calls("st.markdown(x, unsafe_allow_html=True)\n") == ["unsafe_allow_html = True"]
    assert unsafe_calls("return st.html(x)\n") == ["st . html"]
    assert unsafe_calls("components.html('<b>')\n") == ["components . html"]
    assert unsafe_calls("from streamlit.components.v1 import iframe, html\n") == [
        "components . v1 import iframe , html"
    ]
    assert unsafe_calls("import html\nhtml.escape(x)\n") == []
    assert unsafe_calls("st.html(x, unsafe_allow_javascript=True)\n") == ["st . html", "unsafe_allow_javascript"]
    assert unsafe_calls("# st.html is banned\nst.markdown('st.html')\n") == []


STATIC_CSS = {
    "studylab/present/slides_face.py": ("st.html(SLIDE_CSS)",),
    "studylab/present/keys_face.py": ("st.html(KEYS_CSS)", "st.html(PROJECTOR_CSS)", "st.html(BLANK_CSS)"),
    "studylab/ui/keys.py": ("st.html(KEYS_CSS)",),
}
"""The exceptions: static stylesheets for slides (projector-sized type, projector mode, the blank
screen, the hidden key buttons) and the rule hiding key-only study buttons; module constants with
no content or input in them."""


def test_code_never_renders_raw_html() -> None:
    found = {}
    for path in code_files():
        name = str(path.relative_to(ROOT))
        source = path.read_text()
        for allowed in STATIC_CSS.get(name, ()):
            source = source.replace(allowed, "")
        if calls := unsafe_calls(source):
            found[name] = calls
    assert found == {}, "content and user input must be rendered as Markdown, never as raw HTML"


def test_the_slide_stylesheets_are_only_stylesheets() -> None:
    from studylab.present import keys_face, slides_face

    sheets = [slides_face.SLIDE_CSS, keys_face.KEYS_CSS, keys_face.PROJECTOR_CSS, keys_face.BLANK_CSS]
    for sheet in sheets:
        assert sheet.startswith("<style>") and sheet.endswith("</style>")
        assert sheet.count("<") == 2 and "{{" not in sheet and "url(" not in sheet


def test_the_keys_stylesheet_is_only_a_stylesheet() -> None:
    from studylab.ui.keys import KEYS_CSS

    assert KEYS_CSS.startswith("<style>") and KEYS_CSS.endswith("</style>")
    assert KEYS_CSS.count("<") == 2 and "{{" not in KEYS_CSS and "url(" not in KEYS_CSS


def test_config_keeps_protections_on() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["enableCORS"] is True
    assert config["client"]["showErrorDetails"] == "none", "students never see tracebacks"


@pytest.mark.browser
def test_hostile_markdown_does_not_run(tree: Path, browser: Browser) -> None:
    target = next(page for page in all_pages(load_catalog()) if page.topic)
    topic_file = tree / "content" / f"{target.topic}.md"
    topic_file.write_text(topic_file.read_text() + PAYLOAD)
    shutil.copytree(ROOT / ".streamlit", tree / ".streamlit")
    env = {ROOT_ENV: str(tree), "PYTHONPATH": str(ROOT)}
    with streamlit_server(tree, env=env) as server:
        context = browser.new_context(viewport=VIEWPORT)
        try:
            page = context.new_page()
            page.goto(f"{server.url}/{target.slug}")
            wait_rendered(page)
            page.get_by_text(MARKER).wait_for()
            link = page.get_by_role("link", name="x", exact=True)
            if link.count():
                assert not (link.get_attribute("href") or "").lower().startswith("javascript:")
                link.click()
            dom = page.evaluate(
                """() => ({
                    pwned: typeof window.pwned,
                    scripts: [...document.scripts].filter(s => s.textContent.includes('pwned')).length,
                    handlers: [...document.querySelectorAll('*')].flatMap(e => [...e.attributes])
                        .filter(a => a.name.startsWith('on')).map(a => a.name + '=' + a.value),
                    javascriptLinks: [...document.querySelectorAll('a[href]')]
                        .filter(a => a.getAttribute('href').trim().toLowerCase().startsWith('javascript:')).length,
                })"""
            )
        finally:
            context.close()
    assert dom == {"pwned": "undefined", "scripts": 0, "handlers": [], "javascriptLinks": 0}
