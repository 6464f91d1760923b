# Each row's generic subject (content type, object id) is copied to the foreign key of its kind.
# A row whose subject no longer exists (the generic key never deleted them) is deleted: it
# pointed at nothing, and every page already left it out.

from django.db import migrations
from django.db.models import F

# (app label, model, field) of every kind of subject.
SUBJECTS = [
    ("work", "task", "task"),
    ("work", "review", "review"),
    ("rhythm", "announcement", "announcement"),
    ("rhythm", "meetingsummary", "summary"),
]


def forward(apps, schema_editor):
    Acknowledgement = apps.get_model("acks", "Acknowledgement")
    ContentType = apps.get_model("contenttypes", "ContentType")
    known = []
    for app_label, model, field in SUBJECTS:
        content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
        if content_type is None:
            continue
        known.append(content_type.pk)
        rows = Acknowledgement.objects.filter(content_type=content_type)
        existing = apps.get_model(app_label, model).objects.values("pk")
        rows.exclude(object_id__in=existing).delete()
        rows.update(**{f"{field}_id": F("object_id")})
    Acknowledgement.objects.exclude(content_type__in=known).delete()


def backward(apps, schema_editor):
    Acknowledgement = apps.get_model("acks", "Acknowledgement")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for app_label, model, field in SUBJECTS:
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        Acknowledgement.objects.filter(**{f"{field}__isnull": False}).update(
            content_type=content_type, object_id=F(f"{field}_id")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("acks", "0002_typed_subjects"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forward, backward)]
