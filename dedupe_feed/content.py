"""Find the article among a page's blocks: the main container, minus link lists.

The HTML reader hands over every visible block (a :class:`Run`) with the
block container it sits in and how much of its text is link text. A block
*carries content* when it is prose: long enough and mostly not links. The
main container is the deepest element that still holds most of that prose
(:data:`MAIN_SHARE`); blocks outside it (menus, teasers, footers) and
link-dense blocks inside it (related-link lists, "Read more: ..." lines) are
dropped. A page with too little prose to judge (a feed fragment, a short
note) is kept whole.

>>> tree = Tree(parents=(-1, 0, 0), names=("body", "div", "ul"))
>>> prose = "Heavy rain lashed the coast on Monday and closed the main roads. " * 2
>>> runs = [
...     Run(prose, "paragraph", node=1, link_chars=0),
...     Run(prose.replace("Monday", "Tuesday"), "paragraph", node=1, link_chars=6),
...     Run("Other story", "list_item", node=2, link_chars=10),
... ]
>>> [run.node for run in select_content(runs, tree).runs]
[1, 1]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from dedupe_feed.model import BlockKind

MAIN_SHARE = 0.6
"""The main container is the deepest one holding at least this share of the prose."""

MIN_PROSE_WORDS = 8
"""A block of fewer words does not count as prose (menus, bylines, labels)."""

PROSE_MAX_LINK_DENSITY = 0.5
"""A block with more of its text in links than this does not count as prose."""

DROP_LINK_DENSITY = 0.65
"""Blocks of the main container with more of their text in links are dropped."""

MIN_PROSE_CHARS = 200
"""Below this much prose (non-space characters) the page is kept whole."""

CLIMB_GROWTH = 1.5
"""The main container moves up to an ancestor holding this many times its prose ..."""

CLIMB_MAX_LINK_DENSITY = 0.15
"""... if no more of the text it adds than this is link text ..."""

CLIMB_LEVELS = 3
"""... looking at most this many levels above the last move."""

SIBLING_SHARE = 0.2
"""A sibling of the main container is kept if it holds this share of the main one's prose..."""

SIBLING_MAX_LINK_DENSITY = 0.25
"""... and no more of its text is link text than this."""

CHARS_PER_POINT = 100
MAX_POINTS = 3
"""A prose block scores one point plus one per 100 characters, at most 3 more:
many paragraphs make a main container, one long block does not."""

LIST_ITEM_FACTOR = 0.5
"""List items score half: teaser lists (headline link + summary) are lists,
article bodies are mostly paragraphs."""

ANCESTOR_DIVIDERS = (1, 2, 6, 9, 12)
"""A prose block's weight goes to the container holding it, half of it to that
one's parent, a sixth to the grandparent and so on (as Readability does): pages
that wrap every paragraph in its own ``div`` still credit the common container."""

PARAGRAPH_TAGS = frozenset(
    {"p", "li", "blockquote", "pre", "dd", "dt", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6"}
)
"""Blocks whose prose is credited to the container around them."""

MAX_CREDIT_WORDS = 12
"""Photo credit lines are at most this long."""

_PHOTO_CREDIT = re.compile(
    r"\(?(?:Photo(?:graph)?s?|Images?|Pictures?|Credit|Image copyright|Image caption)\s*:",
    re.IGNORECASE,
)

MAX_ATTRIBUTION_WORDS = 40
"""An attribution line next to the main container is at most this long."""

ATTRIBUTION = re.compile(
    r"(?:(?:this|the|a version of this)\s(?:post|article|story|piece|essay|report|column|interview)"
    r"(?:\s(?:was|has\sbeen|is))?\s(?:originally\s|first\s)?(?:appeared|published|republished|ran)"
    r"|originally\s(?:appeared|published)|republished)"
    r"\s(?:on|in|at|by|from|with\spermission)\s\S",
    re.IGNORECASE,
)
"""Where the article first ran ("This post originally appeared on Grist."): part of
the article, though pages often set it just outside the main container."""

SENTENCE_ENDS = (".", "!", "?", ":", ";", '"', "'", "”", "’", ")", "…", "।", "。")
"""A short block ending like this is a sentence, not a label, when trimming edges."""


@dataclass(frozen=True, slots=True)
class Run:
    """One block of visible text: its innermost container ``node`` and the
    number of its non-space characters that are link text."""

    text: str
    kind: BlockKind
    node: int = 0
    link_chars: int = 0

    @property
    def link_density(self) -> float:
        """Share of the non-space characters that are link text.

        >>> Run("Read more here", "paragraph", link_chars=8).link_density
        0.6666666666666666
        """
        return self.link_chars / max(1, _visible(self.text))


@dataclass(frozen=True, slots=True)
class Tree:
    """Block containers of the page: ``parents[i]`` is the parent of node ``i``
    (node 0 is the root, parent -1), ``names[i]`` its tag; ``hints`` are nodes
    the markup marks as the article (``<article>``, ``<main>``, ``articleBody``)."""

    parents: tuple[int, ...]
    names: tuple[str, ...]
    hints: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True)
