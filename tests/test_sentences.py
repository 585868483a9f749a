"""Tests for :mod:`dedupe_feed.sentences`: exact cases, properties, big inputs."""

from __future__ import annotations

import doctest
import itertools
import re

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from shared_folder import SHARED_EXAMPLES, needs

from dedupe_feed import sentences
from dedupe_feed.model import Sentence
from dedupe_feed.sentences import split_sentences

EXAMPLE = SHARED_EXAMPLES / "asianet_ani_critical_minerals.txt"
STOPS = ".!?…।॥。！？"
CLOSERS = "\"”’')]」』）】》"


def split(text: str, *, restore_glued: bool = True) -> list[tuple[str, bool]]:
    """``(sentence text, glued)`` for each sentence of ``text``."""
    found = split_sentences(text, restore_glued=restore_glued)
    return [(text[s.start : s.end], s.glued) for s in found]


def texts(text: str) -> list[str]:
    return [sentence for sentence, _ in split(text)]


# --------------------------------------------------------------------------- #
# exact cases: boundaries that must be found
# --------------------------------------------------------------------------- #

SPACED_BOUNDARIES = [
    ("It rained. The IMD said so.", ["It rained.", "The IMD said so."]),
    ("Really? Yes!", ["Really?", "Yes!"]),
    ("Wow! It worked.", ["Wow!", "It worked."]),
    ("Why?! Nobody knows.", ["Why?!", "Nobody knows."]),
    ("He waited… Then he left.", ["He waited…", "Then he left."]),
    ("He waited... Then he left.", ["He waited...", "Then he left."]),
    ('He said "go." Then he left.', ['He said "go."', "Then he left."]),
    ("It said “go.” Then it left.", ["It said “go.”", "Then it left."]),
    ("He left (for good.) Then she came.", ["He left (for good.)", "Then she came."]),
    ("He left [sic.] Then she came.", ["He left [sic.]", "Then she came."]),
    ("The vote ended. 2024 was close.", ["The vote ended.", "2024 was close."]),
    ('The vote ended. "We won," he said.', ["The vote ended.", '"We won," he said.']),
    ("The vote ended. “We won,” he said.", ["The vote ended.", "“We won,” he said."]),
    ("The vote ended. 'We won,' he said.", ["The vote ended.", "'We won,' he said."]),
    ("The vote ended. (ANI)", ["The vote ended.", "(ANI)"]),
    (
        "It was held in 2024. The result came later.",
        ["It was held in 2024.", "The result came later."],
    ),
    ("Prices rose 5%. Markets fell.", ["Prices rose 5%.", "Markets fell."]),
    ("He spoke. भारत ने जवाब दिया।", ["He spoke.", "भारत ने जवाब दिया।"]),
    ("He spoke. Москва ответила.", ["He spoke.", "Москва ответила."]),
    ("Visit ndtv.com. The site is free.", ["Visit ndtv.com.", "The site is free."]),
    ("The post on X. (ANI)", ["The post on X.", "(ANI)"]),
    ("The vote\nended. The count\nbegan.", ["The vote\nended.", "The count\nbegan."]),
    ("It rained.   \n  The IMD said so.", ["It rained.", "The IMD said so."]),
    ("  It rained. The IMD said so.  ", ["It rained.", "The IMD said so."]),
]


@pytest.mark.parametrize(("text", "expected"), SPACED_BOUNDARIES)
def test_spaced_boundary(text: str, expected: list[str]) -> None:
    assert split(text) == [(sentence, False) for sentence in expected]


