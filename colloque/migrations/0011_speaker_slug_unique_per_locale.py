from django.db import migrations, models


class Migration(migrations.Migration):
    # Apart from the slugs' filling: PostgreSQL alters no table with updates pending.
    dependencies = [
        ("colloque", "0010_speaker_slug"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="speaker",
            constraint=models.UniqueConstraint(
                fields=("locale", "slug"), name="unique_speaker_slug_per_locale"
            ),
        ),
    ]
