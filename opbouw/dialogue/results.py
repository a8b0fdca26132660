"""The results pages' data, read from the latest stored analysis (never from the votes).

Everything a results page shows was computed when the snapshot was stored (snapshots.py);
here it is joined with the statements' texts and shaped for the templates. The cost of a
results page is therefore the same for 50 and for 100,000 participants, apart from decoding
the stored map coordinates.
"""

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .charts import group_shape, opinion_map_spec
from .models import AnalysisSnapshot, Conversation, DeclaredRole, Participant, Statement
from .snapshots import latest_snapshot, snapshot_result

MAX_MAP_POINTS = 1500
MAX_MAP_STATEMENTS = 25


@dataclass(frozen=True)
class Share:
    agree: int  # percentages
    disagree: int
    votes: int

    @classmethod
    def of(cls, data: dict[str, Any]) -> "Share":
        return cls(
            agree=round(100 * data["agree"]),
            disagree=round(100 * data["disagree"]),
            votes=int(data["votes"]),
        )

    @property
    def passed(self) -> int:
        return max(0, 100 - self.agree - self.disagree)


@dataclass(frozen=True)
class StatementRef:
    pk: int
    number: int
    text: str


@dataclass(frozen=True)
class GroupStatement:
    statement: StatementRef
    direction: str  # agree / disagree
    weak: bool
    group: Share
    others: Share


@dataclass(frozen=True)
class GroupView:
    id: int
    letter: str
    label: str
    colour_index: int
    shape: str
    size: int
    statements: list[GroupStatement]


@dataclass(frozen=True)
class ConsensusView:
    statement: StatementRef
    share: Share  # of everyone who voted on it
    by_group: list[tuple[str, Share]] = field(default_factory=list)  # what makes it consensus


@dataclass(frozen=True)
class Comparison:
    """A statement with the share per group (or role), for "divisive" and "roles" tables."""

    statement: StatementRef
    spread: int  # percentage points between the highest and the lowest agree share
    shares: list[tuple[str, Share | None]]  # (column label, share) in column order


@dataclass(frozen=True)
class RoleBreakdown:
    columns: list[tuple[str, int]]  # (role label, participants)
    too_small: list[tuple[str, int]]
    rows: list[Comparison]
    min_participants: int


@dataclass(frozen=True)
class You:
    on_map: bool
    group: GroupView | None


@dataclass
class Results:
    conversation: Conversation
    snapshot: AnalysisSnapshot | None
    participants: int = 0
    in_conversation: int = 0
    votes: int = 0
    groups: list[GroupView] = field(default_factory=list)
    consensus_agree: list[ConsensusView] = field(default_factory=list)
    consensus_disagree: list[ConsensusView] = field(default_factory=list)
    divisive: list[Comparison] = field(default_factory=list)
    roles: RoleBreakdown | None = None
    map_spec: dict[str, Any] | None = None
    map_sampled: int = 0
    you: You | None = None
    updating: bool = False

    @property
    def group_columns(self) -> list[str]:
        return [g.label for g in self.groups]


def _letter(group_id: int) -> str:
    return chr(ord("A") + group_id) if 0 <= group_id < 26 else str(group_id + 1)


