"""The mapping spreadsheets' URLs (issue 17): LGA staff only, everyone else 403."""

from tests.matrix import Row, for_roles

PUBLIC: set[str] = set()

STAFF = for_roles(["lga_staff"], refused=403)


def mapping(world):
    from tests.assessments.factories_mapping_io import MappingLinkFactory

    if "mapping" not in world.objects:
        world.objects["mapping"] = MappingLinkFactory().mapping
    found = world.objects["mapping"]
    return {"source": found.source.slug, "target": found.target.slug}


def spreadsheet(format):
    return lambda world: mapping(world) | {"format": format}


ROWS = [
    Row("assessments:mappings", STAFF),
    *[Row("assessments:mapping_download", STAFF, spreadsheet(f)) for f in ("xlsx", "csv")],
    Row("assessments:mapping_upload", STAFF),
    # Without a file: back to the upload form (staff), no file taken (others).
    Row("assessments:mapping_upload", STAFF, method="post"),
    Row("assessments:mapping_preview", STAFF | {"lga_staff": 302}),
    Row("assessments:mapping_preview", STAFF | {"lga_staff": 302}, method="post"),
    Row("assessments:mapping_applied", STAFF | {"lga_staff": 404}, lambda w: {"upload": "never"}),
]
