"""A big calendar text held as pieces, with an index from UID to the pieces that mention it.

`remind` and `import` ask a handful of questions per interview (is it there, how does it write
times, which of noshow's components exist) and apply a handful of operations (import it, keep its
alarms current, add or rewrite noshow's components). Each operation is a pure function of the
whole item text (:mod:`noshow.owned`, :mod:`noshow.importing`), so on a 10 MB calendar every one
of them used to split and parse 10 MB: the cost was interviews x file size.

:class:`IndexedText` splits the text once into *pieces*: the text before and including
``BEGIN:VCALENDAR`` (the head), each component directly inside the calendar, each of the
calendar's own property lines, and ``END:VCALENDAR`` with whatever follows (the tail). Each
component piece is indexed by the UID and RELATED-TO values of everything in it. An operation
about some UIDs then runs on an *excerpt*: the head, the tail, the calendar's properties, its
VTIMEZONEs and the pieces that mention one of those UIDs, in their order, with every run of
other pieces replaced by one placeholder property line. The operations only ever look at
components by UID or RELATED-TO, at the calendar's VTIMEZONEs and at its END line, and they never
touch a line outside the components they replace, so the excerpt gives them the same answers as
the whole text and its placeholders come back untouched; the pieces between placeholders in the
result replace the pieces they stood for. The whole text is joined again only when it is asked
for (at commit). Anything unexpected (several calendars, a placeholder missing from a result)
falls back to applying the operation to the whole text, so this can only cost time.

Byte-identical results are tested against the plain path on generated calendars.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from noshow.icsedit import (
    Component,
    _unfold,
    parse_components,
    physical_lines,
    walk,
)

#: Item texts at least this long (characters) are worked on through an index; smaller ones whole.
INDEX_FROM = 1 << 16

T = TypeVar("T")
_KEYED = frozenset({"UID", "RELATED-TO"})


@dataclass(eq=False)
class _Piece:
    text: str
    keys: frozenset[str] | None  # UID / RELATED-TO values inside; None: in every excerpt
    pos: int = 0
    dead: bool = False
    crlf: bool = field(init=False)
    lf: bool = field(init=False)

    def __post_init__(self) -> None:
        self.crlf = "\r\n" in self.text
        self.lf = "\n" in self.text


def _keys(component: Component) -> frozenset[str] | None:
    if component.name == "VTIMEZONE":
        return None
    found: set[str] = set()
    for inner in walk([component]):
        found.add((inner.first("UID") or "").strip())
        found.add((inner.first("RELATED-TO") or "").strip())
    found.discard("")  # asking about "" selects every piece (see IndexedText._excerpt)
    return frozenset(found)


def _split(lines: list[str], roots: list[Component]) -> list[_Piece] | None:
    """The pieces of a text holding exactly one complete VCALENDAR (None for anything else)."""
    if len(roots) != 1 or roots[0].name != "VCALENDAR" or roots[0].end < 0:
        return None
    calendar = roots[0]
    _, index = _unfold(lines, calendar.begin)
    pieces = [_Piece("".join(lines[:index]), None)]
    children = {child.begin: child for child in calendar.children}
    while index < calendar.end:
        child = children.get(index)
        if child is not None:
            after = child.end + 1
            if child.end < 0 or (after < len(lines) and lines[after][:1] in (" ", "\t")):
                return None  # a folded END line: not worth the care
            pieces.append(_Piece("".join(lines[index:after]), _keys(child)))
        else:
            _, after = _unfold(lines, index)
            if after > calendar.end:
                return None
            pieces.append(_Piece("".join(lines[index:after]), None))
        index = after
    if index != calendar.end:
        return None
    pieces.append(_Piece("".join(lines[calendar.end :]), None))
    return pieces


class IndexedText:
    """One item's working text as indexed pieces (see the module docstring)."""

    def __init__(self, pieces: list[_Piece], text: str) -> None:
        self._load(pieces, text)

    def _load(self, pieces: list[_Piece], text: str) -> None:
        self._pieces = pieces
        self._index: dict[str, list[_Piece]] = {}
        self._crlf = 0
        self._lf = 0
        self._joined: str | None = text
        self._excerpts: dict[frozenset[str], tuple[str, list[_Piece], list[tuple[int, int]]]] = {}
        self._always: list[_Piece] | None = None
        self._tag = _free_tag(text)
        for position, piece in enumerate(pieces):
            piece.pos = position
            self._add(piece)

    @classmethod
    def build(cls, text: str) -> IndexedText | None:
        """``text`` indexed, or None when it is not one complete VCALENDAR."""
        lines = physical_lines(text)
        # Only what the pieces' keys read: the whole line model of a 50 MB text is ten times it.
        pieces = _split(lines, parse_components(lines, _KEYED))
        del lines
        return None if pieces is None else cls(pieces, text)

    def _add(self, piece: _Piece) -> None:
        self._crlf += piece.crlf
        self._lf += piece.lf
        for key in piece.keys or ():
            self._index.setdefault(key, []).append(piece)

    def _drop(self, piece: _Piece) -> None:
        piece.dead = True
        self._crlf -= piece.crlf
        self._lf -= piece.lf

    def text(self) -> str:
        """The whole text (joined once per change)."""
        if self._joined is None:
            self._joined = "".join(p.text for p in self._pieces)
        return self._joined

    def _placeholder(self, number: int) -> str:
        # The line ending keeps newline_of(excerpt) == newline_of(whole text).
        if self._crlf:
            ending = "\r\n"
        elif self._lf or not any("\r" in p.text for p in self._pieces):
            ending = "\n"
        else:
            ending = "\r"
        return f"X-NOSHOW-SPAN-{self._tag}-{number}:{ending}"

    def excerpt(self, keys: Iterable[str]) -> str:
        """The text reduced to what matters for these UIDs (see the module docstring)."""
        return self._excerpt(frozenset(keys))[0]

    def _excerpt(self, keys: frozenset[str]) -> tuple[str, list[_Piece], list[tuple[int, int]]]:
        cached = self._excerpts.get(keys)
        if cached is not None:
            return cached
        if self._always is None:
            self._always = [p for p in self._pieces if p.keys is None]
        chosen = {p.pos for p in self._always}
        if "" in keys:  # components without a UID would match: everything counts
            chosen = set(range(len(self._pieces)))
        for key in keys:
            chosen.update(p.pos for p in self._index.get(key, ()) if not p.dead)
        parts: list[str] = []
        selected: list[_Piece] = []
        runs: list[tuple[int, int]] = []
        previous = -1
        for position in sorted(chosen):
            if position > previous + 1:
                parts.append(self._placeholder(len(runs)))
                runs.append((previous + 1, position))
            piece = self._pieces[position]
            parts.append(piece.text)
            selected.append(piece)
            previous = position
        result = ("".join(parts), selected, runs)
        self._excerpts[keys] = result
        return result

    def apply(
        self, operation: Callable[[str], tuple[str, T]], keys: Iterable[str]
    ) -> tuple[bool, T]:
        """Apply ``operation`` (about these UIDs) to the text. Returns (changed, its result)."""
        excerpt, selected, runs = self._excerpt(frozenset(keys))
        new, result = operation(excerpt)
        if new == excerpt:
            return False, result
        if not self._merge(new, selected, runs):
            before = self.text()
            whole, result = operation(before)
            if whole == before:
                return False, result
            self._reset(whole)
        return True, result

    def _reset(self, text: str) -> None:
        lines = physical_lines(text)
        pieces = _split(lines, parse_components(lines, _KEYED))
        if pieces is None:
            pieces = [_Piece(text, None)]  # whole, in every excerpt: correct, just not fast
        self._load(pieces, text)

    def _merge(self, new: str, selected: list[_Piece], runs: list[tuple[int, int]]) -> bool:
        """Put an operation's result on the excerpt back into the pieces; False when its
        placeholders did not come back as they were (the caller then works on the whole)."""
        gaps = self._gaps(new, len(runs))
        if gaps is None:
            return False
        # The old selected pieces, grouped the same way (the runs separate them).
        old_gaps: list[list[_Piece]] = [[] for _ in gaps]
        number = 0
        for piece in selected:
            while number < len(runs) and runs[number][1] <= piece.pos:
                number += 1
            old_gaps[number].append(piece)
        replacements: list[tuple[int, int, list[_Piece]]] = []
        for old, fresh in zip(old_gaps, gaps, strict=True):
            if len(old) == len(fresh):
                for before, after in zip(old, fresh, strict=True):
                    if before.text != after.text:
                        self._drop(before)
                        before.dead = False
                        before.text, before.keys = after.text, after.keys
                        before.crlf, before.lf = after.crlf, after.lf
                        self._add(before)
                continue
            for piece in old:
                self._drop(piece)
            for piece in fresh:
                self._add(piece)
            # Every gap holds at least one piece of its own: runs are separated by pieces.
            replacements.append((old[0].pos, old[-1].pos + 1, fresh))
        if replacements:
            self._splice(replacements)
        self._always = None
        self._joined = None
        self._excerpts.clear()
        return True

    def _gaps(self, new: str, runs: int) -> list[list[_Piece]] | None:
        """The pieces of an operation's result between its placeholders, or None when the
        placeholders are not each there once, in order."""
        lines = physical_lines(new)
        pieces = _split(lines, parse_components(lines))
        if pieces is None:
            return None
        placeholders = {self._placeholder(n): n for n in range(runs)}
        gaps: list[list[_Piece]] = [[]]
        order: list[int] = []
        for piece in pieces:
            number = placeholders.get(piece.text) if piece.keys is None else None
            if number is None:
                gaps[-1].append(piece)
            else:
                order.append(number)
                gaps.append([])
        return gaps if order == list(range(runs)) else None

    def _splice(self, replacements: list[tuple[int, int, list[_Piece]]]) -> None:
        """Replace ranges of pieces (in order); only the pieces after the first change move."""
        rebuilt: list[_Piece] = []
        done = 0
        for start, end, fresh in replacements:
            rebuilt.extend(self._pieces[done:start])
            rebuilt.extend(fresh)
            done = end
        rebuilt.extend(self._pieces[done:])
        self._pieces = rebuilt
        for position in range(replacements[0][0], len(rebuilt)):
            rebuilt[position].pos = position


def _free_tag(text: str) -> str:
    """A tag for placeholder lines that does not occur in the text."""
    for number in itertools.count():
        tag = f"p{number}"
        if "X-NOSHOW-SPAN-" + tag not in text:
            return tag
    raise AssertionError("unreachable")
