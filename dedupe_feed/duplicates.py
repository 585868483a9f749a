"""Duplicate stage: which units repeat another, and which one of them to keep.

Exact repeats (same key) are grouped first; MinHash LSH then proposes pairs
among the distinct keys and rapidfuzz verifies them (similar *and* no number
or name swapped). Each group keeps its most complete member; the rest are
removed. A short repeat (under ``min_words``) goes only when a neighbour is
also a removed duplicate, so a list item that legitimately recurs stays. A
line recurring more than ``MAX_COPIES`` times with text between is structure
(a template's label) and stays, and so does a value two fillings of that
template share (:func:`_keep_template_values`).
Fragments of truncated copies that lie inside a kept sentence are removed as
``contained``. A body sentence never goes for resembling a title line (the
headline, a subhead) unless it is that line repeated: a title only stands in
for the sentences it repeats exactly.

>>> from dedupe_feed.config import Config
>>> from dedupe_feed.model import Unit
>>> from dedupe_feed.signatures import Signer
>>> texts = ["Rain lashed Kochi on Monday night.", "Schools stay shut today.",
...          "Rain lashed Kochi on Monday night.", "Schools stay shut today."]
>>> units = [Unit(i, 0, 0, t) for i, t in enumerate(texts)]
>>> found = find_duplicates(units, {}, Config(), Signer(64, 1))
>>> sorted((d.unit, d.reason, d.duplicate_of) for d in found.removed.values())
[(2, 'exact_duplicate', 0), (3, 'exact_duplicate', 1)]
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from dedupe_feed.candidates import band_layout, candidate_pairs
from dedupe_feed.config import Config
from dedupe_feed.keys import KeyCache, UnitKey, cached_key, same_opening_word
from dedupe_feed.leads import SecondLead, drop_second_lead, second_lead
from dedupe_feed.model import Decision, Unit
from dedupe_feed.segment import is_fragment, is_title_line
from dedupe_feed.signatures import Signer
from dedupe_feed.verify import contained, extends, facts_agree, similarity, swaps_opening

MIN_WORDS = 5
MAX_COPIES = 3
_MIN_FRAGMENT_WORDS = 3
_MIN_TAIL_WORDS = 2
_MIN_COVERAGE_OF_SENTENCE = 0.6


@dataclass(frozen=True)
class Duplicates:
    """The stage's verdicts.

    ``group_of[i]`` is the representative (kept, most complete) unit of unit
    ``i``'s group (``i`` itself when it has no duplicate); ``removed`` maps a
    removed unit to its :class:`Decision`.
    """

    group_of: tuple[int, ...]
    removed: dict[int, Decision]
    kept_repeats: tuple[tuple[int, int], ...] = ()
    second_lead: SecondLead | None = None
    """The second copy's own lead, when the body came twice with one
    (:mod:`~dedupe_feed.leads`): removed as ``reworded_lead``, or kept."""
    template_values: tuple[int, ...] = ()
    """Repeats kept as a template's values (:func:`_keep_template_values`)."""


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))
        self.members: dict[int, list[int]] = {}  # root -> members, for roots of merged sets

    def find(self, item: int) -> int:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: int, b: int) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            low, high = min(root_a, root_b), max(root_a, root_b)
            self.parent[high] = low
            # extend in place: a copy per union is quadratic when one
            # sentence repeats thousands of times
            self.members.setdefault(low, [low]).extend(self.members.pop(high, [high]))

    def group(self, item: int) -> list[int]:
        """Every member of ``item``'s set."""
        return self.members.get(self.find(item), [self.find(item)])


