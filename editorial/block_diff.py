"""Long text compared block by block: paragraphs, headings, list items, quotations, lines.

Words are compared within a block and never across two, so the last word of one paragraph
and the first of the next are never read as one ("do.</p><p>Offer" is not "doOffer"), and an
edit to one paragraph marks that paragraph alone.
"""

import difflib
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join

#: Elements whose text is a block of its own, and what an editor calls each.
BLOCK_KINDS = {
    "p": "Paragraph",
    **{f"h{level}": "Heading" for level in range(1, 7)},
    "li": "List item",
    "dt": "Term",
    "dd": "Definition",
    "blockquote": "Quotation",
    "figure": "Figure",
    "figcaption": "Caption",
    "pre": "Preformatted text",
    "tr": "Table row",
}
#: Elements that end the text before them without naming a block themselves.
BLOCK_BOUNDARIES = {"ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "div", "section", "hr"}
#: Elements that separate words inside a block: a line break, a table's cells.
WORD_BOUNDARIES = {"br", "td", "th", "img"}
LOOSE_TEXT = "Text"
PLAIN_LINE = "Line"

_BLOCK_TAG = re.compile(
    r"<\s*/?\s*(?:p|h[1-6]|li|ul|ol|blockquote|figure|figcaption|pre|table|tr|div|br)\b",
    re.IGNORECASE,
)
#: Above this many candidate pairs in one run of edited blocks, they are paired in order
#: rather than by likeness, which costs a word comparison per pair.
MOST_PAIRS_WEIGHED = 400
#: How alike (0 to 1) an old and a new block must be to be shown as one block edited.
ALIKE_ENOUGH = 0.5
#: Unchanged blocks shown on each side of a change; longer runs are folded.
CONTEXT_BLOCKS = 1


@dataclass(frozen=True)
class Block:
    kind: str
    text: str

    @property
    def words(self):
        return self.text.split()


@dataclass
class BlockRow:
    state: str  # unchanged, changed, added, removed or folded
    heading: str
    text: str = ""
    diff: str = ""


class _BlockParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self.open_blocks, self.pending = [], [], []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_KINDS or tag in BLOCK_BOUNDARIES:
            self.end_block()
        if tag in BLOCK_KINDS:
            self.open_blocks.append(tag)
        elif tag in WORD_BOUNDARIES:
            self.pending.append(" ")

    def handle_endtag(self, tag):
        if tag in BLOCK_KINDS or tag in BLOCK_BOUNDARIES:
            self.end_block()
        if tag in self.open_blocks:
            while self.open_blocks.pop() != tag:
                pass
        elif tag in WORD_BOUNDARIES:
            self.pending.append(" ")

    def handle_data(self, data):
        self.pending.append(data)

    def end_block(self):
        text = " ".join("".join(self.pending).split())
        self.pending = []
        if text:
            kind = BLOCK_KINDS[self.open_blocks[-1]] if self.open_blocks else LOOSE_TEXT
            self.blocks.append(Block(kind, text))


def looks_like_html(text):
    return bool(_BLOCK_TAG.search(text or ""))


def blocks_of(text, *, html):
    """The blocks of `text`: its block elements if it is HTML, else its non-empty lines."""
    if not html:
        lines = (" ".join(line.split()) for line in (text or "").splitlines())
        return [Block(PLAIN_LINE, line) for line in lines if line]
    parser = _BlockParser()
    parser.feed(text or "")
    parser.close()
    parser.end_block()
    return parser.blocks


def _numbered(blocks):
    """Each block's name as an editor counts: "Paragraph 3" is the third paragraph."""
    seen, names = {}, []
    for block in blocks:
        seen[block.kind] = seen.get(block.kind, 0) + 1
        names.append(f"{block.kind} {seen[block.kind]}")
    return names


def _likeness(old, new):
    matcher = difflib.SequenceMatcher(a=old.words, b=new.words, autojunk=False)
    if matcher.real_quick_ratio() <= ALIKE_ENOUGH or matcher.quick_ratio() <= ALIKE_ENOUGH:
        return 0
    return matcher.ratio()


def _paired(old, new, a1, a2, b1, b2):
    """Within a run of differing blocks, which old block became which new one: the most
    alike pair first, then the runs on either side of it, as difflib's Differ pairs lines.
    Yields ("changed", i, j), ("removed", i, None) and ("added", None, j)."""
    if a1 == a2 or b1 == b2:
        yield from (("removed", i, None) for i in range(a1, a2))
        yield from (("added", None, j) for j in range(b1, b2))
        return
    if (a2 - a1) * (b2 - b1) > MOST_PAIRS_WEIGHED:
        pairs = min(a2 - a1, b2 - b1)
        yield from (("changed", a1 + k, b1 + k) for k in range(pairs))
        yield from _paired(old, new, a1 + pairs, a2, b1 + pairs, b2)
        return
    best, best_likeness = None, ALIKE_ENOUGH
    for i in range(a1, a2):
        for j in range(b1, b2):
            likeness = _likeness(old[i], new[j])
            if likeness > best_likeness:
                best, best_likeness = (i, j), likeness
    if best is None:
        yield from _paired(old, new, a1, a2, b2, b2)
        yield from _paired(old, new, a2, a2, b1, b2)
        return
    i, j = best
    yield from _paired(old, new, a1, i, b1, j)
    yield ("changed", i, j)
    yield from _paired(old, new, i + 1, a2, j + 1, b2)


def word_diff(old, new):
    """Two versions of a block's text with the words taken out and put in marked."""
    old_words, new_words = old.split(), new.split()
    pieces = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(format_html("{}", " ".join(old_words[a1:a2])))
            continue
        if op in {"delete", "replace"}:
            pieces.append(format_html("<del>{}</del>", " ".join(old_words[a1:a2])))
        if op in {"insert", "replace"}:
            pieces.append(format_html("<ins>{}</ins>", " ".join(new_words[b1:b2])))
    return format_html_join(" ", "{}", ((piece,) for piece in pieces))


def _folded(rows, noun):
    """Runs of unchanged blocks cut down to one block of context either side of a change."""
    result, run = [], []

    def end_run(*, at_end):
        keep_before = CONTEXT_BLOCKS if result else 0
        keep_after = 0 if at_end else CONTEXT_BLOCKS
        hidden = len(run) - keep_before - keep_after
        if hidden < 2:
            result.extend(run)
        else:
            result.extend(run[:keep_before])
            result.append(BlockRow("folded", f"{hidden} unchanged {noun}s"))
            result.extend(run[len(run) - keep_after :])
        run.clear()

    for row in rows:
        if row.state == "unchanged":
            run.append(row)
            continue
        end_run(at_end=False)
        result.append(row)
    end_run(at_end=True)
    return result


def block_rows(old_text, new_text, *, html):
    old, new = blocks_of(old_text, html=html), blocks_of(new_text, html=html)
    old_names, new_names = _numbered(old), _numbered(new)
    rows = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            rows += [
                BlockRow("unchanged", f"{new_names[j]} unchanged", new[j].text)
                for j in range(b1, b2)
            ]
            continue
        for state, i, j in _paired(old, new, a1, a2, b1, b2):
            if state == "removed":
                rows.append(BlockRow(state, f"{old_names[i]} removed", old[i].text))
            elif state == "added":
                rows.append(BlockRow(state, f"{new_names[j]} added", new[j].text))
            else:
                became = "" if old[i].kind == new[j].kind else f", was {old_names[i].lower()}"
                heading = f"{new_names[j]} changed{became}"
                rows.append(BlockRow(state, heading, diff=word_diff(old[i].text, new[j].text)))
    return rows


def block_diff(old_text, new_text, *, label, html):
    """The change from `old_text` to `new_text`, block by block, as safe HTML for the admin."""
    rows = block_rows(old_text, new_text, html=html)
    return render_to_string(
        "admin/editorial/block_diff.html",
        {
            "label": label,
            "rows": _folded(rows, "paragraph" if html else "line"),
            "only_markup_changed": all(row.state == "unchanged" for row in rows),
        },
    )
