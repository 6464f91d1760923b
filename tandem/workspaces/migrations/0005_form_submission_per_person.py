"""Form keys belong to a person (user and key), and are claimed before their view runs.

Step 1 of 2: the new columns, filled from the old rows. The next migration drops the old columns;
on PostgreSQL the rows must be written in a transaction of their own before the table changes.
"""

from django.conf import settings
from django.db import migrations, models
from django.db.models import Exists, F, OuterRef, Subquery


def fill_users(apps, schema_editor):
    FormSubmission = apps.get_model("workspaces", "FormSubmission")
    Membership = apps.get_model("workspaces", "Membership")
    # Every key recorded so far was done: its view had finished when it was written.
    FormSubmission.objects.update(
        user_id=Subquery(Membership.objects.filter(pk=OuterRef("member_id")).values("user_id")[:1]),
        done_at=F("created_at"),
    )
    # One key per person: the same key in two of their workspaces keeps the first.
    FormSubmission.objects.filter(
        Exists(
            FormSubmission.objects.filter(
                user_id=OuterRef("user_id"), key=OuterRef("key"), pk__lt=OuterRef("pk")
            )
        )
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("workspaces", "0004_membership_contracted_hours_per_week_and_more"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="formsubmission", name="form_submission_once"),
        migrations.AddField(
            model_name="formsubmission",
            name="user",
            field=models.ForeignKey(
                null=True,
                on_delete=models.deletion.CASCADE,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="formsubmission",
            name="done_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(fill_users, migrations.RunPython.noop),
    ]
