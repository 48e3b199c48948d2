"""Stores every email address in the one spelling sign-in compares (stripped, lower case).

Before the case-insensitive unique constraint (0004) can be added, addresses typed with capitals in
the back office are rewritten. Two accounts whose addresses differ only in capitals cannot be
merged by a migration (each may hold roles and history): the migration stops and names them, for
LGA staff to merge or remove one by hand before migrating again.
"""

import unicodedata
from collections import defaultdict

from django.db import migrations


def normalise_email(email):
    # A copy of npsportal.models.normalise_email as it was when this migration was written.
    return unicodedata.normalize("NFKC", email).strip().lower()


def lower_case_email_addresses(apps, schema_editor):
    User = apps.get_model("npsportal", "User")
    spellings = defaultdict(list)
    for pk, email in User.objects.values_list("pk", "email"):
        spellings[normalise_email(email)].append((pk, email))
    clashes = {address: found for address, found in spellings.items() if len(found) > 1}
    if clashes:
        listed = "; ".join(
            f"{address}: " + ", ".join(email for _pk, email in found)
            for address, found in sorted(clashes.items())
        )
        raise RuntimeError(
            "These accounts' email addresses differ only in capitals or spaces; merge or remove "
            f"one of each before migrating: {listed}"
        )
    for address, [(pk, email)] in spellings.items():
        if email != address:
            User.objects.filter(pk=pk).update(email=address)


class Migration(migrations.Migration):
    dependencies = [
        ("npsportal", "0002_audit_log"),
    ]

    operations = [
        migrations.RunPython(lower_case_email_addresses, migrations.RunPython.noop),
    ]