def results_get(
    conversation: Conversation,
    *,
    viewer: Participant | None = None,
    include_roles: bool = False,
) -> Results:
    """The latest analysis of the conversation as the results pages show it."""
    snapshot = latest_snapshot(conversation.pk)
    updating = conversation.analysis_queued_at is not None
    results = Results(conversation=conversation, snapshot=snapshot, updating=updating)
    if snapshot is None:
        return results
    summary = snapshot.summary
    texts = {
        pk: StatementRef(pk=pk, number=number, text=text)
        for pk, number, text in Statement.objects.filter(conversation=conversation)
        .exclude(status=Statement.Status.HIDDEN)
        .values_list("id", "number", "text")
    }
    results.participants = summary.get("participants", 0)
    results.in_conversation = summary.get("in_conversation", 0)
    results.votes = summary.get("votes", 0)
    results.groups = [
        GroupView(
            id=g["id"],
            letter=_letter(g["id"]),
            label=_("Groep %(letter)s") % {"letter": _letter(g["id"])},
            colour_index=g["id"] % 7,
            shape=group_shape(g["id"]),
            size=g["size"],
            statements=[
                GroupStatement(
                    statement=texts[item["statement"]],
                    direction=item["direction"],
                    weak=item["weak"],
                    group=Share.of(item["group"]),
                    others=Share.of(item["others"]),
                )
                for item in g["statements"]
                if item["statement"] in texts
            ],
        )
        for g in summary.get("groups", [])
        if g["size"] > 0
    ]
    by_id = {str(g.id): g.label for g in results.groups}
    consensus = summary.get("consensus", {})
    results.consensus_agree = _consensus(consensus.get("agree", []), texts, by_id)
    results.consensus_disagree = _consensus(consensus.get("disagree", []), texts, by_id)
    # One statement is never both agreed on and divided over (older snapshots chose consensus
    # over everyone, spec section 5; the selection now is across groups, section 6).
    agreed = {c.statement.pk for c in results.consensus_agree + results.consensus_disagree}
    results.divisive = [
        Comparison(
            statement=texts[d["statement"]],
            spread=round(100 * d["spread"]),
            shares=[(label, _maybe(d["by"].get(key))) for key, label in by_id.items()],
        )
        for d in summary.get("divisive", [])
        if d["statement"] in texts and d["statement"] not in agreed
    ]
    if include_roles:
        results.roles = _roles(summary.get("roles", {}), texts)
    _add_map(results, snapshot, texts, viewer)
    return results


def _maybe(data: dict[str, Any] | None, *, min_votes: int = 0) -> Share | None:
    return Share.of(data) if data and int(data["votes"]) >= min_votes else None


def _consensus(
    items: list[dict[str, Any]], texts: dict[int, StatementRef], by_id: dict[str, str]
) -> list[ConsensusView]:
    return [
        ConsensusView(
            texts[c["statement"]],
            Share.of(c),
            [(label, Share.of(c["by"][key])) for key, label in by_id.items() if key in c["by"]],
        )
        for c in items
        if c["statement"] in texts
    ]


def _roles(data: dict[str, Any], texts: dict[int, StatementRef]) -> RoleBreakdown:
    labels = dict(DeclaredRole.choices)
    counts: dict[str, int] = data.get("participants", {})
    shown: list[str] = data.get("shown", [])
    threshold = int(data.get("min_participants", 5))
    rows = []
    for row in data.get("differ", []):
        if row["statement"] not in texts:
            continue
        # Below the disclosure threshold a role's share is not shown (older snapshots compared
        # from three votes); a row needs two roles left to compare.
        shares = [
            (str(labels[role]), _maybe(row["by"].get(role), min_votes=threshold)) for role in shown
        ]
        present = [share.agree for _label, share in shares if share is not None]
        if len(present) < 2:
            continue
        spread = max(present) - min(present)
        rows.append(Comparison(statement=texts[row["statement"]], spread=spread, shares=shares))
    return RoleBreakdown(
        columns=[(str(labels[role]), counts.get(role, 0)) for role in shown],
        too_small=[
            (str(labels[role]), n) for role, n in counts.items() if role not in shown and n > 0
        ],
        rows=rows,
        min_participants=threshold,
    )


