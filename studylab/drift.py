"""Drift between content and code: every topic and tool page has a script, and back."""

from __future__ import annotations

from studylab.catalog import all_pages, build_catalog, page_scripts
from studylab.content import Content, ContentError


def check_drift(content: Content) -> list[ContentError]:
    """Problems where the page catalog and the ``pages/`` folder disagree."""
    problems: list[ContentError] = []
    catalog = all_pages(build_catalog(content))
    listed = {page.slug for page in catalog}
    scripts = page_scripts(content)
    for page in catalog:
        if page.slug not in scripts:
            where = f"content/{page.slug}.md" if page.topic else "data/pages.csv"
            problems.append(ContentError(where, "file", f"no page script {page.path} presents it"))
    for slug in sorted(scripts - listed):
        problems.append(
            ContentError(f"pages/{slug}.py", "file", "page is in no catalog (add a topic or a data/pages.csv row)")
        )
    slugs = [page.slug for page in catalog]
    for slug in sorted({s for s in slugs if slugs.count(s) > 1}):
        problems.append(ContentError("data/pages.csv", f"slug {slug}", "a tool page has the same slug as a topic"))
    return problems
