"""The project's drafted mappings (fixtures/mappings/*.csv), loaded as draft with the reference
data, never over a mapping that LGA staff have imported or checked since."""

from pathlib import Path

from django.conf import settings
from django.db import transaction

from assessments.framework_io.data import FrameworkImportError
from assessments.framework_io.spreadsheet import read_table
from assessments.mappings.io.services import IMPORTED, apply_mapping
from assessments.mappings.io.validation import mapping_from_table
from assessments.models import Mapping
from npsportal.models import AuditEvent


def mapping_fixture_paths(folder: Path | None = None) -> list[Path]:
    """The drafted mapping files, in name order."""
    folder = folder or Path(settings.BASE_DIR) / "fixtures" / "mappings"
    return sorted(folder.glob("*.csv"))


@transaction.atomic
def load_drafted_mappings(*, folder: Path | None = None, stdout=None) -> None:
    """Loads each drafted mapping file whose mapping is still the project's draft."""
    for path in mapping_fixture_paths(folder):
        try:
            data = mapping_from_table(*read_table(path.read_bytes(), sheet="Mapping"))
        except FrameworkImportError as error:
            raise ValueError(f"{path.name}:\n{error}") from None
        mapping = Mapping.objects.filter(source_id=data.source_id, target_id=data.target_id).first()
        if mapping is not None and not is_projects_draft(mapping):
            _write(stdout, f"  {data.pair} ({path.name}): kept, LGA staff have imported it")
            continue
        # Reference data, as the frameworks' files: not an import by a person, so not audited.
        changes = apply_mapping(data=data, audited=False)
        _write(stdout, f"  {data.pair} ({path.name}): {changes}")


def is_projects_draft(mapping: Mapping) -> bool:
    """Draft, and never imported by a person (the loader records no import event)."""
    imported = AuditEvent.objects.filter(
        action=IMPORTED, object_type=Mapping._meta.label, object_id=str(mapping.pk)
    )
    return mapping.is_draft and not imported.exists()


def _write(stdout, line: str) -> None:
    if stdout is not None:
        stdout.write(line)