def find_duplicates(
    units: Sequence[Unit], cache: KeyCache, config: Config, signer: Signer
) -> Duplicates:
    """Group repeated units, pick what to keep, and decide what to remove."""
    keys = [cached_key(unit.text, cache) for unit in units]
    titles = frozenset(i for i in range(len(units)) if is_title_line(units, i))
    groups = _UnionFind(len(units))
    neighbours = _sentence_neighbours(units)
    scores, near_misses = _link_duplicates(keys, groups, config, signer, neighbours, titles)
    members = _members(groups, len(units))
    representative = {
        root: _representative(group, keys, units, titles) for root, group in members.items()
    }
    group_of = tuple(representative[groups.find(i)] for i in range(len(units)))
    removed = _removals(members, representative, keys, scores)
    kept_repeats, structural = _keep_structural_repeats(members, removed, len(units))
    _keep_isolated_short_repeats(removed, keys)
    _remove_truncated_variants(units, keys, group_of, removed, near_misses, config, titles)
    _remove_contained_fragments(units, keys, group_of, removed, config, titles)
    _remove_truncated_tail(units, keys, group_of, removed)
    template_values = _keep_template_values(removed, structural, group_of, units)
    lead = second_lead(units, keys, group_of, removed, titles)
    if lead is not None:
        drop_second_lead(lead, removed)
    return Duplicates(group_of, removed, kept_repeats, lead, template_values)


def _sentence_neighbours(units: Sequence[Unit]) -> list[tuple[int | None, int | None]]:
    """Each unit's previous and next unit that is not a heading (copies of a
    body line up on their sentences; only one copy may carry subheads).

    >>> units = [Unit(0, 0, 0, "A.", "sentence"), Unit(1, 0, 0, "H", "heading"),
    ...          Unit(2, 0, 0, "B.", "sentence")]
    >>> _sentence_neighbours(units)
    [(None, 2), (0, 2), (0, None)]
    """
    body = [i for i, unit in enumerate(units) if unit.kind != "heading"]
    neighbours: list[tuple[int | None, int | None]] = []
    rank = 0  # how many body units come before the current one
    for index in range(len(units)):
        before = body[rank - 1] if rank else None
        if rank < len(body) and body[rank] == index:
            rank += 1
        after = body[rank] if rank < len(body) else None
        neighbours.append((before, after))
    return neighbours


def _link_duplicates(
    keys: Sequence[UnitKey],
    groups: _UnionFind,
    config: Config,
    signer: Signer,
    neighbours: Sequence[tuple[int | None, int | None]],
    titles: frozenset[int],
) -> tuple[dict[tuple[int, int], float], list[tuple[int, int]]]:
    """Union exact repeats, then MinHash-proposed and rapidfuzz-verified pairs.

    Returns the verified pairs' similarities, and the proposed pairs not
    similar enough (a truncated variant may still lie inside the other; a
    pair alike but for a swapped fact cannot).
    """
    first_with_key: dict[str, int] = {}
    for index, key in enumerate(keys):
        if not key.tokens:
            continue
        first = first_with_key.setdefault(key.text, index)
        if first != index:
            groups.union(first, index)
    distinct = sorted(first_with_key.values())
    near_misses: list[tuple[int, int]] = []
    verified: dict[tuple[int, int], float] = {}
    for i, j in _proposed_pairs(distinct, keys, config, signer):
        score = similarity(keys[i], keys[j])
        if score < config.similarity:
            near_misses.append((i, j))  # a truncated variant is shorter, so less alike
        elif facts_agree(keys[i], keys[j]):
            verified[(i, j)] = score
    for i, j in _opening_swaps(distinct, keys):  # however short, proposed or not
        verified.setdefault((i, j), similarity(keys[i], keys[j]))
    scores: dict[tuple[int, int], float] = {}
    exact = [groups.find(i) for i in range(len(keys))]  # before any near-duplicate joins
    repeated = {root for root, count in Counter(exact).items() if count > 1}
    alike = {(exact[i], exact[j]) for i, j in verified}
    alike |= {(b, a) for a, b in alike}
    for (i, j), score in verified.items():
        evidence = (
            extends(keys[i], keys[j])
            or swaps_opening(keys[i], keys[j])
            or _copy_evidence(i, j, exact, repeated, alike, neighbours)
        )
        if not _title_stands_in(keys, titles, i, j):
            continue
        if evidence and _groups_agree(groups, keys, i, j):
            groups.union(i, j)
            scores[(i, j)] = score
    return scores, near_misses


