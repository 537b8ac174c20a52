"""The objects of a PDF as Typst writes it (a classic cross-reference table, no object streams),
read as bytes: where each object is, which objects it refers to, its dictionary rewritten with
new object numbers and its stream's data copied untouched.

pdf_join.py joins a report's parts with it. pypdf parses every object into Python objects and
writes them back; at 10,000 claims that was most of the join's time and memory. Here an
object's dictionary is scanned once, skipping its strings, and only the few objects the join
changes (links into the report, the catalog) are parsed into values."""
from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Body", "Name", "PdfPart", "Ref", "RawError", "decode_string", "emit", "encode_string", "parse", "renumbered"]

_WS = rb"\x00\t\n\x0c\r "
_REGULAR = rb"[^\x00\t\n\x0c\r ()<>\[\]{}/%]"
# In an object's dictionary, outside its strings: a string's start, a reference, a key the join
# drops (the parts' tags are left behind), and the keyword after which the stream's data comes.
_SCAN = re.compile(
    rb"(?P<str>\()"
    rb"|(?<!" + _REGULAR + rb")(?P<num>\d+)[" + _WS + rb"]+(?P<gen>\d+)[" + _WS + rb"]+R(?!" + _REGULAR + rb")"
    rb"|(?P<drop>/StructParents?[" + _WS + rb"]+\d+)(?!" + _REGULAR + rb")"
    rb"|(?<!" + _REGULAR + rb")(?P<kw>stream|endobj)(?!" + _REGULAR + rb")")
_HEAD = re.compile(rb"(\d+)[" + _WS + rb"]+(\d+)[" + _WS + rb"]+obj(?!" + _REGULAR + rb")")
_LENGTH = re.compile(rb"/Length[" + _WS + rb"]+(\d+)(?:[" + _WS + rb"]+(\d+)[" + _WS + rb"]+R)?(?!" + _REGULAR + rb")")


class RawError(ValueError):
    """A part's PDF is not written as this module expects (Typst's way)."""


class Ref(int):
    """An indirect reference, by object number (generation 0)."""


class Name(bytes):
    """A PDF name, as written (with its slash)."""


@dataclass
class Body:
    """One object: its dictionary (or other value) as written, the spans of its references and
    dropped keys in it, and its stream's data (None if it has none)."""

    text: bytes
    refs: list[tuple[int, int, int]]  # (start, end, object number) in text
    drops: list[tuple[int, int]]
    strings: list[tuple[int, int]]
    stream: bytes | None


class PdfPart:
    """One compilation's PDF, its objects found through its cross-reference table."""

    def __init__(self, data: bytes):
        self.data = data
        self.offsets = self._xref()

    def _xref(self) -> dict[int, int]:
        at = _rfind(self.data, b"startxref")
        start = int(self.data[at + 9:].split()[0])
        if not self.data.startswith(b"xref", start):
            raise RawError("no classic cross-reference table (an xref stream?)")
        lines = iter(self.data[start + 4:].split(b"\n"))
        offsets: dict[int, int] = {}
        self.trailer_at = None
        for line in lines:
            line = line.strip()
            if not line:
                continue
            if line.startswith(b"trailer"):
                break
            first, count = map(int, line.split())
            for n in range(first, first + count):
                entry = next(lines).split()
                if entry[2] == b"n":
                    offsets[n] = int(entry[0])
        self.trailer = parse(self.data, self.data.index(b"trailer", start) + 7)[0]
        if b"/Prev" in self.trailer:
            raise RawError("an updated PDF (more than one cross-reference table)")
        return offsets

    def body(self, number: int) -> Body:
        """Object `number`: scanned to the end of its dictionary (or value), its stream kept as bytes."""
        head = _HEAD.match(self.data, self.offsets[number])
        if head is None or int(head.group(1)) != number:
            raise RawError(f"object {number} is not where the cross-reference table says")
        data, pos = self.data, head.end()
        refs, drops, strings = [], [], []
        while True:
            m = _SCAN.search(data, pos)
            if m is None:
                raise RawError(f"object {number} does not end")
            if m.group("str"):
                end = _string_end(data, m.start())
                strings.append((m.start() - head.end(), end - head.end()))
                pos = end
            elif m.group("num"):
                refs.append((m.start() - head.end(), m.end() - head.end(), int(m.group("num"))))
                pos = m.end()
            elif m.group("drop"):
                drops.append((m.start() - head.end(), m.end() - head.end()))
                pos = m.end()
            else:
                break
        text = data[head.end():m.start()]
        stream = None
        if m.group("kw") == b"stream":
            begin = m.end() + (2 if data.startswith(b"\r\n", m.end()) else 1)
            length = _LENGTH.search(text)
            if length is None:
                raise RawError(f"object {number}: a stream without /Length")
            size = int(length.group(1)) if length.group(2) is None else self._number(int(length.group(1)))
            stream = data[begin:begin + size]
        return Body(text, refs, drops, strings, stream)

    def _number(self, number: int) -> int:
        head = _HEAD.match(self.data, self.offsets[number])
        return int(self.data[head.end():].split()[0])

    def value(self, number: int):
        """Object `number` parsed into values (dict, list, Ref, Name, bytes): for the few the join reads."""
        head = _HEAD.match(self.data, self.offsets[number])
        return parse(self.data, head.end())[0]


