# The generic subject goes; exactly one typed subject per row, asked once per member; the table
# takes the acks app's name.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('acks', '0003_carry_subjects_over'),
        ('rhythm', '0002_acknowledgement_moves_to_acks'),
        ('work', '0002_task_area'),
        ('workspaces', '0006_form_submission_per_person'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='acknowledgement',
            name='ack_once_per_member',
        ),
        migrations.RemoveIndex(
            model_name='acknowledgement',
            name='ack_subject',
        ),
        migrations.RemoveField(
            model_name='acknowledgement',
            name='content_type',
        ),
        migrations.RemoveField(
            model_name='acknowledgement',
            name='object_id',
        ),
        migrations.AddConstraint(
            model_name='acknowledgement',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('announcement__isnull', True), ('review__isnull', True), ('summary__isnull', True), ('task__isnull', False)), models.Q(('announcement__isnull', True), ('review__isnull', False), ('summary__isnull', True), ('task__isnull', True)), models.Q(('announcement__isnull', False), ('review__isnull', True), ('summary__isnull', True), ('task__isnull', True)), models.Q(('announcement__isnull', True), ('review__isnull', True), ('summary__isnull', False), ('task__isnull', True)), _connector='OR'), name='ack_one_subject'),
        ),
        migrations.AddConstraint(
            model_name='acknowledgement',
            constraint=models.UniqueConstraint(fields=('task', 'member'), name='ack_once_per_task'),
        ),
        migrations.AddConstraint(
            model_name='acknowledgement',
            constraint=models.UniqueConstraint(fields=('review', 'member'), name='ack_once_per_review'),
        ),
        migrations.AddConstraint(
            model_name='acknowledgement',
            constraint=models.UniqueConstraint(fields=('announcement', 'member'), name='ack_once_per_announcement'),
        ),
        migrations.AddConstraint(
            model_name='acknowledgement',
            constraint=models.UniqueConstraint(fields=('summary', 'member'), name='ack_once_per_summary'),
        ),
        migrations.AlterModelTable(
            name='acknowledgement',
            table=None,
        ),
    ]
