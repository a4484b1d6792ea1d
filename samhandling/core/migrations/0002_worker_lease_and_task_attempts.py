from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="workerheartbeat",
            name="started_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.CreateModel(
            name="TaskAttempt",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("task_id", models.UUIDField(db_index=True)),
                ("task_name", models.CharField(max_length=200)),
                ("attempt", models.PositiveIntegerField()),
                ("worker_id", models.CharField(blank=True, max_length=100)),
                (
                    "outcome",
                    models.CharField(
                        choices=[
                            ("retry", "Will be retried"),
                            ("failed", "Failed"),
                            ("lost", "Worker stopped during the task"),
                        ],
                        max_length=10,
                    ),
                ),
                ("error_class", models.CharField(blank=True, max_length=200)),
                ("reason", models.CharField(blank=True, max_length=30)),
                ("reference", models.CharField(blank=True, max_length=12)),
                ("retry_at", models.DateTimeField(blank=True, null=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "ordering": ["-created_at", "-id"],
                "permissions": [("manage_tasks", "See failed background tasks and run them again")],
            },
        ),
    ]