def _rfind(data: bytes, what: bytes) -> int:
    at = data.rfind(what)
    if at < 0:
        raise RawError(f"no {what.decode()}")
    return at


def _string_end(data: bytes, start: int) -> int:
    """The end of the literal string that opens at `start`: parentheses nest, a backslash escapes."""
    depth, i = 0, start
    n = len(data)
    while i < n:
        c = data[i]
        if c == 0x5C:  # backslash
            i += 2
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise RawError("a string that does not end")


def renumbered(body: Body, numbering: dict[int, int]) -> bytes:
    """The object's dictionary with every reference renumbered (an object not copied: null) and
    the dropped keys left out."""
    cuts = sorted([(s, e, numbering.get(n)) for s, e, n in body.refs] + [(s, e, -1) for s, e in body.drops])
    out, pos = [], 0
    for start, end, new in cuts:
        out.append(body.text[pos:start])
        if new is None:
            out.append(b"null")
        elif new >= 0:
            out.append(b"%d 0 R" % new)
        pos = end
    out.append(body.text[pos:])
    return b"".join(out)


# -- values: the few objects the join parses --------------------------------------------------

_TOKEN = re.compile(
    rb"[" + _WS + rb"]*(?:(?P<open><<|\[)|(?P<close>>>|\])|(?P<str>\()|(?P<hex><[0-9A-Fa-f" + _WS + rb"]*>)"
    rb"|(?P<ref>(\d+)[" + _WS + rb"]+(\d+)[" + _WS + rb"]+R(?!" + _REGULAR + rb"))"
    rb"|(?P<name>/" + _REGULAR + rb"*)|(?P<word>" + _REGULAR + rb"+))")


def parse(data: bytes, pos: int):
    """The value that starts at `pos` and where it ends: a dict (Name keys), a list, a Ref, a Name,
    or bytes as written (numbers, strings, booleans)."""
    m = _TOKEN.match(data, pos)
    if m is None:
        raise RawError(f"no PDF value at byte {pos}")
    if m.group("open"):
        items, pos = [], m.end()
        while True:
            close = _TOKEN.match(data, pos)
            if close is not None and close.group("close"):
                pos = close.end()
                break
            item, pos = parse(data, pos)
            items.append(item)
        if m.group("open") == b"[":
            return items, pos
        return dict(zip(items[::2], items[1::2])), pos
    if m.group("str"):
        end = _string_end(data, m.start("str"))
        return data[m.start("str"):end], end
    if m.group("ref"):
        return Ref(int(m.group(6))), m.end()
    if m.group("name"):
        return Name(m.group("name")), m.end()
    if m.group("hex") or m.group("word"):
        return m.group("hex") or m.group("word"), m.end()
    raise RawError(f"unexpected {m.group('close')!r} at byte {pos}")


def emit(value) -> bytes:
    """A value back as PDF syntax."""
    if isinstance(value, dict):
        return b"<<" + b"".join(emit(k) + b" " + emit(v) for k, v in value.items()) + b">>"
    if isinstance(value, list):
        return b"[" + b" ".join(emit(v) for v in value) + b"]"
    if isinstance(value, Ref):
        return b"%d 0 R" % value
    if isinstance(value, float):
        return (b"%.4f" % value).rstrip(b"0").rstrip(b".")
    if isinstance(value, int):
        return b"%d" % value
    return bytes(value)


_ESCAPES = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b", ord("f"): b"\f"}


def decode_string(raw: bytes) -> str:
    """A string as written ((literal) or <hex>) to text: UTF-16 with its byte-order mark, else
    PDFDocEncoding taken as Latin-1 (all the join reads are ASCII addresses)."""
    if raw.startswith(b"<"):
        data = bytes.fromhex(raw[1:-1].decode("ascii"))
    else:
        out, i, inner = bytearray(), 0, raw[1:-1]
        while i < len(inner):
            c = inner[i]
            if c != 0x5C:
                out.append(c)
                i += 1
                continue
            nxt = inner[i + 1:i + 2]
            if nxt.isdigit():
                octal = re.match(rb"[0-7]{1,3}", inner[i + 1:]).group()
                out.append(int(octal, 8) & 0xFF)
                i += 1 + len(octal)
            elif nxt in (b"\n", b"\r"):
                i += 2 + (inner[i + 1:i + 3] == b"\r\n")
            else:
                out += _ESCAPES.get(nxt[0], nxt) if nxt else b""
                i += 2
        data = bytes(out)
    if data.startswith(b"\xfe\xff"):
        return data[2:].decode("utf-16-be")
    return data.decode("latin-1")


def encode_string(text: str) -> bytes:
    """Text as a PDF string: ASCII as a literal, anything else as UTF-16 in hex."""
    if text.isascii():
        return b"(" + text.encode("ascii").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"
    return b"<feff" + text.encode("utf-16-be").hex().encode("ascii") + b">"