GLUED_BOUNDARIES = [
    ("supply chains.The State Department said", "supply chains.", "The State Department said"),
    ("sources said on Wednesday.The US had said", "sources said on Wednesday.", "The US had said"),
    ("in 2024.The count began", "in 2024.", "The count began"),
    ("prices rose 5%.Markets fell", "prices rose 5%.", "Markets fell"),
    ("it said (ANI).The end", "it said (ANI).", "The end"),
    ("Why did it fail?The answer is simple", "Why did it fail?", "The answer is simple"),
    ("It stopped!Nobody moved", "It stopped!", "Nobody moved"),
    ("in a post.US Treasury Secretary spoke", "in a post.", "US Treasury Secretary spoke"),
    ("the party said.BJP's leaders agreed", "the party said.", "BJP's leaders agreed"),
    ("the caf\u00e9 closed.Then it reopened", "the caf\u00e9 closed.", "Then it reopened"),
    # an even number of straight quotes before: the quote opens the next sentence
    (
        'energy transition."On February 4, he said.',
        "energy transition.",
        '"On February 4, he said.',
    ),
    ('It ended!"We won," he said.', "It ended!", '"We won," he said.'),
    ('Was it over?"No," he said.', "Was it over?", '"No," he said.'),
    ('He left."I quit," he said.', "He left.", '"I quit," he said.'),
    # an odd number: the quote closes this sentence
    ('He said "we will win."The crowd cheered.', 'He said "we will win."', "The crowd cheered."),
    ('He asked "why?"Nobody answered.', 'He asked "why?"', "Nobody answered."),
    ('She shouted "stop!"The car stopped.', 'She shouted "stop!"', "The car stopped."),
    # curly quotes say which way they face
    (
        "energy transition.“On February 4, he said.",
        "energy transition.",
        "“On February 4, he said.",
    ),
    ("He said “we will win.”The crowd cheered.", "He said “we will win.”", "The crowd cheered."),
    ("It said ‘we will win.’The crowd cheered.", "It said ‘we will win.’", "The crowd cheered."),
    # the article A before a capitalised word
    ("hit the peninsula.A Nasa satellite saw it", "hit the peninsula.", "A Nasa satellite saw it"),
    # a whole all-caps word before the stop, a capitalised word after it
    (
        "according to AUSTRAC.Archbishop Coleridge said",
        "according to AUSTRAC.",
        "Archbishop Coleridge said",
    ),
    ("the agency PTI.The report said", "the agency PTI.", "The report said"),
    # a closing quote before the stop, an acronym opening the next sentence
    ('launder "dirty money".AUSTRAC said it', 'launder "dirty money".', "AUSTRAC said it"),
    ("launder “dirty money”.The bank said", "launder “dirty money”.", "The bank said"),
    ("the bank said.AUSTRAC will act", "the bank said.", "AUSTRAC will act"),
    # a Latin full stop between Devanagari sentences, before a quote
    ("नहीं हो सकता.'मोदी ने कहा", "नहीं हो सकता.", "'मोदी ने कहा"),
    ("नहीं हो सकता.“मोदी ने कहा", "नहीं हो सकता.", "“मोदी ने कहा"),
    ("उन्होंने 'हम जीतेंगे.'सबने सुना", "उन्होंने 'हम जीतेंगे.'", "सबने सुना"),
]


@pytest.mark.parametrize(("text", "first", "second"), GLUED_BOUNDARIES)
def test_glued_boundary_is_restored(text: str, first: str, second: str) -> None:
    assert split(text) == [(first, False), (second, True)]


@pytest.mark.parametrize(("text", "first", "second"), GLUED_BOUNDARIES)
def test_glued_boundary_is_kept_when_restoring_is_off(text: str, first: str, second: str) -> None:
    assert split(text, restore_glued=False) == [(text, False)]


def test_glued_sentence_follows_its_predecessor_directly() -> None:
    source = "Rain lashed Kochi.The IMD issued an alert.Schools shut."
    found = split_sentences(source)
    assert [s.glued for s in found] == [False, True, True]
    assert all(a.end == b.start for a, b in itertools.pairwise(found))


def test_quote_parity_counts_from_the_paragraph_start() -> None:
    text = 'He said "yes." She said "no."Then they left.'
    assert split(text) == [
        ('He said "yes."', False),
        ('She said "no."', False),
        ("Then they left.", True),
    ]


def test_quote_closing_before_a_lone_capital_keeps_the_sentence() -> None:
    assert split('He said "we will."I disagree.') == [('He said "we will."I disagree.', False)]


def test_mixed_spaced_and_glued_boundaries() -> None:
    text = "Mr. Modi met Dr. Singh at 10 a.m. on Monday.The talks lasted 3.5 hours. Both spoke."
    assert split(text) == [
        ("Mr. Modi met Dr. Singh at 10 a.m. on Monday.", False),
        ("The talks lasted 3.5 hours.", True),
        ("Both spoke.", False),
    ]


