"""Fill the results' read model from the results already stored, with the function the
rebuild command uses (models/summaries.py), so that an upgraded deployment starts
consistent. A fresh database has no results: nothing to do."""

from django.db import migrations


def fill(apps, schema_editor):
    from assessments.models.summaries import rebuild

    rebuild(apps.get_model("assessments", "Result"),
            apps.get_model("assessments", "ResultSummary"),
            apps.get_model("assessments", "Scale"))


class Migration(migrations.Migration):
    dependencies = [("assessments", "0019_result_summaries")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
