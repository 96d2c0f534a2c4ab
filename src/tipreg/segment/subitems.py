"""Sub-item labels and their nesting: "a)", "b)" … with roman "i)", "ii)" inside a letter.

"i)" is both the ninth letter and the first roman numeral, and "v)", "x)" are ambiguous too, so a
label is read against the lists already open: it continues the innermost list it is the next label
of; a first label ("a", "i") after an item that ends with a colon opens a nested list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tipreg.normalize.markers import int_to_roman, roman_to_int

# Items written on one line: "...: a) estrategias …; b) orientaciones …; y h) inclusión …"
# The conjunction before the last label ("; y h)") stays with the item before it, as printed.
INLINE_LABEL = re.compile(r"[:;](?:\s+(?:y|o|and|or|et|ou))?\s+(?P<marker>\(?(?P<label>[a-z]|[ivx]{2,5})\))\s+(?=\S)")


@dataclass
class Piece:
    label: str | None  # None for the lead text before the first item
    text: str
    inline: bool = False  # found inside a line, not at the start of one
    marker: str | None = None  # the label as printed inside the line ("(h)", "h)"), for a cut found not real


@dataclass
class Node:
    label: str
    text: str
    children: list[Node] = field(default_factory=list)


@dataclass
class Frame:
    style: str  # "letter" or "roman"
    last: str
    items: list[Node]


def successor(label: str, style: str) -> str | None:
    if style == "letter":
        return chr(ord(label) + 1) if len(label) == 1 and label < "z" else None
    value = roman_to_int(label)
    return int_to_roman(value + 1) if value else None


def styles_of(label: str) -> list[str]:
    styles = []
    if len(label) == 1 and label.isalpha():
        styles.append("letter")
    if roman_to_int(label):
        styles.append("roman")
    return styles


def split_inline(pieces: list[Piece]) -> list[Piece]:
    """Cut pieces at inline labels; the tree builder decides which cuts are real."""
    out: list[Piece] = []
    for piece in pieces:
        cursor = 0
        label, inline, marker = piece.label, piece.inline, piece.marker
        for match in INLINE_LABEL.finditer(piece.text):
            out.append(Piece(label, piece.text[cursor : match.start("marker")].strip(), inline, marker))
            label, inline, marker, cursor = match["label"], True, match["marker"], match.end()
        out.append(Piece(label, piece.text[cursor:].strip(), inline, marker))
    return out


def build_tree(pieces: list[Piece]) -> tuple[str, list[Node]]:
    """(lead text, nested items) from a provision's pieces in reading order."""
    lead_parts: list[str] = []
    roots: list[Node] = []
    stack: list[Frame] = []
    last_node: Node | None = None
    for piece in split_inline(pieces):
        node = place(piece, stack, roots, last_node) if piece.label else None
        if node:
            last_node = node
        else:
            text = piece.text if piece.label is None else f"{piece.marker or piece.label + ')'} {piece.text}"
            if last_node is None:
                lead_parts.append(text)
            else:
                last_node.text = f"{last_node.text} {text}".strip()
    return " ".join(p for p in lead_parts if p), roots


def place(piece: Piece, stack: list[Frame], roots: list[Node], last_node: Node | None) -> Node | None:
    """Put a labelled piece in the tree; None when the label does not fit (it is then plain text)."""
    label = piece.label or ""
    node = Node(label, piece.text)
    opens_list = label in ("a", "i")
    after_colon = last_node is not None and last_node.text.rstrip().endswith(":")
    if stack and opens_list and after_colon:
        style = "roman" if label == "i" and stack[-1].style == "letter" else "letter"
        if label == "i" and stack[-1].style == "roman":
            style = "letter"
        return push(stack, Frame(style, label, last_node.children), node)
    for depth in range(len(stack) - 1, -1, -1):
        frame = stack[depth]
        if successor(frame.last, frame.style) == label:
            del stack[depth + 1 :]
            frame.last = label
            frame.items.append(node)
            return node
    if not stack and opens_list and (not piece.inline or not roots):
        return push(stack, Frame("roman" if label == "i" else "letter", label, roots), node)
    if stack and opens_list and not piece.inline and last_node is not None:
        return push(stack, Frame(styles_of(label)[-1], label, last_node.children), node)
    return None


def push(stack: list[Frame], frame: Frame, node: Node) -> Node:
    frame.items.append(node)
    stack.append(frame)
    return node
