"""A faster way to fill spaCy's DocBin for documents that carry tokens, spans and cats only.

``DocBin.add`` walks every token in Python to collect nine strings per token (tag, lemma,
dependency, ...), about 5 ms for a 600-word article, and srsly looks up msgpack encoders in
every installed package's entry points and in catalogue's whole registry on each of the three
msgpack calls per document (about 1 ms each). For 10,000 articles that is a minute. Here only
the token texts are stored (the export has no tags or parses), their strings are taken from
the tokenizer's string store once, and the msgpack registries are read once per export.
The file is an ordinary DocBin: the tests load it with ``DocBin.from_disk`` and run
``spacy debug data`` on it.
"""

from __future__ import annotations

import contextlib
import struct
import zlib
from collections.abc import Iterator

import numpy
import srsly
from spacy.attrs import ORTH, SPACY
from spacy.tokens import Doc, DocBin


class TokenDocBin(DocBin):
    def __init__(self, vocab, store_user_data: bool = True):
        super().__init__(attrs=["ORTH"], store_user_data=store_user_data)
        self.vocab = vocab  # the tokenizer's: its strings hold every token text it made

    def add(self, doc: Doc, groups: SpanGroupRows | None = None, columns=None) -> None:
        """As ``DocBin.add`` for a document whose tokens have no annotation but their text;
        ``groups``: its span groups, in place of ``doc.spans``; ``columns``: its
        ``to_array([ORTH, SPACY, ...])``."""
        if columns is None:
            columns = doc.to_array([ORTH, SPACY])
        self.tokens.append(numpy.ascontiguousarray(columns[:, :1]))
        self.spaces.append(numpy.asarray(columns[:, 1:2], dtype=bool))
        self.flags.append({"has_unknown_spaces": doc.has_unknown_spaces})
        self.cats.append(doc.cats)
        if self.store_user_data:
            self.user_data.append(srsly.msgpack_dumps(doc.user_data))
        if groups is None:
            self.span_groups.append(doc.spans.to_bytes())
            self.strings.update(s.label_ for group in doc.spans.values() for s in group)
            return
        labels = {row[2] for rows in groups.values() for row in rows}
        ids = {label: doc.vocab.strings.add(label) for label in labels}
        self.span_groups.append(span_groups_bytes(groups, ids))
        self.strings.update(labels)

    def to_bytes(self) -> bytes:
        """``DocBin.to_bytes`` with the fastest zlib level: the token hashes barely compress,
        and the default level spent seconds on them. ``DocBin.from_bytes`` reads any level."""
        self.strings.update(self.vocab.strings)  # a few thousand more than needed: harmless
        tokens = numpy.vstack(self.tokens) if self.tokens else numpy.asarray([])
        spaces = numpy.vstack(self.spaces) if self.spaces else numpy.asarray([])
        message = {
            "version": self.version,
            "attrs": self.attrs,
            "tokens": tokens.tobytes("C"),
            "spaces": spaces.tobytes("C"),
            "lengths": numpy.asarray([len(t) for t in self.tokens], dtype="int32").tobytes("C"),
            "strings": sorted(self.strings),
            "cats": self.cats,
            "flags": self.flags,
            "span_groups": self.span_groups,
        }
        if self.store_user_data:
            message["user_data"] = self.user_data
        return zlib.compress(srsly.msgpack_dumps(message), 1)


def span_groups_bytes(groups: SpanGroupRows, ids: dict[str, int]) -> bytes:
    """What ``doc.spans.to_bytes()`` gives for these groups of plain spans (no kb_id or id),
    made without a Span object each (three token look-ups apiece: seconds for 500,000)."""
    message = {}
    for key, rows in groups.items():
        spans = [_SPAN.pack(0, 0, ids[row[2]], *row[:2], *row[3:]) for row in rows]
        group = {"name": key, "attrs": {}, "spans": spans}  # as SpanGroup.to_bytes
        message[srsly.msgpack_dumps(group)] = [key]
    return srsly.msgpack_dumps(message) if message else _NO_GROUPS


# key -> (first token, end token, label, start char, end char) of each span, in order
SpanGroupRows = dict[str, list[tuple[int, int, str, int, int]]]
_SPAN = struct.Struct(">QQQllll")  # id, kb_id, label, start, end, start_char, end_char
_NO_GROUPS = srsly.msgpack_dumps([])  # SpanGroups' own bytes for no groups


@contextlib.contextmanager
def msgpack_encoders_read_once() -> Iterator[None]:
    """srsly's msgpack encoder and decoder registries, read once (entry points and catalogue's
    global registry) and then handed out as they are until the block ends; they do not change
    while an export runs. Each registry's own ``get_all`` is back when the block ends."""
    from srsly import msgpack

    registries = (msgpack.msgpack_encoders, msgpack.msgpack_decoders)
    for registry in registries:
        found = registry.get_all()
        registry.get_all = lambda found=found: dict(found)  # shadows the method meanwhile
    try:
        yield
    finally:
        for registry in registries:
            vars(registry).pop("get_all", None)