# --------------------------------------------------------------------------- #
# exact cases: guards (nothing may be split)
# --------------------------------------------------------------------------- #

SPEC_ABBREVIATIONS = [
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Sr", "Jr", "St", "Rs", "No", "Nos", "vs", "Gen",
    "Lt", "Col", "Capt", "Sgt", "Gov", "Sen", "Rep", "Inc", "Ltd", "Co", "Corp", "Jan",
    "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    "approx", "est", "Fig", "Vol", "pp", "Sh", "Smt", "Shri",
]  # fmt: skip


@pytest.mark.parametrize("abbreviation", SPEC_ABBREVIATIONS)
def test_abbreviation_before_a_name_does_not_split(abbreviation: str) -> None:
    text = f"They met {abbreviation}. Kumar on Friday."
    assert split(text) == [(text, False)]


@pytest.mark.parametrize("abbreviation", SPEC_ABBREVIATIONS)
def test_abbreviation_before_a_number_does_not_split(abbreviation: str) -> None:
    text = f"They cited {abbreviation}. 12 on Friday."
    assert split(text) == [(text, False)]


@pytest.mark.parametrize("abbreviation", SPEC_ABBREVIATIONS)
def test_abbreviation_glued_to_a_name_does_not_split(abbreviation: str) -> None:
    text = f"They met {abbreviation}.Kumar on Friday."
    assert split(text) == [(text, False)]


@pytest.mark.parametrize("abbreviation", SPEC_ABBREVIATIONS)
def test_abbreviation_before_a_sentence_starter_splits(abbreviation: str) -> None:
    text = f"They met {abbreviation}. The talks went well."
    assert texts(text) == [f"They met {abbreviation}.", "The talks went well."]


@pytest.mark.parametrize(
    "starter",
    ["The", "He", "She", "It", "They", "We", "I", "This", "That", "These", "Those", "In",
     "On", "At", "But", "And", "However", "Meanwhile", "According", "A", "An", "His", "Her",
     "Their", "Its", "There"],
)  # fmt: skip
def test_every_sentence_starter_ends_a_guarded_sentence(starter: str) -> None:
    text = f"He visited the U.S. {starter} said nothing."
    assert texts(text) == ["He visited the U.S.", f"{starter} said nothing."]


NO_SPLIT = [
    # initials
    "External Affairs Minister S. Jaishankar spoke.",
    "The author J. K. Rowling wrote it.",
    "Former CJI S. A. Bobde spoke.",
    "We need Plan B. Modi agreed.",
    # multi-dot abbreviations
    "He visited the U.S. Navy base.",
    "The U.K. Government agreed.",
    "The U.N. Security Council met.",
    "It starts at 10 a.m. Monday and ends at 5 p.m. Tuesday.",
    "Take fruit, e.g. Apples and pears.",
    "Take one, i.e. Delhi.",
    "She has a Ph.D. From Oxford.",
    "He said U.S.The end.",
    "It starts at 10 a.m.The end.",
    "Take fruit, e.g.Apples.",
    # numbers, times, versions
    "Growth was 3.5 per cent.",
    "The meeting is at 10.30 tomorrow.",
    "Version 2.4.1 was released.",
    "The score was 1.2M.",
    # domains, URLs, e-mail
    "Follow us on x.com for news.",
    "Read www.ndtv.com/world today.",
    "According to News18.com the rally ended.",
    "NDTV.com reported it.",
    "Write to desk@pti.in today.",
    "Write to desk@pti.in.The desk replies.",
    "See https://example.com/News.Today for more.",
    # lowercase after the stop
    "Take fruit, e.g. the apples.",
    "It rained. then it stopped.",
    "It was big... and loud.",
    # ellipses inside quotes
    '"I was... I don\'t know," he said.',
    "“I was… I don’t know,” he said.",
    # doubt: a glued stop before a lone capital, an ellipsis or an upper-case token
    "He said.I think so.",
    "He waited...Then left.",
    "He stopped!!The end.",
    "The ASP.NET stack.",
    "The S.Jaishankar visit.",
    # other punctuation after a space
    "He left. - The end.",
    # capitals before a glued stop: an abbreviation, a product, no word after
    "They met DR.Kumar on Friday.",
    "They met MR.Modi on Friday.",
    "The NO.1 seed won.",
    "The ASP.NET Core stack.",
    "Their PIB.IN site.",
    # a quote before a glued stop that opens a quotation
    'She typed ".Then" by mistake.',
    'He said "we will".I think so.',
    # Devanagari: an abbreviation dot with no quote after it
    "डॉ.मनमोहन सिंह ने कहा।",
    "पी.चिदंबरम ने कहा।",
]


