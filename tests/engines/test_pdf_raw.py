"""engines/pdf_raw.py: a PDF's objects read as bytes, renumbered without touching strings or streams."""
from __future__ import annotations

import pytest

from generator.engines.pdf_raw import (Name, PdfPart, RawError, Ref, decode_string, emit, encode_string, parse,
                                       renumbered)


def _pdf(objects: dict[int, bytes], root: int) -> bytes:
    """A classic PDF of the given object bodies, as Typst writes one."""
    out = bytearray(b"%PDF-1.7\n%\x80\x80\x80\x80\n\n")
    offsets = {}
    for n, body in sorted(objects.items()):
        offsets[n] = len(out)
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    size = max(objects) + 1
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f\r\n" % size
    out += b"".join(b"%010d 00000 n\r\n" % offsets[n] if n in offsets else b"0000000000 65535 f\r\n"
                    for n in range(1, size))
    out += b"trailer\n<</Size %d/Root %d 0 R>>\nstartxref\n%d\n%%%%EOF" % (size, root, start)
    return bytes(out)


HOSTILE = rb"(A title (with 3 0 R and /StructParent 7) stream endobj \) \\)"


def test_references_are_renumbered_but_not_inside_strings():
    part = PdfPart(_pdf({1: b"<</Type/Catalog/Pages 2 0 R>>",
                         2: b"<</Type/Annot/Subtype/Link/T" + HOSTILE + b"/Dest[2 0 R/XYZ 0 0 0]/StructParent 4"
                            b"/F1 0 R/Next 12 0 R>>"}, root=1))
    body = part.body(2)
    assert [r for _, _, r in body.refs] == [2, 12]
    text = renumbered(body, {2: 40})  # 12 is not copied: it becomes null
    assert HOSTILE in text
    assert b"/Dest[40 0 R/XYZ 0 0 0]" in text and b"/Next null" in text
    assert b"/StructParent 4" not in text  # the tags are left behind
    assert b"/F1 0 R" in text  # a name ending in a digit is not a reference's number


def test_a_stream_is_copied_as_written():
    data = b"BT (1 0 R) Tj ET endobj stream \x00\xff"
    part = PdfPart(_pdf({1: b"<</Type/Catalog/Pages 2 0 R>>",
                         2: b"<</Length %d/Filter/FlateDecode>>\nstream\n" % len(data) + data + b"\nendstream"},
                        root=1))
    body = part.body(2)
    assert body.stream == data
    assert body.refs == []


def test_values_parse_and_write_back():
    value, end = parse(b"<</A[1 0 R 2.5 -3 true null]/B<</C(x\\)y)/D<feff0041>>>/E/F>> trailing", 0)
    assert value == {b"/A": [1, b"2.5", b"-3", b"true", b"null"], b"/B": {b"/C": b"(x\\)y)", b"/D": b"<feff0041>"},
                     b"/E": b"/F"}
    assert isinstance(value[b"/A"][0], Ref) and isinstance(value[b"/E"], Name)
    assert emit(value) == b"<</A [1 0 R 2.5 -3 true null]/B <</C (x\\)y)/D <feff0041>>>/E /F>>"
    assert parse(emit(value), 0)[0] == value
    assert emit([1.5, 2.0, 0.12345]) == b"[1.5 2 0.1235]"


@pytest.mark.parametrize("text", ["claimsite-xref:claim-a", "Page 12", "a (b) \\ c", "북한", "Ünïcode"])
def test_strings_round_trip(text):
    assert decode_string(encode_string(text)) == text


def test_literal_escapes_decode():
    assert decode_string(rb"(a\(b\)\\\101\n\
c)") == "a(b)\\A\nc"


def test_a_pdf_of_another_kind_is_refused():
    with pytest.raises(RawError):
        PdfPart(b"%PDF-1.7\n1 0 obj\n<</Type/XRef>>\nstream\n\nendstream\nendobj\nstartxref\n9\n%%EOF")
