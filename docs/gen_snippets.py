"""Generate the documentation's before/after blocks from real runs.

Every "after" in the docs is what the library gives today on text the project
ships (``dedupe_feed/examples/``, ``builtin.toml``, ``docs/examples/``). The
pages include the files this script writes into ``docs/snippets/``;
``tests/test_docs.py`` regenerates them in memory and fails when a file on
disk differs, so the docs cannot drift from the code.

    python docs/gen_snippets.py          # rewrite docs/snippets/
    python docs/gen_snippets.py --check  # exit 1 when a snippet is stale
"""

from __future__ import annotations

import difflib
import html
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

import dedupe_feed
from dedupe_feed.cli import main as cli_main
from dedupe_feed.rules import Rule, builtin_rules
from dedupe_feed.view import render_explanation

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = ROOT / "docs" / "snippets"
WIRE_DOUBLED = ROOT / "dedupe_feed" / "examples" / "wire_doubled.txt"
FEED = ROOT / "docs" / "examples" / "feed.jsonl"
SCRAPED = ROOT / "dedupe_feed" / "examples" / "scraped_item.txt"

# One line per family of builtin.toml: a new family must be described here.
FAMILY_NOTES = {
    "metadata": "dates flattened into the text: a leading `date ...`, `First Published on ...`",
    "dateline": "where and when the story was filed, at the top",
    "byline": "who wrote it, at the top",
    "credit": "agency credits: `(PTI)`, `(With inputs from ANI)`, `(Reporting by ...)`",
    "disclaimer": "syndication notes: `this story has not been edited by ... staff` ...",
    "footer": "calls to action and sign-offs: `Add ... as a Preferred Source`, `- Ends`",
    "social": "follow-us and share lines",
    "promo": "app, channel, newsletter and subscription promotions",
    "related": "related-story lines and headings: `Also Read: ...`, `You May Like`",
    "ad": "advertisement markers: `Advertisement`, `Story continues below this ad`",
    "chrome": "page furniture: read times, comment counts, cookie notices",
    "caption": "caption lines: `... (AP Photo/Name)`, `... REUTERS/Name`, `Image caption ...`",
    "copyright": "copyright and all-rights-reserved lines",
    "desk": "wire desk codes at the end: `PTI KPK SSK`, `--IANS vc/bg`, `Reuter`",
}
# A sentence of the bundled example, used as the story around a rule's example.
BODY = "Kozhikode recorded 74 mm and Wayanad 61 mm, the department said."


def _cell(text: str) -> str:
    """``text`` as inline code safe inside a Markdown table cell."""
    shown = html.escape(text).replace("|", "&#124;").replace("\n", "↵")
    return f"<code>{shown}</code>" if text else "(empty)"


def _wire_raw() -> str:
    return WIRE_DOUBLED.read_text(encoding="utf-8")


def wire_clean() -> str:
    return dedupe_feed.clean(_wire_raw()) + "\n"


def wire_metadata() -> str:
    return repr(dict(dedupe_feed.analyze(_wire_raw()).metadata)) + "\n"


def wire_explain() -> str:
    return render_explanation(dedupe_feed.analyze(_wire_raw()), color=False) + "\n"


def wire_view() -> str:
    return dedupe_feed.analyze(_wire_raw())._repr_html_() + "\n"


def _scraped_raw() -> str:
    return SCRAPED.read_text(encoding="utf-8")


def line_model_before() -> str:
    return _scraped_raw()


def line_model_after() -> str:
    return dedupe_feed.clean(_scraped_raw()) + "\n"


def line_model_explain() -> str:
    return render_explanation(dedupe_feed.analyze(_scraped_raw()), color=False) + "\n"


def wire_tuned_diff() -> str:
    raw = _wire_raw()
    default = dedupe_feed.clean(raw).splitlines()
    options = {"disabled_families": {"footer"}, "line_model": False}
    tuned = dedupe_feed.clean(raw, **options).splitlines()
    name = 'clean(raw, disabled_families={"footer"}, line_model=False)'
    diff = difflib.unified_diff(default, tuned, "clean(raw)", name, n=1, lineterm="")
    return "\n".join(diff) + "\n"


def catalog_before() -> str:
    raw = _wire_raw()
    lead = "Heavy rain continued in Kerala on Wednesday, officials said."
    return raw[raw.index("Sea erosion") : raw.index(lead) + len(lead)] + "\n"


def catalog_after() -> str:
    before = catalog_before().removesuffix("\n")
    result = dedupe_feed.analyze(before)
    reasons = [r.reason for r in result.removed]
    return f"{result.text}\n\n# metadata: {dict(result.metadata)!r}\n# removed: {reasons!r}\n"


