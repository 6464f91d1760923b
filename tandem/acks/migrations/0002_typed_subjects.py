# One nullable foreign key per kind of subject, beside the generic one until the rows are
# carried over (0003).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("acks", "0001_initial"),
        ("rhythm", "0002_acknowledgement_moves_to_acks"),
        ("work", "0002_task_area"),
    ]

    operations = [
        migrations.AddField(
            model_name="acknowledgement",
            name="task",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="work.task"),
        ),
        migrations.AddField(
            model_name="acknowledgement",
            name="review",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="work.review"),
        ),
        migrations.AddField(
            model_name="acknowledgement",
            name="announcement",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="rhythm.announcement"),
        ),
        migrations.AddField(
            model_name="acknowledgement",
            name="summary",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="rhythm.meetingsummary"),
        ),
    ]
