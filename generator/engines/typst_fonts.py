"""The fonts the PDF is set in, and the check that they cover the content.

Typst prints a character no font has as an empty box, without a word. So
before compiling, every character of the document is looked up in the fonts
the layout names; a missing font or glyph stops the export with a message
that names the Debian package to install.
"""
from __future__ import annotations

import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import typst

# The layout's font chains, by the script they are there for. The first two
# (Latin, Greek and Cyrillic; Korean) are the ones the report needs; the others
# are taken when the content holds their script.
SCRIPTS: tuple[tuple[str, str, str, str], ...] = (
    # script, serif family, sans family, Debian package
    ("Latin, Greek or Cyrillic", "Noto Serif", "Noto Sans", "fonts-noto-core"),
    ("Korean or other CJK", "Noto Serif CJK KR", "Noto Sans CJK KR", "fonts-noto-cjk"),
    ("Hebrew", "Noto Serif Hebrew", "Noto Sans Hebrew", "fonts-noto-core"),
    ("Arabic", "Noto Naskh Arabic", "Noto Sans Arabic", "fonts-noto-core"),
)
# Taken, where installed, for symbols the text fonts lack.
FALLBACKS: tuple[str, ...] = ("Noto Sans Symbols", "Noto Sans Symbols2", "Noto Sans Math", "DejaVu Sans")

_SCRIPT_RANGES: tuple[tuple[int, int, int], ...] = (
    # first, last code point, index into SCRIPTS
    (0x1100, 0x11FF, 1), (0x2E80, 0x2FDF, 1), (0x3000, 0x303F, 1), (0x3040, 0x30FF, 1),
    (0x3130, 0x318F, 1), (0x31F0, 0x31FF, 1), (0x3400, 0x4DBF, 1), (0x4E00, 0x9FFF, 1),
    (0xA960, 0xA97F, 1), (0xAC00, 0xD7FF, 1), (0xF900, 0xFAFF, 1), (0xFF00, 0xFFEF, 1),
    (0x0590, 0x05FF, 2), (0xFB1D, 0xFB4F, 2),
    (0x0600, 0x06FF, 3), (0x0750, 0x077F, 3), (0x08A0, 0x08FF, 3), (0xFB50, 0xFDFF, 3), (0xFE70, 0xFEFF, 3),
)


class MissingFonts(Exception):
    """The content needs a font or a glyph that is not installed."""


@dataclass(frozen=True)
class FontPlan:
    """What the template is given: the font chains, only with installed families."""

    serif: tuple[str, ...]
    sans: tuple[str, ...]
    fonts: typst.Fonts

    def as_data(self) -> dict:
        return {"serif": list(self.serif), "sans": list(self.sans)}


def script_of(ch: str) -> int:
    code = ord(ch)
    for first, last, index in _SCRIPT_RANGES:
        if first <= code <= last:
            return index
    return 0


def needs_glyph(ch: str) -> bool:
    """White space and format characters are laid out, not drawn."""
    return not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf", "Zs", "Zl", "Zp")


def plan(text: str, fonts: typst.Fonts | None = None) -> FontPlan:
    """The font chains for a document holding `text`; raises MissingFonts."""
    fonts = fonts or system_fonts()
    installed = _regular_faces(fonts)
    chars = sorted({ch for ch in text if needs_glyph(ch)})
    scripts = {0} | {script_of(ch) for ch in chars}
    problems = []
    for index in sorted(scripts):
        script, serif, sans, package = SCRIPTS[index]
        example = next((ch for ch in chars if script_of(ch) == index), "")
        for family in (serif, sans):
            if family not in installed:
                shown = f" (such as '{example}')" if index else ""
                problems.append(f"the content holds {script} text{shown}, but the font '{family}' is not "
                                f"installed: install the Debian package {package} (scripts/system-deps does)")
    if problems:
        raise MissingFonts("; ".join(dict.fromkeys(problems)))
    chosen = [i for i in range(len(SCRIPTS)) if i in scripts]
    fallbacks = tuple(f for f in FALLBACKS if f in installed)
    serif = tuple(SCRIPTS[i][1] for i in chosen) + fallbacks
    sans = tuple(SCRIPTS[i][2] for i in chosen) + fallbacks
    for chain in (serif, sans):
        _check_glyphs(chars, chain, installed)
    return FontPlan(serif, sans, fonts)


def _check_glyphs(chars: list[str], chain: tuple[str, ...], installed: dict[str, tuple[str, int]]) -> None:
    sets = [_charset(*installed[family]) for family in chain]
    if any(s is None for s in sets):  # fc-query is not there: the family check above is all we can do
        return
    missing = [ch for ch in chars if not any(ord(ch) in s for s in sets)]
    if missing:
        shown = ", ".join(f"U+{ord(ch):04X} '{ch}'" for ch in missing[:10])
        more = f" and {len(missing) - 10} more" if len(missing) > 10 else ""
        raise MissingFonts(f"no installed font of the layout ({', '.join(chain)}) has a glyph for "
                           f"{shown}{more}: install a font that covers them, or write them differently")


@lru_cache(maxsize=1)
def system_fonts() -> typst.Fonts:
    """The system's fonts only: never Typst's own, so nothing is set in a font the check did not see."""
    return typst.Fonts(include_system_fonts=True, include_embedded_fonts=False)


def _regular_faces(fonts: typst.Fonts) -> dict[str, tuple[str, int]]:
    """family -> (file, index) of its upright regular face (or its first face)."""
    faces: dict[str, tuple[str, int]] = {}
    for info in sorted(fonts.fonts(), key=lambda f: (f.style != "normal", abs(f.weight - 400), f.path or "")):
        if info.path and info.family not in faces:
            faces[info.family] = (info.path, info.index)
    return faces


@lru_cache(maxsize=64)
def _charset(path: str, index: int) -> frozenset[int] | range | None:
    """The code points a font file has glyphs for, from fontconfig's fc-query."""
    tool = shutil.which("fc-query")
    if not tool:
        return None
    out = subprocess.run([tool, "-i", str(index), "-f", "%{charset}", path],
                         capture_output=True, text=True, check=False).stdout
    points: set[int] = set()
    for part in out.split():
        first, _, last = part.partition("-")
        points.update(range(int(first, 16), int(last or first, 16) + 1))
    return frozenset(points)