def _family_example(rules: list[Rule]) -> tuple[str, str, dict[str, str]]:
    """(before, after, metadata) for the family's first rule example that
    still reads well next to a story sentence, else the bare example."""
    for rule in rules:
        for example in rule.examples:
            before = f"{example}\n\n{BODY}" if rule.position == "top" else f"{BODY}\n\n{example}"
            result = dedupe_feed.analyze(before)
            if result.text == BODY and result.removed:
                return before, result.text, dict(result.metadata)
    example = rules[0].examples[0]
    result = dedupe_feed.analyze(example)
    return example, result.text, dict(result.metadata)


def _families() -> dict[str, list[Rule]]:
    families: dict[str, list[Rule]] = {}
    for rule in builtin_rules():
        families.setdefault(rule.family, []).append(rule)
    unknown = sorted(set(families) - set(FAMILY_NOTES))
    if unknown:
        raise SystemExit(f"describe the new rule families in FAMILY_NOTES: {unknown}")
    return families


def catalog_families() -> str:
    rows = [
        "| family | what it catches | rules | example (before) | after | lifted metadata |",
        "|---|---|---|---|---|---|",
    ]
    for family, rules in _families().items():
        before, after, metadata = _family_example(rules)
        lifted = ", ".join(f"`{k}`: {_cell(v)}" for k, v in metadata.items()) or "—"
        rows.append(
            f"| `{family}` | {FAMILY_NOTES[family]} | {len(rules)} "
            f"| {_cell(before)} | {_cell(after)} | {lifted} |"
        )
    return "\n".join(rows) + "\n"


def catalog_rules() -> str:
    rows = ["| rule id | kind | position | example |", "|---|---|---|---|"]
    for rule in builtin_rules():
        rows.append(f"| `{rule.id}` | {rule.kind} | {rule.position} | {_cell(rule.examples[0])} |")
    return "\n".join(rows) + "\n"


def _run_feed_outputs() -> tuple[str, str]:
    """What ``dedupe-feed run docs/examples/feed.jsonl`` writes: records, templates."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "clean.jsonl"
        args = ["run", str(FEED.relative_to(ROOT)), "-o", str(out), "--index", ":memory:"]
        here = os.getcwd()
        os.chdir(ROOT)  # the output names its input file: keep the name relative
        try:
            result = CliRunner().invoke(cli_main, [*args, "--no-progress"], prog_name="dedupe-feed")
        finally:
            os.chdir(here)
        if result.exit_code != 0:
            raise SystemExit(result.output)
        records = out.read_text(encoding="utf-8")
        templates = Path(f"{out}.templates.json").read_text(encoding="utf-8")
    return records, templates


def feed_output() -> str:
    return _run_feed_outputs()[0]


def feed_output_pretty() -> str:
    """The output record of the second input line (another outlet's copy)."""
    second = feed_output().splitlines()[1]
    return json.dumps(json.loads(second), indent=2, ensure_ascii=False) + "\n"


def feed_templates() -> str:
    return _run_feed_outputs()[1].rstrip("\n") + "\n"


def cli_help(command: str) -> str:
    result = CliRunner().invoke(
        cli_main, [command, "--help"], prog_name="dedupe-feed", env={"COLUMNS": "80"}
    )
    if result.exit_code != 0:
        raise SystemExit(result.output)
    return result.output


GENERATORS: dict[str, Callable[[], str]] = {
    "wire_doubled.clean.txt": wire_clean,
    "wire_doubled.metadata.txt": wire_metadata,
    "wire_doubled.explain.txt": wire_explain,
    "wire_doubled.view.html": wire_view,
    "wire_doubled.tuned.diff": wire_tuned_diff,
    "line_model.before.txt": line_model_before,
    "line_model.after.txt": line_model_after,
    "line_model.explain.txt": line_model_explain,
    "catalog.before.txt": catalog_before,
    "catalog.after.txt": catalog_after,
    "catalog_families.md": catalog_families,
    "catalog_rules.md": catalog_rules,
    "feed.output.jsonl": feed_output,
    "feed.output.pretty.json": feed_output_pretty,
    "feed.templates.json": feed_templates,
    "cli_clean_help.txt": lambda: cli_help("clean"),
    "cli_explain_help.txt": lambda: cli_help("explain"),
    "cli_run_help.txt": lambda: cli_help("run"),
    "cli_bench_help.txt": lambda: cli_help("bench"),
}


def build() -> dict[str, str]:
    """Every snippet's file name and content, computed now."""
    return {name: make() for name, make in GENERATORS.items()}


def main(argv: list[str]) -> int:
    snippets = build()
    if "--check" in argv:
        stale = [
            name
            for name, text in snippets.items()
            if not (SNIPPETS / name).exists()
            or (SNIPPETS / name).read_text(encoding="utf-8") != text
        ]
        for name in stale:
            print(f"stale: docs/snippets/{name} (run python docs/gen_snippets.py)")
        return 1 if stale else 0
    SNIPPETS.mkdir(exist_ok=True)
    for name, text in snippets.items():
        (SNIPPETS / name).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
