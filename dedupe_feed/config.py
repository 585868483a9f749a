"""The frozen options object behind every keyword of :func:`dedupe_feed.clean`.

>>> Config().similarity
0.8
>>> Config().replace(similarity=0.9).similarity
0.9
>>> Config(num_perm=0)
Traceback (most recent call last):
...
dedupe_feed.errors.ConfigError: num_perm must be between 8 and 1024, got 0
"""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from dedupe_feed.errors import ConfigError

if TYPE_CHECKING:
    from dedupe_feed.rules import Rule

InputFormatOption = Literal["auto", "text", "html"]
LanguageOption = Literal["auto", "en", "hi", "zh"]


@dataclass(frozen=True)
class Config:
    """Options for cleaning one item. Every field is also a keyword of
    :func:`~dedupe_feed.clean` and :func:`~dedupe_feed.analyze`.

    Attributes:
        input_format: ``"auto"`` detects HTML; ``"text"``/``"html"`` force it.
        language: a hint for scripts without spaces (``"zh"`` uses character
            shingles everywhere); ``"auto"`` decides per sentence.
        restore_boundaries: split glued sentences (``chains.The``).
        recover_subheads: lift subheads glued to the next sentence.
        collapse_duplicates: run the duplicate stage at all.
        similarity: rapidfuzz similarity (0-1) at which two sentences are one.
        containment: share (0-1) of a fragment that must occur inside a kept
            sentence for the fragment to be dropped as ``contained``.
        num_perm: MinHash permutations.
        lsh_threshold: Jaccard estimate at which MinHash proposes a pair.
        shingle_words: words per shingle for space-separated scripts.
        shingle_chars: characters per shingle for scripts without spaces.
        max_candidates_per_bucket: cap on pairs taken from one LSH bucket, so
            10 MB of one repeated sentence stays linear.
        seed: MinHash permutation seed (output never depends on anything else).
        use_builtin_rules: apply the packaged boilerplate catalog.
        disabled_rules: rule ids to switch off.
        disabled_families: rule families to switch off (``"footer"`` ...).
        extra_rules: more rules, e.g. from :func:`dedupe_feed.rules.load_rules`.
        line_model: remove paragraphs of plain-text items that the learned
            boilerplate model scores as boilerplate (see
            :mod:`dedupe_feed.linemodel`); HTML items rely on the reader's
            choice of the article's container instead.
        line_model_threshold: score (0-1) at which the model removes a line;
            ``None`` takes the calibrated threshold shipped with the weights.
            Lines that read as prose always need at least their stricter
            calibrated threshold.
        line_model_weights: a weights file written by
            ``python -m benchmarks.train_boilerplate``; ``None`` uses the
            packaged weights.

    >>> from dedupe_feed import Cleaner, clean
    >>> config = Config(disabled_families={"credit"})
    >>> clean("Rain lashed Kochi. (PTI)", config=config)
    'Rain lashed Kochi. (PTI)'
    >>> Cleaner(config, similarity=0.9).config.similarity
    0.9
    """

    input_format: InputFormatOption = "auto"
    language: LanguageOption = "auto"
    restore_boundaries: bool = True
    recover_subheads: bool = True
    collapse_duplicates: bool = True
    similarity: float = 0.8
    containment: float = 0.95
    num_perm: int = 32
    lsh_threshold: float = 0.2
    shingle_words: int = 2
    shingle_chars: int = 3
    max_candidates_per_bucket: int = 4
    seed: int = 1
    use_builtin_rules: bool = True
    disabled_rules: frozenset[str] = field(default_factory=frozenset)
    disabled_families: frozenset[str] = field(default_factory=frozenset)
    extra_rules: tuple[Rule, ...] = ()
    line_model: bool = True
    line_model_threshold: float | None = None
    line_model_weights: str | None = None

    def __post_init__(self) -> None:
        _check_choice("input_format", self.input_format, ("auto", "text", "html"))
        _check_choice("language", self.language, ("auto", "en", "hi", "zh"))
        _check_fraction("similarity", self.similarity)
        _check_fraction("containment", self.containment)
        _check_fraction("lsh_threshold", self.lsh_threshold)
        if self.line_model_threshold is not None:
            _check_fraction("line_model_threshold", self.line_model_threshold)
        if self.line_model_weights is not None and not isinstance(self.line_model_weights, str):
            raise ConfigError(
                f"line_model_weights must be a file path (str), got {self.line_model_weights!r}"
            )
        _check_int("num_perm", self.num_perm, 8, 1024)
        _check_int("shingle_words", self.shingle_words, 1, 5)
        _check_int("shingle_chars", self.shingle_chars, 1, 8)
        _check_int("max_candidates_per_bucket", self.max_candidates_per_bucket, 1, 10_000)
        _check_int("seed", self.seed, 0, 2**31 - 1)
        for name in ("disabled_rules", "disabled_families"):
            value = getattr(self, name)
            if isinstance(value, str) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{name} must be a set of strings, got {value!r}")
            object.__setattr__(self, name, frozenset(value))
        object.__setattr__(self, "extra_rules", _checked_rules(self.extra_rules))

    def changed(self) -> dict[str, Any]:
        """The options that differ from the defaults.

        >>> Config(similarity=0.9, line_model=False).changed()
        {'similarity': 0.9, 'line_model': False}
        """
        default = Config()
        return {
            f.name: getattr(self, f.name)
            for f in dataclasses.fields(self)
            if getattr(self, f.name) != getattr(default, f.name)
        }

    def describe(self) -> str:
        """:meth:`changed` as keywords; extra rules by id.

        >>> Config(recover_subheads=False).describe()
        'recover_subheads=False'
        """
        return ", ".join(f"{name}={_shown(name, value)}" for name, value in self.changed().items())

    def replace(self, **options: Any) -> Config:
        """A copy with some options changed; unknown names raise ``TypeError``.

        >>> Config().replace(similarity=0.9, seed=7).seed
        7
        """
        known = {f.name for f in dataclasses.fields(self)}
        for name in options:
            if name not in known:
                hint = difflib.get_close_matches(name, sorted(known), n=1)
                suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
                raise TypeError(f"unknown option {name!r}{suggestion}")
        return dataclasses.replace(self, **options)


def _shown(name: str, value: Any) -> str:
    """An option's value for :meth:`Config.describe`: rules by their ids."""
    if name == "extra_rules":
        return f"<{len(value)} rules: {', '.join(rule.id for rule in value)}>"
    return repr(value)


def _checked_rules(rules: object) -> tuple[Rule, ...]:
    from dedupe_feed.rules import Rule  # the rules package does not import config

    if isinstance(rules, (str, bytes)) or not isinstance(rules, (tuple, list)):
        raise ConfigError(f"extra_rules must be a tuple of Rule objects, got {rules!r}")
    for rule in rules:
        if not isinstance(rule, Rule):
            raise ConfigError(f"extra_rules must hold Rule objects, got {type(rule).__name__}")
    return tuple(rules)


def _check_choice(name: str, value: object, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ConfigError(f"{name} must be one of {', '.join(choices)}, got {value!r}")


def _check_fraction(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
        raise ConfigError(f"{name} must be a number in (0, 1], got {value!r}")


def _check_int(name: str, value: object, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigError(f"{name} must be between {low} and {high}, got {value!r}")
