import pytest


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    # Files written by the security tests go to a folder deleted with the test.
    settings.MEDIA_ROOT = tmp_path / "media"
