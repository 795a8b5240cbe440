"""The page catalog: every page of the app, grouped by section, built from content.

Topic pages come from ``content/*.md`` (one page per topic, ``pages/<id>.py``);
tool pages (glossary, quiz, ...) come from ``data/pages.csv``. The menu, the home
page and the tests all read this one catalog.
"""

from __future__ import annotations

from dataclasses import dataclass

from studylab.content.loader import Content, ContentError

HOME = "app.py"
"""The home page script."""

TOPIC_ICON = ":material/article:"
"""Menu icon for topic pages."""


@dataclass(frozen=True)
class Page:
    """One entry in the menu."""

    slug: str
    """File stem of the page script and its URL path."""
    title: str
    label: str
    """The (possibly shorter) title shown in the menu and on the home page."""
    section: str
    icon: str
    order: int
    summary: str
    topic: str | None
    """The topic the page presents, or None for a tool page."""

    @property
    def path(self) -> str:
        """The script path relative to the repository root."""
        return f"pages/{self.slug}.py"


@dataclass(frozen=True)
class Section:
    """A menu group and its pages, in order."""

    id: str
    title: str
    icon: str
    blurb: str
    pages: tuple[Page, ...]


def page_scripts(content: Content) -> set[str]:
    """Stems of the page scripts that exist in ``pages/``."""
    return {path.stem for path in (content.root / "pages").glob("*.py")}


def build_catalog(content: Content, scripts: set[str] | None = None) -> list[Section]:
    """Sections in menu order, each with its pages in order.

    Pages whose section is unknown, or (when ``scripts`` is given) whose script
    does not exist, are left out; the content check reports both.
    """
    pages: list[Page] = [
        Page(
            slug=t.id,
            title=t.meta.title,
            label=t.meta.menu_title or t.meta.title,
            section=t.meta.section,
            icon=TOPIC_ICON,
            order=t.meta.order,
            summary=t.meta.summary,
            topic=t.id,
        )
        for t in content.topics.values()
    ]
    tool_pages = content.tables.get("pages")
    if tool_pages is not None:
        pages += [
            Page(
                slug=row.slug,
                title=row.title,
                label=row.title,
                section=row.section,
                icon=row.icon,
                order=row.order,
                summary=row.summary,
                topic=None,
            )
            for row in tool_pages.itertuples()
        ]
    if scripts is not None:
        pages = [p for p in pages if p.slug in scripts]
    sections = content.tables.get("sections")
    if sections is None:
        return []
    result = []
    for row in sections.sort_values(["order", "id"]).itertuples():
        members = sorted((p for p in pages if p.section == row.id), key=lambda p: (p.order, p.slug))
        result.append(Section(id=row.id, title=row.title, icon=row.icon, blurb=row.blurb, pages=tuple(members)))
    return result


def all_pages(catalog: list[Section]) -> list[Page]:
    """Every page in menu order."""
    return [page for section in catalog for page in section.pages]


def find_page(catalog: list[Section], slug: str) -> Page | None:
    """The page with this slug, if the catalog has it."""
    return next((p for p in all_pages(catalog) if p.slug == slug), None)


def check_pages(content: Content) -> list[ContentError]:
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