class Selection:
    """The kept runs, and a one-line account of the choice for ``detection``."""

    runs: tuple[Run, ...]
    reason: str


def _visible(text: str) -> int:
    return len(text) - text.count(" ")


def prose_weight(run: Run) -> float:
    """How much prose ``run`` carries: its non-link characters, or 0 for
    headings, short blocks and link-dense blocks.

    >>> prose_weight(Run("one two three four five six seven eight.", "paragraph"))
    33.0
    >>> prose_weight(Run("Home News Sport", "paragraph"))
    0.0
    """
    density = run.link_density
    if run.kind == "heading" or density > PROSE_MAX_LINK_DENSITY:
        return 0.0
    if len(run.text.split()) < MIN_PROSE_WORDS:
        return 0.0
    return _visible(run.text) * (1.0 - density)


@dataclass(frozen=True, slots=True)
class _Sums:
    """Per node: prose weight, visible and link characters of its subtree, and its own score."""

    prose: list[float]
    chars: list[int]
    links: list[int]
    score: list[float]

    def link_density(self, node: int) -> float:
        return self.links[node] / max(1, self.chars[node])


def _sums(runs: Sequence[Run], tree: Tree) -> _Sums:
    """Subtree sums (children always follow their parent) and readability-style scores
    (see :data:`ANCESTOR_DIVIDERS`)."""
    size = len(tree.parents)
    sums = _Sums([0.0] * size, [0] * size, [0] * size, [0.0] * size)
    for run in runs:
        weight = prose_weight(run)
        sums.prose[run.node] += weight
        sums.chars[run.node] += _visible(run.text)
        sums.links[run.node] += run.link_chars
        if weight:
            credit = (1.0 + min(weight / CHARS_PER_POINT, MAX_POINTS)) * (1.0 - run.link_density)
            if run.kind == "list_item":
                credit *= LIST_ITEM_FACTOR
            _credit_ancestors(sums.score, tree, run.node, credit)
    for node in range(size - 1, 0, -1):
        parent = tree.parents[node]
        sums.prose[parent] += sums.prose[node]
        sums.chars[parent] += sums.chars[node]
        sums.links[parent] += sums.links[node]
    return sums


def _credit_ancestors(score: list[float], tree: Tree, node: int, weight: float) -> None:
    """Credit a prose block's weight to the containers above it, less the further up."""
    if tree.names[node] in PARAGRAPH_TAGS and node > 0:
        node = tree.parents[node]
    for divider in ANCESTOR_DIVIDERS:
        if node < 0:
            return
        score[node] += weight / divider
        node = tree.parents[node]


def _top_candidate(sums: _Sums) -> int:
    """The node with the best score, discounted by its subtree's link density."""
    best, best_score = 0, -1.0
    for node, score in enumerate(sums.score):
        adjusted = score * (1.0 - sums.link_density(node))
        if adjusted > best_score:
            best, best_score = node, adjusted
    return best


def _climb(top: int, sums: _Sums, parents: Sequence[int]) -> int:
    """Move up to an ancestor that holds clearly more prose (paragraphs wrapped
    one by one in their own containers), as long as it is not link-heavy."""
    node, levels = parents[top], 0
    while node >= 0 and levels < CLIMB_LEVELS:
        grows = sums.prose[node] >= CLIMB_GROWTH * sums.prose[top]
        added_chars = max(1, sums.chars[node] - sums.chars[top])
        added_links = (sums.links[node] - sums.links[top]) / added_chars
        if grows and added_links <= CLIMB_MAX_LINK_DENSITY:
            top, levels = node, 0
        else:
            levels += 1
        node = parents[node]
    return top


