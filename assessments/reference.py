"""The NPS frameworks as reference data: every fixtures/*.yaml, loaded idempotently."""

from pathlib import Path

import yaml
from django.conf import settings

from assessments.framework_io.data import (
    LEVEL_COLUMNS,
    FrameworkData,
    KeyAreaData,
    StatementData,
    ThemeData,
)
from assessments.framework_io.services import apply_framework
from assessments.models import Framework


def fixture_paths() -> list[Path]:
    """The framework files under fixtures/, in name order."""
    return sorted((Path(settings.BASE_DIR) / "fixtures").glob("*.yaml"))


def load_reference_data(stdout=None) -> None:
    """Creates or updates every framework in fixtures/; statements no longer listed are retired."""
    for path in fixture_paths():
        framework, changes = apply_framework(data=framework_from_yaml(path))
        if stdout is not None:
            stdout.write(f"  {framework.name} ({path.name}): {changes}")
    # The drafted mappings name statements of the frameworks above, so they come after them.
    from assessments.mappings.io.fixtures import load_drafted_mappings

    load_drafted_mappings(stdout=stdout)


def framework_from_yaml(path: Path) -> FrameworkData:
    """The framework a fixture file describes."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    framework = document["framework"]
    family = framework.get("family", Framework.Family.NPS)
    if family not in Framework.Family.values:
        raise ValueError(f"{path.name}: unknown family {family!r}")
    return FrameworkData(
        name=framework["name"],
        slug=framework["slug"],
        year=framework["year"],
        title=framework.get("title", ""),
        is_current=framework.get("is_current", False),
        family=family,
        description=framework.get("description", ""),
        is_draft=framework.get("is_draft", False),
        themes=[_theme(theme) for theme in document["themes"]],
    )


def _theme(theme: dict) -> ThemeData:
    return ThemeData(
        key=theme["key"],
        name=theme["name"],
        kind=theme.get("kind", "theme"),
        key_areas=[_key_area(key_area) for key_area in theme["key_areas"]],
    )


def _key_area(key_area: dict) -> KeyAreaData:
    return KeyAreaData(
        key=key_area["key"],
        name=key_area["name"],
        description=key_area.get("description", ""),
        what_it_is=key_area.get("what_it_is", ""),
        why_it_is_important=key_area.get("why_it_is_important", ""),
        is_draft_wording=key_area.get("draft_wording", False),
        statements=[_statement(statement) for statement in key_area.get("statements", [])],
    )


def _statement(statement: dict) -> StatementData:
    descriptors = statement.get("descriptors") or {}
    unknown = set(descriptors) - set(LEVEL_COLUMNS)
    if unknown:
        raise ValueError(f"{statement['code']}: unknown levels {sorted(unknown)}")
    return StatementData(
        code=statement["code"],
        text=statement.get("text", ""),
        descriptors={LEVEL_COLUMNS[name]: text for name, text in descriptors.items() if text},
    )
