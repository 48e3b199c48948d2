from tests.matrix import Row  # noqa: F401

# URL names anyone may open without signing in.
PUBLIC: set[str] = set()

ROWS: list = []
