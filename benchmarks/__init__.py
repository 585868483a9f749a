"""Benchmarks for dedupe_feed: a seeded generator of syndicated items and a runner.

``python -m benchmarks.generate`` writes items; ``python -m benchmarks.bench_clean``
times ``dedupe_feed.clean`` against a naive baseline. See ``benchmarks/README.md``.
"""
