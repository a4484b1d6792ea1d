import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0001_initial"),
        ("organisations", "0002_reference_data"),
        ("plans", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The free-text places stay, as "other places"; linked Place rows take the name.
        migrations.RenameField(model_name="situationsection", old_name="places", new_name="place_note"),
        migrations.RenameField(model_name="activity", old_name="places", new_name="place_note"),
        migrations.AddField(
            model_name="situationsection",
            name="indicator_district",
            field=models.ForeignKey(
                blank=True,
                help_text="Compared with the whole city. Empty: the committee's own district.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organisations.district",
                verbose_name="district for the indicator charts",
            ),
        ),
        migrations.AddField(
            model_name="situationsection",
            name="indicators",
            field=models.ManyToManyField(
                blank=True, related_name="+", to="indicators.indicator", verbose_name="indicator charts to show"
            ),
        ),
        migrations.AlterField(
            model_name="activity",
            name="place_note",
            field=models.CharField(blank=True, max_length=300, verbose_name="other places (free text)"),
        ),
        migrations.AlterField(
            model_name="situationsection",
            name="place_note",
            field=models.CharField(blank=True, max_length=300, verbose_name="other places (free text)"),
        ),
        migrations.CreateModel(
            name="Place",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=150, verbose_name="name")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("square", "Square"),
                            ("park", "Park or playground"),
                            ("centre", "Centre or shopping centre"),
                            ("school_yard", "School yard"),
                            ("sports", "Sports ground"),
                            ("station", "Station or transport hub"),
                            ("other", "Other place"),
                        ],
                        default="other",
                        max_length=12,
                        verbose_name="kind of place",
                    ),
                ),
                ("description", models.CharField(blank=True, max_length=300, verbose_name="description")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "neighbourhood",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="places",
                        to="organisations.neighbourhood",
                        verbose_name="neighbourhood",
                    ),
                ),
            ],
            options={
                "verbose_name": "place",
                "verbose_name_plural": "places",
                "ordering": ["name"],
            },
        ),
        migrations.AddField(
            model_name="activity",
            name="places",
            field=models.ManyToManyField(
                blank=True, related_name="activities", to="plans.place", verbose_name="places"
            ),
        ),
        migrations.AddField(
            model_name="situationsection",
            name="places",
            field=models.ManyToManyField(
                blank=True, related_name="situation_sections", to="plans.place", verbose_name="places"
            ),
        ),
        migrations.CreateModel(
            name="SurveyRound",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("year", models.PositiveSmallIntegerField(unique=True, verbose_name="year")),
                ("deadline", models.DateField(verbose_name="deadline")),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "survey round",
                "verbose_name_plural": "survey rounds",
                "ordering": ["-year"],
            },
        ),
        migrations.CreateModel(
            name="SurveyReminderSent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("sent_at", models.DateTimeField()),
                ("recipients", models.JSONField(default=list)),
                (
                    "committee",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="organisations.committee"
                    ),
                ),
                (
                    "survey",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="reminders", to="plans.surveyround"
                    ),
                ),
            ],
            options={
                "ordering": ["-sent_at"],
            },
        ),
        migrations.AddConstraint(
            model_name="place",
            constraint=models.UniqueConstraint(fields=("neighbourhood", "name"), name="place_unique_in_neighbourhood"),
        ),
    ]
