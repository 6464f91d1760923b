"""Form keys belong to a person (user and key). Step 2 of 2: the old columns go, the new
constraint and the index of the daily prune come."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("workspaces", "0005_form_submission_per_person"),
    ]

    operations = [
        migrations.AlterField(
            model_name="formsubmission",
            name="user",
            field=models.ForeignKey(
                on_delete=models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.RemoveField(model_name="formsubmission", name="member"),
        migrations.RemoveField(model_name="formsubmission", name="workspace"),
        migrations.AddConstraint(
            model_name="formsubmission",
            constraint=models.UniqueConstraint(
                fields=("user", "key"), name="form_submission_once"
            ),
        ),
        migrations.AddIndex(
            model_name="formsubmission",
            index=models.Index(fields=["created_at"], name="form_submission_created"),
        ),
    ]
