from pathlib import Path

from django.core.management import call_command
from django.test import override_settings

MANIFEST_STORAGE = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def test_production_static_files_get_hashed_names_and_the_govuk_assets(tmp_path):
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=MANIFEST_STORAGE):
        call_command("collectstatic", "--no-input", verbosity=0)
    css = sorted(Path(tmp_path, "build").glob("app.*.css"))
    assert css, "app.css was not collected with a hashed name"
    text = css[0].read_text()
    assert "GDS Transport" not in text
    assert "arial" in text.lower()
    assert (tmp_path / "govuk" / "assets" / "images" / "favicon.svg").exists()
    assert sorted(Path(tmp_path, "build").glob("govuk-frontend.min.*.js"))
