"""The dashboards', national picture's and reports' URLs and what each role gets from them."""

from tests.matrix import OTHER_COUNCIL, OWN_COUNCIL, Row, for_roles

PUBLIC: set[str] = set()


def _assessment(world, status):
    from tests.assessments.factories_dashboard import rated, rounds

    key = f"dashboard_assessment_{status}"
    if key not in world.objects:
        world.objects[key] = rated(world.own, rounds(count=1)[0], status=status)
    return world.objects[key]


def approved(world):
    return {"pk": _assessment(world, "approved").pk}


def draft(world):
    return {"pk": _assessment(world, "draft").pk}


def national_data(world):
    _assessment(world, "approved")
    return {}


STAFF_ONLY = for_roles(["lga_staff"], refused=403)

ROWS = [
    Row("assessments:dashboard", for_roles(OWN_COUNCIL + OTHER_COUNCIL, refused=403)),
    Row("assessments:national", STAFF_ONLY, national_data),
    Row("assessments:national_csv", STAFF_ONLY, national_data),
    Row("assessments:national_xlsx", STAFF_ONLY, national_data),
    Row("assessments:national_report", STAFF_ONLY, national_data),
    # Another council's report is a 404, and LGA staff never see a draft's.
    Row("assessments:assessment_report", for_roles([*OWN_COUNCIL, "lga_staff"]), approved),
    Row("assessments:assessment_report", for_roles(OWN_COUNCIL), draft),
]


# Every council's report for a round, built in the background (issue 15).
def round_reports(world):
    return {"round": _assessment(world, "approved").round.slug}


def report_build(world):
    from django.core.files.base import ContentFile

    from assessments.models import ReportBuild

    if "report_build" not in world.objects:
        build = ReportBuild.objects.create(round=_assessment(world, "approved").round, total=1)
        build.archive.save("matrix.zip", ContentFile(b"PK\x05\x06" + bytes(18)))
        world.objects["report_build"] = build
    return {"pk": world.objects["report_build"].pk}


ROWS += [
    Row("assessments:round_reports", STAFF_ONLY, round_reports),
    Row(
        "assessments:round_reports",
        for_roles(["lga_staff"], ok=302, refused=403),
        round_reports,
        "post",
    ),
    Row("assessments:report_build_progress", STAFF_ONLY, report_build),
    Row("assessments:report_build_archive", STAFF_ONLY, report_build),
]
