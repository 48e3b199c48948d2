"""Records as facts what older responses only implied: which were anonymised (their email, which
no real address can be, starts "Removed on "), which council responses a signed-in member of that
council sent, and that every older response was sent a receipt."""

from django.db import migrations
from django.db.models import Exists, OuterRef
from django.utils import timezone


def record_facts(apps, schema_editor):
    Response = apps.get_model("strategies", "ConsultationResponse")
    Membership = apps.get_model("npsportal", "Membership")
    Response.objects.update(receipt_queued=True)
    Response.objects.filter(email__startswith="Removed on ", anonymised_at__isnull=True).update(
        anonymised_at=timezone.now()
    )
    member = Membership.objects.filter(user_id=OuterRef("user_id"), council_id=OuterRef("council_id"))
    Response.objects.filter(respondent_type="council", user__isnull=False).filter(
        Exists(member)
    ).update(council_confirmed=True)


class Migration(migrations.Migration):
    dependencies = [
        ("npsportal", "0002_audit_log"),
        ("strategies", "0002_response_confirmation_receipt_anonymised_caps"),
    ]

    operations = [migrations.RunPython(record_facts, migrations.RunPython.noop)]
