"""Framework files kept between their preview and their apply: a random name in the default
storage, and a signed token carrying it with the file's SHA-256 (so a changed file is refused)."""

import hashlib
import secrets
from dataclasses import asdict, dataclass
from datetime import timedelta

from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

FOLDER = "framework-uploads"
# A preview left unapplied for longer is checked again from a new upload.
KEEP_FOR = timedelta(days=1)
SALT = "assessments.framework_io.stored"


@dataclass(frozen=True)
class StoredFile:
    """An uploaded framework file: a random id, its kind, its SHA-256 and the name it came with."""

    id: str
    extension: str
    sha256: str
    name: str

    @property
    def path(self) -> str:
        return f"{FOLDER}/{self.id}{self.extension}"


def store_file(*, content: bytes, name: str, extension: str) -> StoredFile:
    """Keeps the file under a random name, after discarding files older than a day."""
    discard_old_files()
    stored = StoredFile(
        id=secrets.token_urlsafe(16),
        extension=extension,
        sha256=hashlib.sha256(content).hexdigest(),
        name=name[:200],
    )
    default_storage.save(stored.path, ContentFile(content))
    return stored


def read_file(stored: StoredFile) -> bytes | None:
    """The file's content, or None if it is gone or no longer the file that was checked."""
    try:
        with default_storage.open(stored.path, "rb") as handle:
            content = handle.read()
    except FileNotFoundError:
        return None
    return content if hashlib.sha256(content).hexdigest() == stored.sha256 else None


def discard_file(stored: StoredFile) -> None:
    default_storage.delete(stored.path)


def discard_old_files() -> None:
    """Deletes the files of previews nobody applied within a day."""
    try:
        _, names = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return
    for name in names:
        path = f"{FOLDER}/{name}"
        if timezone.now() - default_storage.get_modified_time(path) > KEEP_FOR:
            default_storage.delete(path)


def sign(stored: StoredFile, **extra) -> str:
    """A tamper-proof token for the file (and any extra values), valid for a day."""
    return signing.dumps({**asdict(stored), **extra}, salt=SALT, compress=True)


def unsign(token: str) -> tuple[StoredFile, dict] | None:
    """The file and extra values a token carries; None if it was altered or is over a day old."""
    try:
        values = signing.loads(token or "", salt=SALT, max_age=KEEP_FOR)
        stored = StoredFile(**{name: values.pop(name) for name in StoredFile.__annotations__})
    except (signing.BadSignature, KeyError, TypeError):
        return None
    return stored, values