def _opening_swaps(distinct: Sequence[int], keys: Sequence[UnitKey]) -> list[tuple[int, int]]:
    """Pairs of distinct sentences that differ only in a first word swapped
    for a synonym (:func:`~dedupe_feed.verify.swaps_opening`), found exactly
    by the rest of their words, not left to MinHash.

    >>> from dedupe_feed.keys import unit_key
    >>> keys = [unit_key(t) for t in ("Officials said the road is shut.", "Rain fell.",
    ...                               "Authorities said the road is shut.")]
    >>> _opening_swaps([0, 1, 2], keys)
    [(0, 2)]
    """
    by_rest: dict[tuple[str, ...], list[int]] = {}
    for index in distinct:
        tokens = keys[index].tokens
        if tokens and same_opening_word(tokens[0], tokens[0]):
            by_rest.setdefault(tokens[1:], []).append(index)
    return [
        (a, b)
        for members in by_rest.values()
        for a, b in itertools.combinations(members, 2)
        if swaps_opening(keys[a], keys[b])
    ]


def _copy_evidence(
    i: int,
    j: int,
    exact: Sequence[int],
    repeated: set[int],
    alike: set[tuple[int, int]],
    neighbours: Sequence[tuple[int | None, int | None]],
) -> bool:
    """Whether two alike (not identical) sentences, neither just the other with
    words added, are one sentence in two copies.

    The copies must line up: a neighbour of one repeats the same-side
    neighbour of the other, exactly or as another alike pair (a copy with
    every sentence edited). Two alike sentences that each occur in every copy
    are two sentences, and so are two alike sentences with nothing around
    them to line up: ``The collector announced a relief package ...`` beside
    ``The collector announced the damaged roads ...`` are two facts.
    """
    if exact[i] in repeated and exact[j] in repeated:
        return False
    for side in (0, 1):
        a, b = neighbours[i][side], neighbours[j][side]
        if a is None or b is None or a == j or b == i:
            continue
        if exact[a] == exact[b] or (exact[a], exact[b]) in alike:
            return True
    return False


def _title_stands_in(keys: Sequence[UnitKey], titles: frozenset[int], i: int, j: int) -> bool:
    """A title line and a body sentence that are alike but not the same are
    one only when the sentence is the title with words added: the title then
    goes and nothing it says is lost. A sentence shorter than the title, or
    one with a word replaced, stays beside it.

    >>> from dedupe_feed.keys import unit_key
    >>> title = unit_key("We will rebuild every house: minister")
    >>> body = unit_key("We will rebuild every house.")
    >>> _title_stands_in([title, body], frozenset({0}), 0, 1)
    False
    >>> longer = unit_key("We will rebuild every house, the minister said.")
    >>> _title_stands_in([body, longer], frozenset({0}), 0, 1)
    True
    """
    if (i in titles) == (j in titles):
        return True
    title, body = (i, j) if i in titles else (j, i)
    return len(keys[body].tokens) > len(keys[title].tokens) and extends(keys[title], keys[body])


def _removes_body_for_title(
    keys: Sequence[UnitKey], titles: frozenset[int], index: int, kept: int
) -> bool:
    """Removing body sentence ``index`` for title line ``kept`` that it does not repeat."""
    return index not in titles and kept in titles and keys[index].text != keys[kept].text


def _groups_agree(groups: _UnionFind, keys: Sequence[UnitKey], i: int, j: int) -> bool:
    """No chaining across facts: a fragment like two different sentences
    (``rain in the 24 hours ...`` in ``Gaya recorded 175 mm of rain ...``
    and ``Hubballi recorded 293 mm of rain ...``) must not join their groups."""
    if groups.find(i) == groups.find(j):
        return True
    ours, theirs = groups.group(i), groups.group(j)
    return all(facts_agree(keys[a], keys[b]) for a in ours for b in theirs if (a, b) != (i, j))


def _proposed_pairs(
    distinct: Sequence[int], keys: Sequence[UnitKey], config: Config, signer: Signer
) -> Iterator[tuple[int, int]]:
    """The LSH candidate pairs as unit indexes, one at a time (a second list
    of them would double what a 10 MB item holds here)."""
    if len(distinct) < 2:
        return
    widths = [config.shingle_chars if keys[i].cjk else config.shingle_words for i in distinct]
    signatures = signer.sign([keys[i].tokens for i in distinct], widths)
    bands, rows = band_layout(config.lsh_threshold, signer.num_perm)
    pairs = candidate_pairs(signatures, bands, rows, config.max_candidates_per_bucket)
    del signatures
    for a, b in pairs:
        yield distinct[a], distinct[b]