def main_nodes(runs: Sequence[Run], tree: Tree) -> list[int] | None:
    """The main container and its sibling containers that also hold prose, or
    ``None`` when the page has too little prose to judge.

    >>> tree = Tree(parents=(-1, 0, 1), names=("body", "div", "p"))
    >>> main_nodes([Run("Short note.", "paragraph", node=2)], tree) is None
    True
    """
    sums = _sums(runs, tree)
    if not sums.prose or sums.prose[0] < MIN_PROSE_CHARS:
        return None
    top = _climb(_top_candidate(sums), sums, tree.parents)
    parent = tree.parents[top]
    if parent < 0:
        return [top]
    threshold = SIBLING_SHARE * sums.prose[top]
    return [
        node
        for node in range(parent + 1, len(tree.parents))
        if tree.parents[node] == parent
        and (
            node == top
            or (
                sums.prose[node] >= threshold
                and sums.link_density(node) <= SIBLING_MAX_LINK_DENSITY
            )
        )
    ]


def _inside(roots: Sequence[int], parents: Sequence[int]) -> list[bool]:
    """For every node, whether it is one of ``roots`` or lies below one."""
    inside = [False] * len(parents)
    for root in roots:
        inside[root] = True
    for node in range(min(roots) + 1, len(parents)):
        inside[node] = inside[node] or inside[parents[node]]
    return inside


def _is_edge_noise(run: Run) -> bool:
    """Not prose and not ending like a sentence: a byline, date, label or tag list."""
    return prose_weight(run) == 0.0 and not run.text.endswith(SENTENCE_ENDS)


def _trim_edges(runs: list[Run]) -> list[Run]:
    """Drop bylines, dates, labels and tag lists before the first and after the last prose block."""
    start, end = 0, len(runs)
    while start < end and _is_edge_noise(runs[start]):
        start += 1
    while end > start and _is_edge_noise(runs[end - 1]):
        end -= 1
    return runs[start:end]


def _is_text(run: Run) -> bool:
    """Not a link list, not bare punctuation, not a photo credit line."""
    if run.link_density > DROP_LINK_DENSITY or not any(ch.isalnum() for ch in run.text):
        return False
    return len(run.text.split()) > MAX_CREDIT_WORDS or _PHOTO_CREDIT.match(run.text) is None


def is_attribution(run: Run) -> bool:
    """Whether ``run`` is a short line saying where the article first appeared.

    >>> is_attribution(Run("This post originally appeared on Grist.", "paragraph"))
    True
    >>> is_attribution(Run("The bill first appeared in parliament in 2019.", "paragraph"))
    False
    """
    return (
        len(run.text.split()) <= MAX_ATTRIBUTION_WORDS
        and run.link_density <= DROP_LINK_DENSITY
        and ATTRIBUTION.match(run.text) is not None
    )


def _with_attributions(runs: Sequence[Run], inside: Sequence[bool], kept: list[Run]) -> list[Run]:
    """``kept`` plus an attribution line just before or just after the main container."""
    positions = [index for index, run in enumerate(runs) if inside[run.node]]
    if not positions or not kept:
        return kept
    first, last = positions[0], positions[-1]
    before = runs[first - 1] if first > 0 else None
    after = runs[last + 1] if last + 1 < len(runs) else None
    head = [before] if before is not None and is_attribution(before) else []
    tail = [after] if after is not None and is_attribution(after) else []
    return [*head, *kept, *tail]


def _keep_in_main(runs: Sequence[Run], inside: Sequence[bool]) -> list[Run]:
    """The text runs of the main container; a label ("Related Coverage", "Explore
    further") goes with the link list right after it."""
    candidates = [run for run in runs if inside[run.node]]
    kept: list[Run] = []
    for index, run in enumerate(candidates):
        if not _is_text(run):
            continue
        following = candidates[index + 1] if index + 1 < len(candidates) else None
        if following is not None and _is_edge_noise(run) and not _is_text(following):
            continue
        kept.append(run)
    return kept


def select_content(runs: Sequence[Run], tree: Tree) -> Selection:
    """Keep the blocks of the main container that are not link lists, trimmed at the edges.

    >>> tree = Tree(parents=(-1,), names=("body",))
    >>> select_content([Run("A short fragment.", "paragraph")], tree).reason
    ''
    """
    nodes = main_nodes(runs, tree)
    if nodes is None:
        return Selection(tuple(runs), "")
    inside = _inside(nodes, tree.parents)
    kept = _with_attributions(runs, inside, _trim_edges(_keep_in_main(runs, inside)))
    names = ", ".join(f"<{tree.names[node]}>" for node in nodes)
    reason = f"main content {names}: {len(kept)} of {len(runs)} blocks kept"
    return Selection(tuple(kept), reason)


__all__ = [
    "Run",
    "Selection",
    "Tree",
    "is_attribution",
    "main_nodes",
    "prose_weight",
    "select_content",
]
