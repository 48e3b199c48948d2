"""Demo case studies: STaR from the client's seed, and a few the project wrote (marked "demo")."""

from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction

from assessments.models import KeyArea
from casestudies import services
from casestudies.models import CaseStudy, CaseStudyKeyArea, Category, OutcomeFigure
from npsportal.models import Council

FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "casestudies"
FILES = ["star.yaml", "demo.yaml"]
FIELDS = ["title", "summary", "background", "what_they_did", "what_they_learned"]


def _say(stdout, text: str) -> None:
    if stdout:
        stdout.write(text)


def load_entries() -> list[dict]:
    """The case studies described in the fixture files, in order."""
    return [entry for name in FILES for entry in yaml.safe_load((FIXTURES / name).read_text())]


def _key_area(key: str) -> KeyArea | None:
    # The current framework's key area, if the framework has been loaded.
    return KeyArea.objects.filter(key=key).order_by("-theme__framework__is_current").first()


def _tag(case_study: CaseStudy, key_areas: dict, stdout) -> None:
    case_study.tags.all().delete()
    for key, level in key_areas.items():
        key_area = _key_area(key)
        if key_area is None:
            _say(stdout, f"  (key area {key} not loaded: run load_reference_data to tag it)")
            continue
        CaseStudyKeyArea.objects.create(case_study=case_study, key_area=key_area, level=level)


def _fill(case_study: CaseStudy, entry: dict) -> None:
    for field in FIELDS:
        setattr(case_study, field, entry.get(field, "").strip())
    case_study.partners = "\n".join(entry.get("partners", []))
    contact = entry.get("contact", {})
    for part in ["name", "role", "email", "phone", "address"]:
        setattr(case_study, f"contact_{part}", contact.get(part, "") or "")


def _relate(case_study: CaseStudy, entry: dict, stdout) -> None:
    case_study.councils.set(Council.objects.filter(slug__in=entry.get("councils", [])))
    case_study.categories.set(Category.objects.filter(key__in=entry.get("categories", [])))
    _tag(case_study, entry.get("key_areas", {}), stdout)
    case_study.outcomes.all().delete()
    for outcome in entry.get("outcomes", []):
        OutcomeFigure.objects.create(case_study=case_study, **outcome)


def _reach_status(case_study: CaseStudy, status: str) -> None:
    if status in ("published", "archived") and not case_study.is_public:
        case_study = services.publish_case_study(case_study=case_study, by=None)
    if status == "archived" and case_study.status == CaseStudy.Status.PUBLISHED:
        services.archive_case_study(case_study=case_study, by=None)


@transaction.atomic
def create_demo_data(stdout=None) -> None:
    """Creates or refreshes the demo case studies; safe to run again."""
    entries = load_entries()
    for entry in entries:
        case_study = CaseStudy.objects.filter(slug=entry["slug"]).first() or CaseStudy(
            slug=entry["slug"]
        )
        _fill(case_study, entry)
        services.save_case_study(case_study=case_study, reason="Demo data")
        _relate(case_study, entry, stdout)
        _reach_status(case_study, entry.get("status", "draft"))
    _say(stdout, f"  {len(entries)} case studies, STaR among them")
