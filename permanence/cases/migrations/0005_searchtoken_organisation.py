"""Search tokens carry their person's group (filled in here; required in 0006)."""

import django.db.models.deletion
from django.db import migrations, models

COPY_GROUP = """
UPDATE cases_searchtoken SET organisation_id = (
    SELECT organisation_id FROM cases_person WHERE cases_person.id = cases_searchtoken.person_id
)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_searchtoken_digest_index"),
        ("orgs", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchtoken",
            name="organisation",
            field=models.ForeignKey(
                null=True,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="orgs.organisation",
            ),
        ),
        migrations.RunSQL(COPY_GROUP, migrations.RunSQL.noop),
    ]