@pytest.mark.parametrize("text", NO_SPLIT)
def test_guard_keeps_one_sentence(text: str) -> None:
    assert split(text) == [(text, False)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "He visited the U.S. The minister said so.",
            ["He visited the U.S.", "The minister said so."],
        ),
        ("He left at 10 a.m. He returned.", ["He left at 10 a.m.", "He returned."]),
        ("It needs vitamin D. The sun helps.", ["It needs vitamin D.", "The sun helps."]),
        (
            "He signed for Apple Inc. The deal closed.",
            ["He signed for Apple Inc.", "The deal closed."],
        ),
        ("They were in the U.S. (ANI)", ["They were in the U.S.", "(ANI)"]),
    ],
)
def test_guarded_stop_still_ends_a_sentence(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_initial_before_an_initial_like_starter_does_not_split() -> None:
    assert texts("Justice S. A. Bobde and I. Khan spoke.") == [
        "Justice S. A. Bobde and I. Khan spoke."
    ]


# --------------------------------------------------------------------------- #
# other scripts
# --------------------------------------------------------------------------- #

HINDI = "भारत ने मैच जीत लिया। टीम के कप्तान ने खुशी जताई। अगला मैच रविवार को होगा॥"


def test_hindi_danda_ends_sentences() -> None:
    assert split(HINDI) == [
        ("भारत ने मैच जीत लिया।", False),
        ("टीम के कप्तान ने खुशी जताई।", False),
        ("अगला मैच रविवार को होगा॥", False),
    ]


def test_hindi_danda_without_space_is_a_glued_boundary() -> None:
    # Hindi puts a space after the danda; a missing one is a lost break.
    assert split("बारिश हुई।स्कूल बंद रहे।") == [("बारिश हुई।", False), ("स्कूल बंद रहे।", True)]


def test_cjk_stop_without_space_is_not_glued() -> None:
    assert split("北京下雨。天津晴。") == [("北京下雨。", False), ("天津晴。", False)]


def test_hindi_question_mark_before_devanagari() -> None:
    assert texts("क्या बारिश होगी? मौसम विभाग ने चेतावनी दी।") == [
        "क्या बारिश होगी?",
        "मौसम विभाग ने चेतावनी दी।",
    ]


def test_chinese_full_stops_need_no_space() -> None:
    assert split("今天北京下雨了。明天会放晴！你去吗？我去。") == [
        ("今天北京下雨了。", False),
        ("明天会放晴！", False),
        ("你去吗？", False),
        ("我去。", False),
    ]


@given(
    st.sampled_from(["peninsula", "AUSTRAC", "PTI", "said", '"dirty money"', "“money”", "2024"]),
    st.sampled_from(["A Nasa", "Archbishop", "AUSTRAC said", "The", "A team", "US Treasury"]),
)
def test_glued_word_stop_capitalised_word_splits(left: str, right: str) -> None:
    """A word (or all-caps word, or closing quote) glued by a stop to a
    capitalised word, an article or an acronym opening a sentence (after an
    all-caps word, an acronym is in doubt: ``ASP.NET Core``)."""
    assume(not (left.isupper() and right[:2].isupper()))
    text = f"It hit the {left}.{right} spoke."
    assert split(text) == [(f"It hit the {left}.", False), (f"{right} spoke.", True)]


def test_chinese_closing_quote_stays_with_its_sentence() -> None:
    assert texts("他说：“我们赢了。”大家欢呼。") == ["他说：“我们赢了。”", "大家欢呼。"]


def test_mixed_scripts() -> None:
    text = "India won the match. भारत जीता। 中国队输了。China will play again."
    assert split(text) == [
        ("India won the match.", False),
        ("भारत जीता।", False),
        ("中国队输了。", False),
        ("China will play again.", False),
    ]


# --------------------------------------------------------------------------- #
# wire-style paragraphs (own text, same artifacts as the real example)
# --------------------------------------------------------------------------- #

WIRE_PARAGRAPH = (
    "Heavy Rain Alert Rain lashed Kochi on Monday, the India Meteorological Department (IMD) "
    "said.The IMD issued an orange alert for three districts till 8.30 p.m. on Tuesday."
    '"Schools will stay shut as a precaution. Parents must keep children indoors," District '
    "Collector Dr. N. S. K. Umesh said in a post on X. Meanwhile, the U.S. Consulate in "
    "Chennai advised travellers to check www.imd.gov.in before leaving.Rainfall of 12.5 cm "
    "was recorded at the airport, officials said.According to Rs. 3.5 crore estimates, the "
    "damage is limited. (PTI)"
)


def test_wire_paragraph() -> None:
    assert split(WIRE_PARAGRAPH) == [
        (
            "Heavy Rain Alert Rain lashed Kochi on Monday, the India Meteorological Department "
            "(IMD) said.",
            False,
        ),
        ("The IMD issued an orange alert for three districts till 8.30 p.m. on Tuesday.", True),
        ('"Schools will stay shut as a precaution.', True),
        (
            'Parents must keep children indoors," District Collector Dr. N. S. K. Umesh said in '
            "a post on X.",
            False,
        ),
        (
            "Meanwhile, the U.S. Consulate in Chennai advised travellers to check www.imd.gov.in "
            "before leaving.",
            False,
        ),
        ("Rainfall of 12.5 cm was recorded at the airport, officials said.", True),
        ("According to Rs. 3.5 crore estimates, the damage is limited.", True),
        ("(PTI)", False),
    ]


WIRE_BODY = WIRE_PARAGRAPH.removesuffix(" (PTI)")


def test_wire_body_delivered_twice_on_one_line() -> None:
    """A whole body on one line, no breaks at all, just works."""
    once = split(WIRE_BODY)
    assert split(WIRE_BODY + " " + WIRE_BODY) == once + once


def test_wire_paragraph_hard_wrapped() -> None:
    wrapped = re.sub(r"(.{60}\S*) ", "\\1\n", WIRE_PARAGRAPH)
    assert "\n" in wrapped
    assert [glued for _, glued in split(wrapped)] == [glued for _, glued in split(WIRE_PARAGRAPH)]


@pytest.mark.skipif(
    not EXAMPLE.exists(),
    reason=needs(EXAMPLE),
)
def test_real_example_paragraphs() -> None:
    raw = EXAMPLE.read_text(encoding="utf-8")
    found: list[tuple[bool, str]] = []
    for line in re.finditer(r"[^\n]+", raw):
        for s in split_sentences(raw, line.start(), line.end()):
            found.append((s.glued, raw[s.start : s.end][:30]))
    assert found == [
        (False, "date 2026-01-28 External Affai"),
        (False, "Critical Minerals Ministerial "),
        (True, "The State Department said in a"),
        (True, '"On February 4, Secretary Rubi'),
        (False, "Strengthening critical mineral"),
        (False, "Finance Ministerial on Mineral"),
        (True, "According to a release by the "),
        (False, "India was represented by Union"),
        (False, "US-India Defence Cooperation M"),
        (True, "The meeting, held on January 2"),
        (True, '"US Congressional Delegation l'),
        (False, "They had wide ranging discussi"),
        (False, "(ANI)(Except for the headline,"),
        (False, "External Affairs Minister S Ja"),
        (True, "The US Department of State had"),
        (True, "The State Department said in a"),
        (True, '"On February 4, Secretary Rubi'),
        (False, "Strengthening critical mineral"),
        (True, "US Treasury Secretary Scott Be"),
        (True, "According to a release by the "),
        (False, "India was represented by Union"),
        (True, "Meanwhile, a United States Con"),
        (True, "The meeting, held on January 2"),
        (True, '"US Congressional Delegation l'),
        (False, "They had wide ranging discussi"),
        (False, "(ANI) Add Asianet Newsable as "),
    ]


# --------------------------------------------------------------------------- #
# interface
# --------------------------------------------------------------------------- #


def test_offsets_are_absolute() -> None:
    source = "Header line\nIt rained.The IMD said so.\nFooter"
    start = source.index("It")
    end = source.index("\nFooter")
    assert split_sentences(source, start, end) == [
        Sentence(start, start + 10, False),
        Sentence(start + 10, end, True),
    ]


def test_range_ignores_text_outside_it() -> None:
    source = "a.x.The end.Then more"
    assert split_sentences(source, 4, 12) == [Sentence(4, 12, False)]


@pytest.mark.parametrize("text", ["", " ", "\n\n\t ", "\u3000\u00a0"])
def test_whitespace_only_gives_nothing(text: str) -> None:
    assert split_sentences(text) == []


def test_empty_range_gives_nothing() -> None:
    assert split_sentences("It rained.", 3, 3) == []


def test_text_without_stops_is_one_sentence() -> None:
    assert split("Add Asianet Newsable as a Preferred Source") == [
        ("Add Asianet Newsable as a Preferred Source", False)
    ]


@pytest.mark.parametrize(("start", "end"), [(-1, None), (5, 3), (0, 100), (20, None)])
def test_bad_range_raises(start: int, end: int | None) -> None:
    with pytest.raises(ValueError, match="outside"):
        split_sentences("It rained.", start, end)


def test_docstrings_run() -> None:
    failures, tried = doctest.testmod(sentences)
    assert tried > 0
    assert failures == 0


# --------------------------------------------------------------------------- #
# properties
# --------------------------------------------------------------------------- #

TOKENS = [
    "The", "He", "said", "chains", "Mr.", "Dr.", "U.S.", "a.m.", "e.g.", "S.", "A.", "US",
    "x.com", "desk@pti.in", "3.5", "2024", "Kumar", "Navy", "it", "भारत", "北京", "Москва",
    ".", ". ", "!", "?", "...", "…", "।", "॥", "。", "！", "？", "%", "(", ")", "[", "]",
    " ", " ", " ", "\n", "\t", "\x00", "\x1c",
]  # fmt: skip
QUOTES = ['"', "“", "”", "‘", "’", "'"]

token_text = st.lists(st.sampled_from(TOKENS + QUOTES), max_size=40).map("".join)
quote_free_text = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)
any_text = st.one_of(token_text, st.text(max_size=80))


