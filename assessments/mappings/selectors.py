"""Reading mappings: the links between two frameworks in either direction, and the levels one
framework's answers imply for another's statements."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q

from assessments.mappings.projection import (
    INVERSE,
    Basis,
    Implied,
    LinkedAnswer,
    Relation,
    implied_level,
)
from assessments.models import Framework, Mapping, MappingLink, Statement
from assessments.scoring import Scale, convert_level
from assessments.selectors import assessed_statements


def links_between(source: Framework, target: Framework) -> dict[int, list[tuple[int, Relation]]]:
    """For each target statement linked to the source framework, its source statements and how
    each relates to it ("source is part of target"), read from the mapping in either direction."""
    links = defaultdict(list)
    forward = MappingLink.objects.filter(mapping__source=source, mapping__target=target)
    for source_id, target_id, relation in forward.values_list("source", "target", "relation"):
        links[target_id].append((source_id, Relation(relation)))
    backward = MappingLink.objects.filter(mapping__source=target, mapping__target=source)
    for target_id, source_id, relation in backward.values_list("source", "target", "relation"):
        links[target_id].append((source_id, INVERSE[Relation(relation)]))
    return dict(links)


def are_mapped(source: Framework, target: Framework) -> bool:
    """Whether a mapping joins the two frameworks, in either direction."""
    return MappingLink.objects.filter(
        mapping__source__in=[source, target], mapping__target__in=[source, target]
    ).exists()


def statements_of(framework: Framework):
    """The framework's statements still in use, in the matrix's order, with their key areas."""
    return (
        Statement.objects.filter(key_area__theme__framework=framework, is_retired=False)
        .select_related("key_area__theme")
        .order_by("key_area__theme__order", "key_area__order", "order")
    )


def implied_levels(
    levels: dict[int, int | None],
    *,
    source: Framework,
    target: Framework,
    links=None,
    statements=None,
) -> dict[int, Implied]:
    """The level each target statement takes from levels given to the source framework's
    statements (statement id to level), by the one rule of `implied_level`.

    `links` and `statements` (links_between and statements_of, read once) let a caller project
    many assessments in a fixed number of queries."""
    links = links_between(source, target) if links is None else links
    statements = statements_of(target) if statements is None else statements
    return {
        statement.pk: implied_level(
            [
                LinkedAnswer(relation=relation, level=levels.get(source_id))
                for source_id, relation in links.get(statement.pk, [])
            ],
            source=source.scale,
            target=target.scale,
        )
        for statement in statements
    }


# Projection (issue 17): one assessment seen against another framework, as plain values.


@dataclass(frozen=True)
class CameFrom:
    """An answered statement a projected level rests on, and how it relates to it."""

    label: str
    level_name: str  # on the answered framework's scale
    relation: str  # in words: the answered statement is "part of" this one


@dataclass(frozen=True)
class ProjectedStatement:
    """One statement of the other framework, with the level the answers imply for it."""

    key_area: str
    statement: str  # the statement's text; "" where its key area has only the one
    level_name: str  # on the other framework's scale; "" when no level is implied
    basis: Basis
    basis_words: str
    came_from: list[CameFrom]
    waiting_on: list[str]  # linked statements not answered yet

    @property
    def label(self) -> str:
        return f"{self.key_area}: {self.statement}" if self.statement else self.key_area


@dataclass(frozen=True)
class Coverage:
    """How many of the other framework's statements the answers give a level, and how."""

    total: int
    full: int
    partial: int
    unanswered: int
    unmapped: int

    @property
    def with_a_level(self) -> int:
        return self.full + self.partial

    def share(self, count: int) -> str:
        return f"{round(100 * count / self.total)}%" if self.total else "0%"


@dataclass(frozen=True)
class LeftToAnswer:
    """A statement of the assessed framework not answered yet, and the ones answering it informs."""

    key_area_id: int
    label: str
    informs: list[str]


