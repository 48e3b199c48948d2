"""The demo world: councils and the five demo accounts (all with the same demo password)."""

from contextlib import suppress

from npsportal.models import Council, User
from npsportal.roles import Role
from npsportal.services import grant_role
from npsportal.teams.services import TeamRuleBroken, invite

DEMO_PASSWORD = "nps-demo-2026"  # nosec B105 # published in the README; demo data needs DEBUG

K = Council.Kind
R = Council.Region
COUNCILS = [
    # Greater Manchester's ten metropolitan districts: a full "councils like mine" peer group.
    ("Bolton", "E08000001", K.METROPOLITAN_DISTRICT, R.NORTH_WEST),
    ("Bury", "E08000002", K.METROPOLITAN_DISTRICT, R.NORTH_WEST),
    ("Manchester", "E08000003", K.METROPOLITAN_DISTRICT, R.NORTH_WEST),
    ("Oldham", "E08000004", K.METROPOLITAN_DISTRICT, R.NORTH_WEST),
    ("Rochdale", "E08000005", K.METROPOLITAN_DISTRICT, R.NORTH_WEST),
    ("Salford", "E08000006", K.METROPOLITAN_DISTRICT, R.NORTH_WEST),
    ("Stockport", "E08000007", K.METROPOLITAN_DISTRICT, R.NORTH_WEST),
    ("Tameside", "E08000008", K.METROPOLITAN_DISTRICT, R.NORTH_WEST),
    ("Trafford", "E08000009", K.METROPOLITAN_DISTRICT, R.NORTH_WEST),
    ("Wigan", "E08000010", K.METROPOLITAN_DISTRICT, R.NORTH_WEST),
    # Others across kinds and regions.
    ("Leeds", "E08000035", K.METROPOLITAN_DISTRICT, R.YORKSHIRE),
    ("Sheffield", "E08000039", K.METROPOLITAN_DISTRICT, R.YORKSHIRE),
    ("Birmingham", "E08000025", K.METROPOLITAN_DISTRICT, R.WEST_MIDLANDS),
    ("Newcastle upon Tyne", "E08000021", K.METROPOLITAN_DISTRICT, R.NORTH_EAST),
    ("Kent", "E10000016", K.COUNTY, R.SOUTH_EAST),
    ("Surrey", "E10000030", K.COUNTY, R.SOUTH_EAST),
    ("Norfolk", "E10000020", K.COUNTY, R.EAST),
    ("Lancashire", "E10000017", K.COUNTY, R.NORTH_WEST),
    ("Devon", "E10000008", K.COUNTY, R.SOUTH_WEST),
    ("Bristol", "E06000023", K.UNITARY, R.SOUTH_WEST),
    ("Cornwall", "E06000052", K.UNITARY, R.SOUTH_WEST),
    ("Leicester", "E06000016", K.UNITARY, R.EAST_MIDLANDS),
    ("Nottingham", "E06000018", K.UNITARY, R.EAST_MIDLANDS),
    ("Cambridge", "E07000008", K.DISTRICT, R.EAST),
    ("Oxford", "E07000178", K.DISTRICT, R.SOUTH_EAST),
    ("Exeter", "E07000041", K.DISTRICT, R.SOUTH_WEST),
    ("Camden", "E09000007", K.LONDON_BOROUGH, R.LONDON),
    ("Hackney", "E09000012", K.LONDON_BOROUGH, R.LONDON),
    ("Southwark", "E09000028", K.LONDON_BOROUGH, R.LONDON),
    ("Greater Manchester Combined Authority", "E47000001", K.COMBINED_AUTHORITY, R.NORTH_WEST),
]

ACCOUNTS = [
    ("officer@stockport.example.org", "Sam Officer", Role.OFFICER, "stockport"),
    ("lead@stockport.example.org", "Lee Lead", Role.LEAD, "stockport"),
    # A second head, so that Stockport's team shows a council that nobody's departure strands.
    ("deputy@stockport.example.org", "Dee Deputy", Role.LEAD, "stockport"),
    ("councillor@stockport.example.org", "Cllr Chris Hall", Role.COUNCILLOR, "stockport"),
    # A colleague outside procurement who sees only the key areas given to them.
    ("contributor@stockport.example.org", "Sol Contributor", Role.CONTRIBUTOR, "stockport"),
    ("officer@trafford.example.org", "Taylor Officer", Role.OFFICER, "trafford"),
    # Salford answered 2024/25 on NPS 2018 only: its officer starts 2026/27 from those answers.
    ("officer@salford.example.org", "Sal Officer", Role.OFFICER, "salford"),
    ("lead@salford.example.org", "Lou Lead", Role.LEAD, "salford"),
    ("staff@lga.example.org", "Alex Staff", Role.LGA_STAFF, None),
]


def create_demo_data(stdout=None) -> None:
    """Creates or refreshes the demo councils and accounts; safe to run again."""
    from django.utils.text import slugify

    for name, gss, kind, region in COUNCILS:
        Council.objects.update_or_create(
            gss_code=gss,
            defaults={"name": name, "slug": slugify(name), "kind": kind, "region": region},
        )
    for email, full_name, role, council_slug in ACCOUNTS:
        user = User.objects.filter(email=email).first() or User.objects.create_user(email)
        user.full_name = full_name
        user.set_password(DEMO_PASSWORD)
        user.save()
        council = Council.objects.get(slug=council_slug) if council_slug else None
        grant_role(user=user, role=role, council=council)
    _invite_a_head()
    if stdout:
        stdout.write(f"  {len(COUNCILS)} councils and {len(ACCOUNTS)} demo accounts")


def _invite_a_head() -> None:
    """A waiting invitation to Bury's head of procurement, as LGA staff would send it."""
    staff = User.objects.get(email="staff@lga.example.org")
    bury = Council.objects.get(slug="bury")
    with suppress(TeamRuleBroken):  # still waiting from an earlier run
        invite(
            email="head@bury.example.org",
            full_name="Bo Bury",
            role=Role.LEAD,
            council=bury,
            by=staff,
        )
