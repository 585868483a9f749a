"""``python -m dedupe_feed``: the same as the ``dedupe-feed`` command."""

from dedupe_feed.cli import main

if __name__ == "__main__":
    main(prog_name="dedupe-feed")