@dataclass(frozen=True)
class Projection:
    source: str
    target: str
    target_long_name: str  # its first mention: "the Cabinet Office's Commercial ... (CCIAF)"
    area_word: str  # what the other framework calls a key area: "Area", "Priority"
    level_word: str  # and a level: "Rating", "Level"
    target_is_draft: bool
    mapping_is_draft: bool
    scale_words: str
    themes: list[tuple[str, list[ProjectedStatement]]]
    coverage: Coverage
    left_to_answer: list[LeftToAnswer]

    @property
    def rule(self) -> list[str]:
        """How the levels were found, in plain words, for the page and the spreadsheet."""
        sentences = [
            f"These levels are implied by your {self.source} answers through a mapping between "
            f"{self.source} and {self.target}; they are not an assessment against {self.target}.",
            f"Each part of {self.target} takes its level from the answers mapped to it. Where an "
            "answer covers all of it (it is the same as it, or contains it), that answer decides. "
            "Where your answers only cover part of it, or overlap it, their level is shown marked "
            '"Check this".',
            "Where several answers count, the lowest is used: a level should hold for everything "
            "it rests on.",
        ]
        if self.scale_words:
            sentences.append(
                f"{self.source} levels are read on the {self.target} scale: {self.scale_words}."
            )
        return sentences

    @property
    def coverage_rows(self) -> list[tuple[str, str, str]]:
        """The coverage as the summary list's rows: counts and shares of the whole."""
        c = self.coverage
        return [
            ("Given a level", f"{c.with_a_level} of {c.total} ({c.share(c.with_a_level)})", ""),
            ("Decided by your answers", f"{c.full} ({c.share(c.full)})", ""),
            ("Check this: only partly covered", f"{c.partial} ({c.share(c.partial)})", ""),
            ("Left to answer", f"{c.unanswered} ({c.share(c.unanswered)})", ""),
            (f"Not covered by {self.source}", f"{c.unmapped} ({c.share(c.unmapped)})", ""),
        ]

    @property
    def draft_words(self) -> str:
        return draft_words(mapping=self.mapping_is_draft, framework=self.target_is_draft)


def draft_words(*, mapping: bool, framework: bool) -> str:
    """Which of the mapping and the other framework the project drafted, in words ("" if none)."""
    drafted = [
        *(["the mapping"] if mapping else []),
        *(["this framework's wording"] if framework else []),
    ]
    if not drafted:
        return ""
    return (
        f"The project drafted {' and '.join(drafted)} from the published documents; the LGA will "
        f"replace {'them' if len(drafted) > 1 else 'it'} with a checked version."
    )


# What each family calls its key areas and its levels, for people.
FAMILY_WORDS = {
    Framework.Family.NPS: ("Key area", "Level"),
    Framework.Family.CCIAF: ("Area", "Rating"),
    Framework.Family.NPPS: ("Priority", "Level"),
}


def long_name(framework: Framework) -> str:
    """The framework's name at its first mention on a page."""
    if framework.family == Framework.Family.CCIAF:
        return f"the Cabinet Office's {framework.get_family_display()} ({framework.name})"
    if framework.family == Framework.Family.NPPS:
        return f"the {framework.get_family_display()} ({framework.name})"
    return framework.name


def basis_words(basis: Basis, *, source: str) -> str:
    """How a projected level stands, in words."""
    return {
        Basis.FULL: "Decided by your answers",
        Basis.PARTIAL: "Check this: only partly covered by your answers",
        Basis.UNANSWERED: "Mapped, not answered yet",
        Basis.UNMAPPED: f"Not covered by {source}",
    }[basis]


def relation_words(relation: Relation) -> str:
    """A link's relation in words: "the same as", "part of", "contains", "overlaps"."""
    return MappingLink.Relation(relation).label.lower()


def scale_in_words(source: Scale, target: Scale) -> str:
    """Which levels of the source scale count as which of the target's ("" for the same scale)."""
    if source == target:
        return ""
    reached = defaultdict(list)
    for level, name in source.names.items():
        reached[convert_level(level, source=source, target=target)].append(name)
    return "; ".join(
        f"{' and '.join(names)} count{'' if len(names) > 1 else 's'} as {target.name(level)}"
        for level, names in sorted(reached.items())
    )