def assert_partition(source: str, start: int, end: int, found: list[Sentence]) -> None:
    """Sentences are stripped, ordered, disjoint, inside the range, and cover
    every non-whitespace character of it."""
    cursor = start
    for sentence in found:
        assert cursor <= sentence.start < sentence.end <= end
        assert source[cursor : sentence.start].strip() == ""
        piece = source[sentence.start : sentence.end]
        assert piece == piece.strip()
        cursor = sentence.end
    assert source[cursor:end].strip() == ""
    assert bool(found) == bool(source[start:end].strip())


@given(any_text, st.data())
def test_sentences_partition_the_range(source: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(source)))
    end = data.draw(st.integers(start, len(source)))
    assert_partition(source, start, end, split_sentences(source, start, end))


@given(any_text)
def test_glued_sentences_touch_their_predecessor(text: str) -> None:
    found = split_sentences(text)
    if found:
        assert not found[0].glued
    for previous, sentence in itertools.pairwise(found):
        if sentence.glued:
            assert previous.end == sentence.start


@given(any_text)
def test_every_sentence_but_the_last_ends_with_a_stop(text: str) -> None:
    for sentence in split_sentences(text)[:-1]:
        assert text[sentence.start : sentence.end].rstrip(CLOSERS)[-1] in STOPS


