"""The round page's open data section, without the rounds' view knowing about open data."""

from django import template

from assessments.open_data import services

register = template.Library()


@register.inclusion_tag("assessments/open_data/_round_section.html")
def open_data_section(round):
    """The round's releases, and whether (or why not) a new one can be published."""
    releases = list(round.open_data_releases.all())
    return {
        "round": round,
        "releases": releases,
        "live": any(release.withdrawn_at is None for release in releases),
        "reason": services.why_not_publishable(round),
    }
