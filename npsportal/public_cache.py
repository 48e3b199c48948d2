"""Parts of public pages that everyone sees alike, rendered once and shared from the cache.

The cache is each process's own (CACHES["default"]), so a part is found under a fingerprint of
what it shows, read from the database on every request: a change made through any process moves
the fingerprint, and every process renders the part afresh at once. Nothing per person goes in:
signed-in details, CSRF tokens and forms that post stay outside the shared parts.
"""

from collections.abc import Callable

from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key

# A backstop for what no fingerprint covers: the names of councils, categories and key areas,
# which change with reference data at a release.
SHARED_PART_SECONDS = 5 * 60


def shared_part(name: str, vary_on: list, render: Callable):
    """What render() gives for this name and fingerprint, rendered once and then shared."""
    return cache.get_or_set(make_template_fragment_key(name, vary_on), render, SHARED_PART_SECONDS)