@given(any_text)
def test_glued_boundaries_exist_only_when_restoring(text: str) -> None:
    """Turning restoration off leaves no glued sentence, and every glued
    sentence starts where the unrestored split saw no boundary, or right after
    a danda (always a boundary; without its space it is also a lost break).
    (The sets of other boundaries may differ a little: after a restored cut,
    ``Mr.`` is judged as a token of its own.)"""
    plain = split_sentences(text, restore_glued=False)
    assert not any(s.glued for s in plain)
    plain_starts = {s.start for s in plain}
    for sentence in split_sentences(text):
        if sentence.glued:
            after_danda = text[sentence.start - 1] in "।॥"
            assert after_danda or sentence.start not in plain_starts


@given(any_text, st.text(max_size=10), st.text(max_size=10))
def test_result_depends_only_on_the_range(text: str, before: str, after: str) -> None:
    source = before + text + after
    shift = len(before)
    shifted = [Sentence(s.start + shift, s.end + shift, s.glued) for s in split_sentences(text)]
    assert split_sentences(source, shift, shift + len(text)) == shifted


@given(token_text)
def test_hard_wrapping_changes_nothing(text: str) -> None:
    assert split_sentences(text.replace(" ", "\n")) == split_sentences(text)


@given(quote_free_text, st.booleans())
def test_each_sentence_splits_into_itself(text: str, restore_glued: bool) -> None:
    for sentence in split_sentences(text, restore_glued=restore_glued):
        again = split_sentences(text, sentence.start, sentence.end, restore_glued=restore_glued)
        assert again == [Sentence(sentence.start, sentence.end, False)]


