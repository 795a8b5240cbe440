"""ui/notes.py: every note a face asks for exists in data/lab_notes.csv, and every note is used."""

from __future__ import annotations

import re
import string

from studylab.content.loader import ROOT, Content

NOTE_CALL = re.compile(r"""\bnote\(\s*["']([a-z0-9_]+)["']""")
NOTE_FAMILY = re.compile(r"""\bnote\(\s*f["']([a-z0-9_]+)\{""")
"""A note id built from a prefix and a value (``note(f"tier_design_{design}")``): a family of notes."""


def _used() -> set[str]:
    """Every note id asked for by a face that reads its notes through ``ui.notes``."""
    texts = [path.read_text("utf-8") for path in ROOT.glob("studylab/**/*face.py")]
    return {name for text in texts if "from studylab.ui.notes import note" in text for name in NOTE_CALL.findall(text)}


def test_every_note_a_face_names_exists(content: Content) -> None:
    ids = set(content.table("lab_notes")["id"])
    used = _used()
    assert used, "the scan finds the faces' notes"
    assert used <= ids, sorted(used - ids)


def _families() -> set[str]:
    texts = [path.read_text("utf-8") for path in ROOT.glob("studylab/**/*face.py")]
    faces = [text for text in texts if "from studylab.ui.notes import note" in text]
    return {name for text in faces for name in NOTE_FAMILY.findall(text)}


def test_every_note_is_used_by_a_face(content: Content) -> None:
    families = _families()
    unused = {
        note_id
        for note_id in set(content.table("lab_notes")["id"]) - _used()
        if not any(note_id.startswith(prefix) for prefix in families)
    }
    assert not unused, sorted(unused)


def test_every_family_of_notes_has_members(content: Content) -> None:
    ids = set(content.table("lab_notes")["id"])
    for prefix in _families():
        assert any(note_id.startswith(prefix) for note_id in ids), prefix


def test_placeholders_are_plain_names(content: Content) -> None:
    for text in content.table("lab_notes")["text"]:
        names = [field for _, field, _, _ in string.Formatter().parse(text) if field is not None]
        assert all(re.fullmatch(r"[a-z_]+", name) for name in names), text
