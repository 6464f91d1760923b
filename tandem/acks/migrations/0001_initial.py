# Acknowledgements move from the rhythm app to their own: the table stays as it is (only
# Django's record of which app owns the model changes), so no row is touched.

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

import tandem.lib.codes


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("rhythm", "0001_initial"),
        ("workspaces", "0003_workspace_assistants_can_announce"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Acknowledgement",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("code", models.CharField(default=tandem.lib.codes.new_code, editable=False, max_length=12, unique=True)),
                        ("kind", models.CharField(choices=[("brief", "Brief"), ("announcement", "Announcement"), ("summary", "Meeting summary"), ("feedback", "Feedback")], max_length=16)),
                        ("object_id", models.PositiveBigIntegerField()),
                        ("requested_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("acknowledged_at", models.DateTimeField(blank=True, null=True)),
                        ("way", models.CharField(blank=True, choices=[("acknowledged", "Acknowledged"), ("replied", "Replied")], max_length=16)),
                        ("response_seconds", models.PositiveIntegerField(blank=True, null=True)),
                        ("content_type", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="contenttypes.contenttype")),
                        ("member", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="acknowledgements", to="workspaces.membership")),
                        ("workspace", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="workspaces.workspace")),
                    ],
                    options={
                        "db_table": "rhythm_acknowledgement",
                        "ordering": ["requested_at", "id"],
                        "indexes": [models.Index(fields=["member", "acknowledged_at"], name="ack_member_state"), models.Index(fields=["content_type", "object_id"], name="ack_subject"), models.Index(fields=["workspace", "member", "-requested_at"], name="ack_ws_member")],
                        "constraints": [models.UniqueConstraint(fields=("content_type", "object_id", "member"), name="ack_once_per_member")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