def _members(groups: _UnionFind, size: int) -> dict[int, list[int]]:
    members: dict[int, list[int]] = {}
    for index in range(size):
        members.setdefault(groups.find(index), []).append(index)
    return members


def _representative(
    group: list[int], keys: Sequence[UnitKey], units: Sequence[Unit], titles: frozenset[int]
) -> int:
    """The most complete member (most words, then most words as written:
    ``United States`` over ``US``; ties keep the first); short groups keep the first.
    A title line represents no body sentence it does not repeat exactly."""
    if len(group) == 1:
        return group[0]

    def completeness(i: int) -> tuple[int, int, int]:
        return keys[i].word_count, len(units[i].text.split()), -i

    best = max(group, key=completeness)
    chosen = best if keys[best].word_count >= MIN_WORDS else group[0]
    if any(_removes_body_for_title(keys, titles, i, chosen) for i in group):
        return max((i for i in group if i not in titles), key=completeness)
    return chosen


def _removals(
    members: dict[int, list[int]],
    representative: dict[int, int],
    keys: Sequence[UnitKey],
    scores: dict[tuple[int, int], float],
) -> dict[int, Decision]:
    removed: dict[int, Decision] = {}
    for root, group in members.items():
        keep = representative[root]
        for index in group:
            if index == keep:
                continue
            if keys[index].text == keys[keep].text:
                removed[index] = Decision(index, "exact_duplicate", keep, 1.0)
            else:
                pair = (min(index, keep), max(index, keep))
                score = scores.get(pair, similarity(keys[index], keys[keep]))
                removed[index] = Decision(index, "near_duplicate", keep, round(score, 3))
    return removed


def _keep_structural_repeats(
    members: dict[int, list[int]], removed: dict[int, Decision], size: int
) -> tuple[tuple[tuple[int, int], ...], frozenset[int]]:
    """A line repeated more than ``MAX_COPIES`` times with other text between
    its occurrences is structure (a meal plan's "Eat every 2-3 hours", a
    recurring label), not a body delivered again: feeds repeat a body two or
    three times. Such groups stay whole; each is reported once.
    """
    kept: list[tuple[int, int]] = []
    structural: set[int] = set()
    staying = _staying_before(size, removed)
    for group in members.values():
        if len(group) <= MAX_COPIES:
            continue
        # Copies with only removed text between them read as consecutive:
        # that is how they stand in the output, so a second pass agrees.
        consecutive = sum(1 for a, b in itertools.pairwise(group) if staying[b] == staying[a + 1])
        if consecutive * 2 >= len(group) - 1:
            continue  # one sentence over and over: a stutter, collapse it
        for index in group:
            removed.pop(index, None)
        kept.append((group[0], len(group)))
        structural.update(group)
    return tuple(kept), frozenset(structural)


def _staying_before(size: int, removed: dict[int, Decision]) -> list[int]:
    """``staying[i]``: how many of units ``0 .. i-1`` are not removed.

    >>> _staying_before(4, {1: Decision(1, "exact_duplicate", 0)})
    [0, 1, 1, 2, 3]
    """
    staying = [0]
    for index in range(size):
        staying.append(staying[-1] + (index not in removed))
    return staying


def _keep_isolated_short_repeats(removed: dict[int, Decision], keys: Sequence[UnitKey]) -> None:
    """Short repeats stay unless they sit in a run of removed duplicates: a run
    of consecutive removed units that holds at least one long (confirmed) one.

    >>> from dedupe_feed.keys import unit_key
    >>> keys = [unit_key(t) for t in ("a b", "a b", "one two three four five", "a b")]
    >>> removed = {i: Decision(i, "exact_duplicate", 0) for i in (1, 2)}
    >>> removed[3] = Decision(3, "exact_duplicate", 0)
    >>> _keep_isolated_short_repeats(removed, keys); sorted(removed)
    [1, 2, 3]
    >>> removed = {1: Decision(1, "exact_duplicate", 0), 3: Decision(3, "exact_duplicate", 0)}
    >>> _keep_isolated_short_repeats(removed, keys); sorted(removed)
    []
    """
    if all(keys[i].word_count >= MIN_WORDS for i in removed):
        return
    for run in _consecutive_runs(sorted(removed)):
        if all(keys[i].word_count < MIN_WORDS for i in run):
            for index in run:
                del removed[index]


