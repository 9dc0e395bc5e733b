from django.db import migrations, models
from django.utils.text import slugify


def fill_slugs(apps, schema_editor):
    """Every existing speaker gets the address a new one would: their name, unique in their
    language; a translation (made after its original) keeps the original's slug."""
    Speaker = apps.get_model("colloque", "Speaker")
    taken, by_key = {}, {}
    for speaker in Speaker.objects.order_by("pk"):
        used = taken.setdefault(speaker.locale_id, set())
        base = by_key.get(speaker.translation_key) or (
            slugify(speaker.name)[:70].strip("-") or "intervenant"
        )
        candidate, number = base, 1
        while candidate in used:
            number += 1
            candidate = f"{base}-{number}"
        used.add(candidate)
        by_key.setdefault(speaker.translation_key, candidate)
        Speaker.objects.filter(pk=speaker.pk).update(slug=candidate)


class Migration(migrations.Migration):
    dependencies = [
        ("colloque", "0009_venue_time_zone"),
    ]

    operations = [
        migrations.AddField(
            model_name="speaker",
            name="slug",
            field=models.SlugField(
                blank=True,
                help_text="The end of their page's address (…/speakers/<slug>/). Left empty, it is made from the name.",
                max_length=80,
                verbose_name="slug",
            ),
        ),
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
    ]
