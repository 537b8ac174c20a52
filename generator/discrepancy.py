"""The shape of a discrepancy, shared by resolve.py and spelling.py (which resolve.py calls)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Version:
    """One side of a discrepancy: what one source (or claim) says."""

    label: str  # who says it: a source's publisher or a claim's statement
    source_id: str | None
    claim_id: str | None
    says: str
    quote: str | None = None  # the words of the source behind it, where one side is a claim


@dataclass(frozen=True)
class Discrepancy:
    aspect: str  # "date", "figure", "wording", "spelling", "declared"
    subject_kind: str  # "claim" or an entity kind
    subject_id: str
    title: str
    versions: tuple[Version, ...]
    # Each note apart, never run together: (who wrote it, a publisher, or None where the note is
    # the records' own, the note).
    notes: tuple[tuple[str | None, str], ...]
    found: bool  # True: found by the generator; False: declared in the records
    subjects: tuple[str, ...] = ()  # every claim one shared difference is found in (subject_id first)

    def __post_init__(self) -> None:
        # A str here would show as one note per character: fail where it is made instead.
        if not (isinstance(self.notes, tuple)
                and all(isinstance(n, tuple) and len(n) == 2 and isinstance(n[1], str) for n in self.notes)):
            raise TypeError(f"Discrepancy.notes must be a tuple of (who, note) pairs, not {self.notes!r}")
