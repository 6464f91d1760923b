# The acknowledgements table now belongs to the acks app (tandem/acks/migrations/0001_initial.py);
# only Django's record of the model goes, the table stays.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("acks", "0001_initial"),
        ("rhythm", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Acknowledgement")],
            database_operations=[],
        ),
    ]