def _keep_template_values(
    removed: dict[int, Decision],
    structural: frozenset[int],
    group_of: Sequence[int],
    units: Sequence[Unit],
) -> tuple[int, ...]:
    """Keep the repeats that fill a template's slots; return them.

    A page that repeats a template (a meal plan's six diets, a course list's
    sessions) shows its labels more than ``MAX_COPIES`` times
    (:func:`_keep_structural_repeats`), and two fillings often share a value
    (the same meal in two plans). Such a value is no copy of a body: it stands
    alone between two labels, while a body delivered again repeats whole
    runs of prose. A short run of removed repeats between two different
    labels (:func:`template_value_run`) stays, unless one of its units is
    prose (the line model's definition: a sentence of ten or more words,
    stopwords among them). A value at a filling's end (before the next
    filling's own heading) still goes: a wider version that also kept those
    changed six times as many real pages (212 of 2,890 visible-text pages
    against 35), losing content on some of them as well as keeping it.
    """
    if not structural:
        return ()
    candidates = [
        run
        for run in _consecutive_runs(sorted(removed))
        if template_value_run(run, structural, group_of)
    ]
    if not candidates:
        return ()
    from dedupe_feed.linemodel.features import describe_line  # numpy: only for a template
    from dedupe_feed.linemodel.stopwords import shared_stoplists

    stopwords = shared_stoplists().choose(unit.text for unit in units).words
    kept: list[int] = []
    for run in candidates:
        if not any(describe_line(units[index].text, stopwords).prose for index in run):
            kept.extend(run)
    for index in kept:
        del removed[index]
    return tuple(kept)


MAX_TEMPLATE_VALUE_UNITS = 2
"""How many units a template slot's value may hold (a dish and its portions);
a longer run of repeats is a block delivered again (a menu, a teaser list)."""


def template_value_run(
    run: Sequence[int], structural: frozenset[int], group_of: Sequence[int]
) -> bool:
    """Whether consecutive removed units ``run`` stand where a template's
    value does: at most :data:`MAX_TEMPLATE_VALUE_UNITS` units, right between
    two structural lines (members of repeats kept as structure) of different
    groups: two labels, not one label around a copied passage.

    >>> structural, group_of = frozenset({0, 3, 4, 7}), (0, 1, 2, 3, 0, 1, 2, 3)
    >>> template_value_run([5, 6], structural, group_of)  # label, value, next label
    True
    >>> template_value_run([1, 2], frozenset({0, 3}), (0, 1, 2, 0))  # one label around it
    False
    >>> template_value_run([1, 2, 3], frozenset({0, 4}), (0, 1, 2, 3, 4))  # a block
    False
    """
    before, after = run[0] - 1, run[-1] + 1
    return (
        len(run) <= MAX_TEMPLATE_VALUE_UNITS
        and before in structural
        and after in structural
        and group_of[before] != group_of[after]
    )


def _consecutive_runs(indexes: Sequence[int]) -> list[list[int]]:
    """Sorted indexes cut into runs of consecutive numbers.

    >>> _consecutive_runs([1, 2, 4, 6, 7, 8])
    [[1, 2], [4], [6, 7, 8]]
    """
    runs: list[list[int]] = []
    for index in indexes:
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    return runs


def _remove_truncated_variants(
    units: Sequence[Unit],
    keys: Sequence[UnitKey],
    group_of: Sequence[int],
    removed: dict[int, Decision],
    near_misses: Sequence[tuple[int, int]],
    config: Config,
    titles: frozenset[int],
) -> None:
    """A complete sentence that is most of a longer, proposed one and lies inside it."""
    for i, j in near_misses:
        short, long = (i, j) if len(keys[i].text) <= len(keys[j].text) else (j, i)
        if short in removed or long in removed or units[short].kind != "sentence":
            continue
        if _removes_body_for_title(keys, titles, short, long):
            continue
        if keys[short].word_count < MIN_WORDS:
            continue
        if len(keys[short].text) < _MIN_COVERAGE_OF_SENTENCE * len(keys[long].text):
            continue
        score = contained(keys[short], keys[long], config.containment)
        if score is not None:
            removed[short] = Decision(short, "contained", group_of[long], round(score, 3))


