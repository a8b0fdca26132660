from django.db import migrations

from opbouw.core.taxonomy import TAGS, THEMES


def seed(apps, schema_editor):
    for model_name, rows in (("Theme", THEMES), ("Tag", TAGS)):
        model = apps.get_model("core", model_name)
        for slug, name_nl, name_en in rows:
            model.objects.update_or_create(slug=slug, defaults={"name_nl": name_nl, "name_en": name_en})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
