"""Where the parties' own lägesbilder diverge (pure Python, no Django).

Each party — the municipality, the police — may compile its own picture of the period: per
category a count, a traffic light and a trend. The joint lägesbild records where the shared
pictures disagree, so that the group talks about the difference instead of averaging it away:

* **assessment** — the parties gave different lights (green/yellow/red) for a category;
  a gap of two steps (green against red) is *large*;
* **trend** — one party sees an increase where another sees a decrease;
* **only one party** — one party reports occurrences (a count above zero, or a yellow or red
  light) where another party says explicitly that it has nothing (a count of zero and no light
  or a green one). A party that left a category empty has no view on it and never diverges.

Counts themselves are not compared: the parties count different things (reports from the field
against crimes reported to the police), so a difference in size is expected.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

LIGHT_LEVEL = {"green": 0, "yellow": 1, "red": 2}

ASSESSMENT = "assessment"
TREND = "trend"
ONLY_ONE = "only_one"


@dataclass(frozen=True)
class Figure:
    """One party's view of one category (None or "" where the party gave no value)."""

    count: int | None = None
    assessment: str = ""
    trend: str = ""

    @property
    def has_view(self) -> bool:
        return self.count is not None or bool(self.assessment) or bool(self.trend)

    @property
    def sees_something(self) -> bool:
        return bool(self.count) or LIGHT_LEVEL.get(self.assessment, 0) > 0

    @property
    def sees_nothing(self) -> bool:
        return self.count == 0 and LIGHT_LEVEL.get(self.assessment, 0) == 0


@dataclass(frozen=True)
class PartyView:
    """A party's shared picture: its id (an organisation's) and its figures per category."""

    party: int
    figures: Mapping[int, Figure] = field(default_factory=dict)


@dataclass(frozen=True)
class Divergence:
    category: int
    kind: str  # ASSESSMENT, TREND or ONLY_ONE
    parties: tuple[int, ...]  # the parties involved, in the order given
    large: bool = False  # two light steps apart (green against red)


def divergences(views: Sequence[PartyView], categories: Sequence[int]) -> list[Divergence]:
    """The divergences between the parties' views, category by category in the given order.

    With fewer than two parties there is nothing to compare and the list is empty.
    """
    found: list[Divergence] = []
    if len(views) < 2:
        return found
    for category in categories:
        present = [(v.party, v.figures.get(category, Figure())) for v in views]
        present = [(party, figure) for party, figure in present if figure.has_view]
        lights = [(p, LIGHT_LEVEL[f.assessment]) for p, f in present if f.assessment]
        if len({level for _p, level in lights}) > 1:
            levels = [level for _p, level in lights]
            found.append(
                Divergence(
                    category,
                    ASSESSMENT,
                    tuple(p for p, _level in lights),
                    large=max(levels) - min(levels) >= 2,
                )
            )
        trends = {p: f.trend for p, f in present if f.trend}
        if "increased" in trends.values() and "decreased" in trends.values():
            involved = tuple(p for p, t in trends.items() if t in ("increased", "decreased"))
            found.append(Divergence(category, TREND, involved))
        something = [p for p, f in present if f.sees_something]
        nothing = [p for p, f in present if f.sees_nothing]
        if something and nothing and not any(d.category == category for d in found):
            found.append(Divergence(category, ONLY_ONE, tuple(something + nothing)))
    return found