def frameworks_mapped_to(framework: Framework) -> list[tuple[Framework, bool]]:
    """Every framework a mapping joins to this one, and whether that mapping is drafted."""
    mappings = Mapping.objects.filter(Q(source=framework) | Q(target=framework))
    found = {}
    for mapping in mappings.select_related("source", "target"):
        other = mapping.target if mapping.source_id == framework.pk else mapping.source
        found[other] = found.get(other, False) or mapping.is_draft
    return sorted(found.items(), key=lambda item: (item[0].family, -item[0].year, item[0].name))


def mapping_is_draft(one: Framework, other: Framework) -> bool:
    """Whether a mapping joining the two frameworks (either way) is drafted."""
    pair = [one, other]
    return Mapping.objects.filter(source__in=pair, target__in=pair, is_draft=True).exists()


def rated_links(source: Framework, links: dict, levels: dict) -> dict:
    """The links from statements that carry a level: answered ones, and those councils rate.

    An enabler (described at no level) or a retired statement is never answered: what only it
    links to is not covered, rather than waiting for an answer that cannot come.
    """
    linked = {pk for found in links.values() for pk, _ in found}
    rated = set(assessed_statements(source).filter(pk__in=linked).values_list("pk", flat=True))
    rated |= set(levels)
    kept = {target: [link for link in found if link[0] in rated] for target, found in links.items()}
    return {target: found for target, found in kept.items() if found}


def project_assessment(assessment, framework: Framework) -> Projection:
    """The assessment's answers seen against another framework: each of its statements' implied
    level, on what basis and from which answers, the coverage, and what is left to answer."""
    source = assessment.round.framework
    answers = assessment.answers.filter(current_level__isnull=False)
    levels = dict(answers.values_list("statement", "current_level"))
    links = rated_links(source, links_between(source, framework), levels)
    statements = list(statements_of(framework))
    implied = implied_levels(
        levels, source=source, target=framework, links=links, statements=statements
    )
    linked = {source_id for found in links.values() for source_id, _ in found}
    labels = {
        found.pk: (found.label, found.key_area_id)
        for found in Statement.objects.filter(pk__in=linked)
        .select_related("key_area")
        .order_by("key_area__theme__order", "key_area__order", "order")
    }
    themes, waiting = defaultdict(list), defaultdict(list)
    for statement in statements:
        found = links.get(statement.pk, [])
        row = ProjectedStatement(
            key_area=statement.key_area.name,
            statement=statement.text,
            level_name=framework.scale.name(implied[statement.pk].level),
            basis=implied[statement.pk].basis,
            basis_words=basis_words(implied[statement.pk].basis, source=source.name),
            came_from=[
                CameFrom(labels[pk][0], source.scale.name(levels[pk]), relation_words(relation))
                for pk, relation in found
                if levels.get(pk) is not None
            ],
            waiting_on=[labels[pk][0] for pk, _ in found if levels.get(pk) is None],
        )
        themes[statement.key_area.theme_id, statement.key_area.theme.name].append(row)
        for pk, _ in found:
            if levels.get(pk) is None:
                waiting[pk].append(row.key_area)
    rows = [row for found in themes.values() for row in found]
    return Projection(
        source=source.name,
        target=framework.name,
        target_long_name=long_name(framework),
        area_word=FAMILY_WORDS[framework.family][0],
        level_word=FAMILY_WORDS[framework.family][1],
        target_is_draft=framework.is_draft,
        mapping_is_draft=mapping_is_draft(source, framework),
        scale_words=scale_in_words(source.scale, framework.scale),
        themes=[(name, found) for (_, name), found in themes.items()],
        coverage=Coverage(
            total=len(rows),
            **{basis.value: sum(row.basis == basis for row in rows) for basis in Basis},
        ),
        left_to_answer=[
            LeftToAnswer(key_area_id=key_area, label=label, informs=waiting[pk])
            for pk, (label, key_area) in labels.items()
            if pk in waiting
        ],
    )
