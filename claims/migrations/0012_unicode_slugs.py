"""
Slugs in any script (claims/models/base.py, SluggedModel.slug_base): the
slug fields accept Unicode letters. Only their validation changes, not the
column (varchar(100) either way), so the operations change Django's state
alone: on SQLite an AlterField would rebuild the claims table and every
history table to write the same schema again.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0011_old_slugs"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="claim",
                    name="slug",
                    field=models.SlugField(
                        allow_unicode=True,
                        blank=True,
                        help_text="Left empty, it is made for you.",
                        max_length=100,
                        unique=True,
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalclaim",
                    name="slug",
                    field=models.SlugField(
                        allow_unicode=True,
                        blank=True,
                        db_index=False,
                        help_text="Left empty, it is made for you.",
                        max_length=100,
                    ),
                ),
                migrations.AlterField(
                    model_name="historicaloldslug",
                    name="slug",
                    field=models.SlugField(allow_unicode=True, max_length=100),
                ),
                migrations.AlterField(
                    model_name="historicalspeaker",
                    name="slug",
                    field=models.SlugField(
                        allow_unicode=True,
                        blank=True,
                        help_text="Left empty, it is made for you.",
                        max_length=100,
                    ),
                ),
                migrations.AlterField(
                    model_name="historicaltopic",
                    name="slug",
                    field=models.SlugField(
                        allow_unicode=True,
                        blank=True,
                        help_text="Left empty, it is made for you.",
                        max_length=100,
                    ),
                ),
                migrations.AlterField(
                    model_name="oldslug",
                    name="slug",
                    field=models.SlugField(allow_unicode=True, max_length=100, unique=True),
                ),
                migrations.AlterField(
                    model_name="speaker",
                    name="slug",
                    field=models.SlugField(
                        allow_unicode=True,
                        blank=True,
                        help_text="Left empty, it is made for you.",
                        max_length=100,
                        unique=True,
                    ),
                ),
                migrations.AlterField(
                    model_name="topic",
                    name="slug",
                    field=models.SlugField(
                        allow_unicode=True,
                        blank=True,
                        help_text="Left empty, it is made for you.",
                        max_length=100,
                        unique=True,
                    ),
                ),
            ],
        ),
    ]