@given(any_text)
def test_deterministic(text: str) -> None:
    assert split_sentences(text) == split_sentences(text)


# --------------------------------------------------------------------------- #
# big inputs: each would hang if any step were quadratic
# --------------------------------------------------------------------------- #

BIG = 2_000_000


@pytest.mark.slow
def test_big_single_paragraph() -> None:
    copies = 10_000_000 // len(WIRE_BODY)
    found = split_sentences((WIRE_BODY + " ") * copies)
    assert len(found) == len(split(WIRE_BODY)) * copies


@pytest.mark.slow
def test_big_repeated_sentence() -> None:
    sentence = "The cat sat on the mat."
    found = split_sentences(" ".join([sentence] * 400_000))
    assert len(found) == 400_000
    assert {s.end - s.start for s in found} == {len(sentence)}


@pytest.mark.slow
def test_many_one_word_lines() -> None:
    assert len(split_sentences("word\n" * 100_000)) == 1
    assert len(split_sentences("Word.\n" * 100_000)) == 100_000


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("." * 1_000_000, 1),
        ("…" * BIG, 1),
        (". " * BIG, 1),
        ("A. " * (BIG // 3), 1),
        ("U.S." * (BIG // 4), 1),
        ("a.Ba" * (BIG // 4), BIG // 4 + 1),
        ('"' + "wait... Then " * (BIG // 13), 1),
        (".\n" + " " * BIG + "x", 1),
        ("." + '"' * BIG + " x", 1),
        ("a." + "A" * BIG, 1),
        ("a." + "A" * BIG + " ", 1),
        ("x" * BIG, 1),
        ("।" * BIG, 1),
        ("。" * BIG, 1),
        ("".join(chr(i % 40) for i in range(BIG)), 1),
        ("\x00" * BIG, 1),
    ],
    ids=[
        "dots", "ellipses", "dot-spaces", "initials", "us", "glued", "quoted-ellipses",
        "long-space", "long-closers", "long-acronym", "long-acronym-space", "no-stops",
        "dandas", "cjk-stops", "control-chars", "nul",
    ],
)  # fmt: skip
def test_pathological_input(text: str, count: int) -> None:
    found = split_sentences(text)
    assert len(found) == count
    assert_partition(text, 0, len(text), found)


def test_glued_article_a_opens_a_sentence() -> None:
    assert split("rain in 24 hours.A team was sent.") == [
        ("rain in 24 hours.", False),
        ("A team was sent.", True),
    ]


def test_initial_before_glued_a_is_not_split() -> None:
    assert split("Plan B.A team was sent.") == [("Plan B.A team was sent.", False)]


_PIECES = st.sampled_from(
    [
        *STOPS, *CLOSERS, " ", "  ", "\n", "a", "Z", "US", "U.S.", "Dr", "3", "%", "é",
        "It rained", "The", "x.com", "सकता", "北京", "“", "‘", "...", "'", '"',
    ]
)  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join), st.integers(0, 40), st.integers(0, 40))
@example("Why? The rain… It stopped!Then 北京。好", 0, 40)
@example("Why? The rain. It stopped!Then", 0, 40)
def test_candidate_matches_are_the_candidate_scan(text: str, first: int, last: int) -> None:
    """Trying the candidate pattern only at stop characters finds what
    scanning every character finds."""
    first, last = sorted((min(first, len(text)), min(last, len(text))))
    fast = [m.span() for m in sentences.candidate_matches(text, first, last)]
    assert fast == [m.span() for m in sentences.CANDIDATE.finditer(text, first, last)]