def _add_map(
    results: Results,
    snapshot: AnalysisSnapshot,
    texts: dict[int, StatementRef],
    viewer: Participant | None,
) -> None:
    result = snapshot_result(snapshot)
    if result is None or not results.groups:
        return
    grouped = np.flatnonzero(result.group >= 0)
    if grouped.size == 0:
        return
    points = result.projections[grouped]
    groups = result.group[grouped]
    if grouped.size > MAX_MAP_POINTS:
        # A fixed sample: the same dots on every visit to the same snapshot.
        keep = np.sort(np.random.default_rng(0).choice(grouped.size, MAX_MAP_POINTS, replace=False))
        points, groups = points[keep], groups[keep]
        results.map_sampled = MAX_MAP_POINTS
    labels = {g.id: g.label for g in results.groups}
    participants: list[dict[str, Any]] = [
        {"x": round(float(x), 4), "y": round(float(y), 4), "groep": labels.get(int(g), "")}
        for (x, y), g in zip(points.tolist(), groups.tolist(), strict=True)
    ]
    radius = float(np.percentile(np.linalg.norm(result.projections[grouped], axis=1), 95)) or 1.0
    statements = _map_statements(
        results, result.statement_projections, result.statement_ids, texts, radius
    )
    you_point = None
    if viewer is not None:
        row = np.flatnonzero(result.participant_ids == viewer.pk)
        if row.size:
            index = int(row[0])
            group_id = int(result.group[index])
            on_map = group_id >= 0
            results.you = You(
                on_map=on_map,
                group=next((g for g in results.groups if g.id == group_id), None),
            )
            if on_map:
                x, y = result.projections[index].tolist()
                you_point = {"x": round(x, 4), "y": round(y, 4)}
    all_x = [float(row["x"]) for row in participants + statements]
    all_y = [float(row["y"]) for row in participants + statements]
    results.map_spec = opinion_map_spec(
        participants=participants,
        statements=statements,
        you=you_point,
        group_labels=[g.label for g in results.groups],
        group_indexes=[g.id for g in results.groups],
        domain_x=_padded(all_x),
        domain_y=_padded(all_y),
        description=map_description(results),
    )


def _map_statements(
    results: Results,
    positions: np.ndarray,
    statement_ids: np.ndarray,
    texts: dict[int, StatementRef],
    radius: float,
) -> list[dict[str, Any]]:
    """The statements worth placing: those the page discusses, scaled into the dots' range.

    A statement's projection (spec §2) is the position of someone who agreed with it alone;
    that lies far outside the crowd, so positions are scaled together (directions and
    proportions kept) until the farthest sits at the 95th percentile of the participants.
    """
    wanted: list[int] = []
    for group in results.groups:
        wanted += [s.statement.pk for s in group.statements]
    wanted += [c.statement.pk for c in results.consensus_agree + results.consensus_disagree]
    wanted += [d.statement.pk for d in results.divisive]
    wanted = list(dict.fromkeys(wanted))[:MAX_MAP_STATEMENTS]
    column = {int(s): c for c, s in enumerate(statement_ids.tolist())}
    chosen = [(pk, column[pk]) for pk in wanted if pk in column and pk in texts]
    if not chosen:
        return []
    picked = positions[[c for _pk, c in chosen]]
    longest = float(np.max(np.linalg.norm(picked, axis=1))) or 1.0
    scaled = picked * (radius / longest)
    return [
        {
            "x": round(float(x), 4),
            "y": round(float(y), 4),
            "nummer": str(texts[pk].number),
            "stelling": texts[pk].text,
        }
        for (pk, _c), (x, y) in zip(chosen, scaled.tolist(), strict=True)
    ]


def _padded(values: list[float]) -> tuple[float, float]:
    if not values:
        return (-1.0, 1.0)
    low, high = min(values), max(values)
    pad = (high - low) * 0.08 or 1.0
    return (round(low - pad, 4), round(high + pad, 4))


def map_description(results: Results) -> str:
    parts = [
        ngettext(
            "Opiniekaart van %(n)d deelnemer",
            "Opiniekaart van %(n)d deelnemers",
            results.in_conversation,
        )
        % {"n": results.in_conversation}
    ]
    parts += [
        ngettext("%(label)s: %(n)d deelnemer", "%(label)s: %(n)d deelnemers", g.size)
        % {"label": g.label, "n": g.size}
        for g in results.groups
    ]
    return "; ".join(parts) + "."
