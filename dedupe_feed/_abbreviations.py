"""Word lists behind the sentence splitter's guards.

>>> "Dr" in ABBREVIATIONS and "The" in SENTENCE_STARTERS
True
"""

from __future__ import annotations

#: Words that end with a dot without ending the sentence (``Mr. Modi``).
#: Matched case-sensitively against the letters right before the dot.
ABBREVIATIONS: frozenset[str] = frozenset(
    {
        # titles and ranks
        "Mr", "Mrs", "Ms", "Dr", "Prof", "Sr", "Jr", "St", "Gen", "Lt", "Col",
        "Capt", "Sgt", "Gov", "Sen", "Rep", "Sh", "Smt", "Shri", "Hon", "Maj",
        "Adm", "Cmdr", "Brig", "Supt", "Insp", "Rev", "Fr", "Mt",
        # companies
        "Inc", "Ltd", "Co", "Corp", "Bros", "Pvt",
        # months (May is a whole word)
        "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct",
        "Nov", "Dec",
        # references, numbers and money
        "Rs", "No", "Nos", "vs", "Vs", "approx", "Approx", "est", "Est", "Fig",
        "fig", "Figs", "Vol", "vol", "pp", "Pp", "Art", "Sec", "Ch", "ca",
    }
)  # fmt: skip

#: Words after which a guarded dot (abbreviation, initial, ``U.S.``) still ends
#: the sentence: ``visited the U.S. The minister said``.
SENTENCE_STARTERS: frozenset[str] = frozenset(
    {
        "The", "He", "She", "It", "They", "We", "I", "This", "That", "These",
        "Those", "In", "On", "At", "But", "And", "However", "Meanwhile",
        "According", "A", "An", "His", "Her", "Their", "Its", "There",
    }
)  # fmt: skip
