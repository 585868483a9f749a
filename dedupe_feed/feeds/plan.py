"""The feed job described once: a plan of named steps that an executor runs.

``read -> learn -> clean -> cluster -> write``. The plan says which steps
run and in what order, and hands each step's result to the next; an
executor says how a step is done. The local executor
(:func:`dedupe_feed.feeds.job.run_feed`) streams records through Python
generators, so its steps are lazy and the records flow when ``write``
consumes them; the Spark executor (:func:`dedupe_feed.spark.run_spark_feed`)
turns each step into DataFrame transformations. Both run this plan, so a
step added or reordered here changes both engines.

>>> plan = FeedPlan(learn=False)
>>> plan.steps
('read', 'clean', 'cluster', 'write')
>>> class Trace:
...     def __init__(self): self.calls = []
...     def read(self): self.calls.append("read"); return ["r"]
...     def learn(self, records): self.calls.append("learn"); return {"PTI": []}
...     def clean(self, records, templates): self.calls.append("clean"); return records
...     def cluster(self, cleaned): self.calls.append("cluster"); return cleaned
...     def write(self, clustered): self.calls.append("write")
>>> trace = Trace()
>>> FeedPlan().run(trace)
{'PTI': []}
>>> trace.calls
['read', 'learn', 'clean', 'cluster', 'write']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol, TypeVar

from dedupe_feed.learn import LearnedTemplate

Step = Literal["read", "learn", "clean", "cluster", "write"]
#: Every step of a feed job, in order.
STEPS: tuple[Step, ...] = ("read", "learn", "clean", "cluster", "write")
#: What learning gives: each source's learned templates.
Learned = dict[str, list[LearnedTemplate]]

Records = TypeVar("Records")
Cleaned = TypeVar("Cleaned")


class Executor(Protocol[Records, Cleaned]):
    """How an engine does each step of a :class:`FeedPlan`.

    ``Records`` is what the engine reads (a re-readable source of records
    locally, a DataFrame on Spark); ``Cleaned`` what cleaning and
    clustering give (a stream of output records, a DataFrame).
    """

    def read(self) -> Records:
        """The input records, mapped onto the record fields."""
        ...  # pragma: no cover

    def learn(self, records: Records) -> Learned:
        """Each source's boilerplate, learned from a sample of ``records``."""
        ...  # pragma: no cover

    def clean(self, records: Records, templates: Learned) -> Cleaned:
        """Every record cleaned, with its source's learned rules."""
        ...  # pragma: no cover

    def cluster(self, cleaned: Cleaned) -> Cleaned:
        """The cleaned records with their cross-article clustering fields."""
        ...  # pragma: no cover

    def write(self, clustered: Cleaned) -> None:
        """One output record per input record, in input order."""
        ...  # pragma: no cover


@dataclass(frozen=True)
class FeedPlan:
    """Which steps a feed job runs: all of :data:`STEPS`, less ``learn``
    when ``learn`` is false.

    >>> FeedPlan(learn=False).steps
    ('read', 'clean', 'cluster', 'write')
    """

    learn: bool = True

    @property
    def steps(self) -> tuple[Step, ...]:
        """The steps run, in order.

        >>> " -> ".join(FeedPlan().steps)
        'read -> learn -> clean -> cluster -> write'
        """
        return tuple(step for step in STEPS if self.learn or step != "learn")

    def run(self, executor: Executor[Records, Cleaned]) -> Learned:
        """Run every step on ``executor``, each on the previous one's result;
        return the learned templates (empty without ``learn``)."""
        records = executor.read()
        templates: Learned = executor.learn(records) if self.learn else {}
        executor.write(executor.cluster(executor.clean(records, templates)))
        return templates


__all__ = ["STEPS", "Executor", "FeedPlan", "Learned", "Step"]
