"""Rate limits that simultaneous requests cannot overshoot: count, then insert, under a lock."""

import hashlib

from django.db import connection
from django.db.transaction import TransactionManagementError


def hold(*keys: str | None) -> None:
    """Waits for, then holds until the transaction ends, one lock per limited thing (an account,
    an address, an email), so nobody counts it while another request is inserting under it.
    A None key (no address, nobody signed in) locks nothing: it must not queue everyone."""
    if not connection.in_atomic_block:
        raise TransactionManagementError("A rate limit's lock lasts as long as its transaction.")
    if connection.vendor != "postgresql":
        # SQLite lets one writing transaction run at a time (IMMEDIATE transactions take the
        # write lock when they begin), which serialises counting and inserting already.
        return
    with connection.cursor() as cursor:
        # Sorted, so two requests wanting the same two locks take them in the same order and
        # cannot deadlock.
        for key in sorted({key for key in keys if key}):
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_number(key)])


def lock_number(key: str) -> int:
    """The signed 64-bit number PostgreSQL's advisory locks are named by, for a text key."""
    digest = hashlib.blake2b(key.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)
