"""The group is required, and the token index begins with it. A migration of its own: on
PostgreSQL the rows updated by 0005 leave pending constraint checks in its transaction."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_searchtoken_organisation"),
    ]

    operations = [
        migrations.AlterField(
            model_name="searchtoken",
            name="organisation",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="orgs.organisation",
            ),
        ),
        migrations.RemoveIndex(model_name="searchtoken", name="searchtoken_digest"),
        migrations.AddIndex(
            model_name="searchtoken",
            index=models.Index(
                fields=["organisation", "digest", "kind", "person"], name="searchtoken_group"
            ),
        ),
    ]
