"""Links between generated pages: the fast relative path equals posixpath.relpath."""
from __future__ import annotations

import posixpath

from hypothesis import given
from hypothesis import strategies as st

from generator.pages.addresses import _relative

folders = st.lists(st.sampled_from(["claims", "weapons", "a", "b", "about"]), max_size=3)
files = st.sampled_from(["index.md", "x.md", "report.pdf"])


@given(folders, files, folders)
def test_relative_matches_relpath(where, name, folder):
    """Every page path ends in a file: the targets of links are pages and downloads."""
    path_s, folder_s = "/".join([*where, name]), "/".join(folder)
    assert _relative(path_s, folder_s) == posixpath.relpath(path_s, folder_s or ".")
