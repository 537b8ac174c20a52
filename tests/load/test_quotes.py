"""The closest-passage hint of a missed quote: right on real misses, bounded on hostile ones.

A quote not in its snapshot is reported with the passage it was most likely copied from. The
hint once aligned the quote character by character over the whole snapshot: 107 s for one
1,990-character quote against a 4 MiB snapshot, 56 s for 16 short ones. Now each miss costs
at most quotes.PROBES look-ups into an index of the snapshot's word runs; these tests count
them rather than time them.
"""
from __future__ import annotations

import random

import pytest

from bench.hostile import WORDS
from generator import quotes


def _snapshot(mib: float, seed: int = 7) -> tuple[str, list[str]]:
    rng = random.Random(seed)
    words, size = [], 0
    while size < mib * 2**20:
        words.append(rng.choice(WORDS) + (str(rng.randint(1, 999)) if rng.random() < 0.3 else ""))
        size += len(words[-1]) + 1
    return "\n".join(" ".join(words[i:i + 14]) for i in range(0, len(words), 14)) + "\n", words


def _copied(words: list[str], start: int, count: int, every: int) -> str:
    """Words start..start+count of the snapshot, with one in `every` changed, as a careless copy."""
    return " ".join("changed" if k % every == every // 2 else w for k, w in enumerate(words[start:start + count]))


def _line_of_word(words: list[str], i: int) -> int:
    return i // 14 + 1


class Counting(dict):
    """An index that counts its look-ups."""
    gets = 0

    def get(self, key, default=None):
        Counting.gets += 1
        return super().get(key, default)


@pytest.fixture
def counted(monkeypatch):
    real = quotes._Words.index

    def index(self, n):
        found = real(self, n)
        if not isinstance(found, Counting):
            found = self.runs[n] = Counting(found)
        return found

    monkeypatch.setattr(quotes._Words, "index", index)
    Counting.gets = 0
    return Counting


@pytest.fixture(scope="module")
def big():
    text, words = _snapshot(4)
    return quotes.normalise(text), words


def test_a_long_quote_against_4_mib_points_at_its_passage_within_the_budget(big, counted):
    snapshot, words = big
    start = len(words) // 3 + 5
    quote = _copied(words, start, 400, 10)[:1990]
    miss = quotes.find(quote, snapshot)
    assert miss is not None and miss.line == _line_of_word(words, start)
    assert miss.closest.startswith(" ".join(words[start:start + 4]))
    assert 0 < counted.gets <= quotes.PROBES


def test_sixteen_short_misses_each_point_at_their_line(big, counted):
    snapshot, words = big
    rng = random.Random(3)
    for _ in range(16):
        start = rng.randrange(0, len(words) - 20)
        quote = _copied(words, start, 12, 6)
        miss = quotes.find(quote, snapshot)
        assert miss is not None
        assert miss.line in (_line_of_word(words, start), _line_of_word(words, start) + 1)
        assert words[start + 1] in miss.closest
    assert counted.gets <= 16 * quotes.PROBES


def test_a_quote_sharing_no_run_of_words_gets_no_passage(big):
    snapshot, _ = big
    miss = quotes.find("Entirely unrelated words that no snapshot here holds.", snapshot)
    assert miss is not None and miss.closest == ""


def test_common_runs_are_skipped_rather_than_followed():
    """A run that occurs more often than OCCURRENCES votes nowhere: the rare runs decide."""
    common = "of the war " * (quotes.OCCURRENCES + 5)
    snapshot = quotes.normalise(common + "the launcher was hit near Kupiansk in June " + common)
    miss = quotes.find("of the war the launcher was struck near Kupiansk in June", snapshot)
    assert miss is not None and "launcher was hit near Kupiansk" in miss.closest


def test_the_index_is_built_once_per_snapshot(big, monkeypatch):
    snapshot, words = big
    quotes.find(_copied(words, 100, 30, 5), snapshot)
    built = snapshot.words
    quotes.find(_copied(words, 5000, 30, 5), snapshot)
    assert snapshot.words is built and set(built.runs) == {quotes.N}
