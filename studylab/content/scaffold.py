"""A new topic's two files: its Markdown (every required field, marked TODO) and its page script."""

from __future__ import annotations

import re

from studylab.content.schemas import SLUG

PAGE_SCRIPT = "from studylab.topic_face import topic_page\n\ntopic_page(__file__)\n"
"""Every topic page is these two lines; what the page shows is listed in the topic's front matter."""

TOPIC_TEMPLATE = """---
id: {id}
title: {title}
section: {section}
order: 99
summary: >-
  TODO one sentence: what the student will be able to do after this page.
opener:
  question: >-
    TODO a concrete situation or question to think about before reading.
  answer: >-
    TODO the short answer.
shows: []
key_terms:
  - term: TODO term
    definition: >-
      TODO definition in plain words.
misconceptions:
  - myth: >-
      TODO a wrong belief students often hold.
    truth: >-
      TODO what is true instead.
sources: [FDE ch. 3]
---

TODO the explanation. A line that is exactly `---` ends a slide; a paragraph starting with `Note:` is a
speaker note; `[[figure: diagram <id>]]` puts a live figure on a slide.
"""


def scaffold(topic_id: str, section: str, title: str | None = None) -> dict[str, str]:
    """Relative path -> text of the files a new topic needs; ValueError for an id or section that is not a slug."""
    for name, value in (("id", topic_id), ("section", section)):
        if not re.fullmatch(SLUG, value):
            raise ValueError(f"{name} {value!r} must be lower-case letters, digits and _ (e.g. data_mesh)")
    text = TOPIC_TEMPLATE.format(id=topic_id, title=title or topic_id.replace("_", " ").capitalize(), section=section)
    return {f"content/{topic_id}.md": text, f"pages/{topic_id}.py": PAGE_SCRIPT}
