"""When each policy of a collection stops applying and what replaces it, as the collection's texts say.

One reading for every part that tells a firm whether a policy still applies: the index writes it into
``policies.json`` (``policy_index.build``) and the eligibility check (``matching``) reads the same, so
the check never offers what the chat says has lapsed. Three sources, each only where the policy's own
front matter is silent or says less:

- an end only its text gives ("有效期至2025年12月31日": :mod:`policy_index.importer.validity`);
- a later policy that retires it (:func:`policy_index.successors.inferred_successors`);
- a later policy that repeals it outright, from the day that one takes effect
  (:func:`policy_index.successors.repealed_from`), where that comes before its end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from policy_index.corpus import Policy
from policy_index.successors import inferred_successors, repealed_from

__all__ = ["Lifespan", "lifespans"]


@dataclass(frozen=True)
class Lifespan:
    """How long one policy applies, as the collection reads."""

    valid_until: dt.date | None
    """The last day its front matter gives, else the one its text gives."""
    until_inferred: bool
    """``valid_until`` comes from the text, not the front matter."""
    replaced_by: str | None
    """The policy that replaces it: its front matter's ``replaced_by``, else a later text's."""
    successor_inferred: bool
    """``replaced_by`` comes from a later policy's text."""
    repealed_from: dt.date | None
    """The day a later policy repealing it takes effect, when that comes before its end."""

    @property
    def last_day(self) -> dt.date | None:
        """The last day it applies: its end, or the day before its repeal when that is earlier."""
        if self.repealed_from is None:
            return self.valid_until
        before = self.repealed_from - dt.timedelta(days=1)
        return before if self.valid_until is None else min(self.valid_until, before)


def lifespans(policies: Sequence[Policy]) -> dict[str, Lifespan]:
    """The :class:`Lifespan` of every policy of a collection, by id."""
    from policy_index.importer.validity import valid_until  # the importer's modules load only when needed

    successors = inferred_successors(policies)
    repeals = repealed_from(policies)
    out = {}
    for policy in policies:
        until = policy.valid_until or valid_until(policy.body, policy.issued)
        start = repeals.get(policy.id)
        out[policy.id] = Lifespan(
            valid_until=until,
            until_inferred=policy.valid_until is None and until is not None,
            replaced_by=policy.replaced_by or successors.get(policy.id),
            successor_inferred=policy.id in successors,
            repealed_from=start if start is not None and (until is None or until >= start) else None,
        )
    return out
