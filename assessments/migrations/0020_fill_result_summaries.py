"""Once filled the results' read model; migration 0022 (the summaries' flags) now fills
every row from the results with the rebuild's function, which always writes the current
columns, so this step does nothing: run against the tables of 0019 it would write a
column they do not have yet."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("assessments", "0019_result_summaries")]

    operations = []