def _remove_contained_fragments(
    units: Sequence[Unit],
    keys: Sequence[UnitKey],
    group_of: Sequence[int],
    removed: dict[int, Decision],
    config: Config,
    titles: frozenset[int],
) -> None:
    """Drop kept fragments of truncated copies that lie inside a kept unit
    (a body fragment only inside a body unit: a title line is no container)."""
    candidates = [
        i
        for i in range(len(units))
        if i not in removed and is_fragment(units[i]) and keys[i].word_count >= _MIN_FRAGMENT_WORDS
    ]
    if not candidates:
        return
    kept = [i for i in range(len(units)) if i not in removed and i not in titles and keys[i].tokens]
    wanted = set().union(*(_shingles(keys[i], config) for i in candidates))
    postings = _shingle_postings(kept, keys, config, wanted)
    for index in candidates:
        container = _best_container(index, keys, postings, removed, config)
        if container is not None:
            target, score = container
            removed[index] = Decision(index, "contained", group_of[target], round(score, 3))


def _remove_truncated_tail(
    units: Sequence[Unit],
    keys: Sequence[UnitKey],
    group_of: Sequence[int],
    removed: dict[int, Decision],
) -> None:
    """The item's last line, cut off mid-sentence, looks like a heading (no
    stop; in Chinese there is no case to tell): it goes when it is how a kept
    sentence begins."""
    last = len(units) - 1
    if last < 1 or last in removed or units[last].kind != "heading":
        return
    tail = keys[last]
    if tail.word_count < _MIN_TAIL_WORDS:
        return
    for index in range(last):
        other = keys[index].text
        if index not in removed and len(other) > len(tail.text) and other.startswith(tail.text):
            removed[last] = Decision(last, "contained", group_of[index], 1.0)
            return


def _long_enough_fragment(unit: Unit, key: UnitKey) -> bool:
    """Three words, or fewer when the unit opens a paragraph in lower case:
    the cut start of a truncated copy (``hew exporters.``)."""
    if key.word_count >= _MIN_FRAGMENT_WORDS:
        return True
    first = unit.text[:1]
    return bool(key.tokens) and unit.new_paragraph and first.isalpha() and first.islower()


def _shingles(key: UnitKey, config: Config) -> set[tuple[str, ...]]:
    width = config.shingle_chars if key.cjk else config.shingle_words
    tokens = key.tokens
    if len(tokens) <= width:
        return {tuple(tokens)}
    return {tuple(tokens[i : i + width]) for i in range(len(tokens) - width + 1)}


def _shingle_postings(
    kept: Sequence[int],
    keys: Sequence[UnitKey],
    config: Config,
    wanted: set[tuple[str, ...]],
) -> dict[tuple[str, ...], list[int]]:
    """The kept units holding each ``wanted`` shingle, in order (only the
    fragments' shingles are looked up: indexing every shingle of a 10 MB item
    costs hundreds of MB)."""
    postings: dict[tuple[str, ...], list[int]] = {}
    for index in kept:
        for shingle in _shingles(keys[index], config) & wanted:
            postings.setdefault(shingle, []).append(index)
    return postings


def _best_container(
    index: int,
    keys: Sequence[UnitKey],
    postings: dict[tuple[str, ...], list[int]],
    removed: dict[int, Decision],
    config: Config,
) -> tuple[int, float] | None:
    own = _shingles(keys[index], config)
    shared: Counter[int] = Counter()
    for shingle in own:
        for other in postings.get(shingle, ()):
            if other != index and other not in removed:
                shared[other] += 1
    for other, count in shared.most_common(4):
        if count * 2 < len(own):
            break
        score = contained(keys[index], keys[other], config.containment)
        if score is not None:
            return other, score
    return _short_fragment_container(index, keys, removed)


def _short_fragment_container(
    index: int, keys: Sequence[UnitKey], removed: dict[int, Decision]
) -> tuple[int, float] | None:
    """A one- or two-word fragment shares no whole shingle: scan for its text."""
    fragment = keys[index]
    if len(fragment.tokens) > 2:
        return None
    for other, key in enumerate(keys):
        if other != index and other not in removed and fragment.tokens[-1] in key.vocabulary:
            score = contained(fragment, key, 1.0)
            if score is not None:
                return other, score
    return None
