"""SQLite set up for a web server: `make run` takes simultaneous saves as PostgreSQL does."""

# Each request has its own connection. WAL lets pages read while a save writes. IMMEDIATE takes
# the write lock when a transaction begins: a save that began as a reader could not wait for it
# later (SQLite refuses at once, "database is locked"), whereas one waiting to begin waits up to
# the timeout (seconds), then reads what the save before it wrote (the conflict page, not a 500).
WEB_SERVER_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
}


def for_web_server(database: dict) -> dict:
    """The database's settings, with the web server's options added when it is SQLite."""
    if database["ENGINE"] != "django.db.backends.sqlite3":
        return database
    return {**database, "OPTIONS": {**WEB_SERVER_OPTIONS, **database.get("OPTIONS", {})}}
