"""OMS profiles with pictures: a cover photo, a gallery and a team whose captions and roles translate.

Gallery photos and team members become translatable objects (wagtail-localize then translates
their captions and roles and keeps their images): each existing row gets its page's locale and a
translation key of its own. The team model takes its shorter name, ``TeamMember``.
"""
import uuid

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


def give_rows_their_page_locale(apps, schema_editor):
    for name in ("OrganisationPhoto", "TeamMember"):
        model = apps.get_model("partners", name)
        for row in model.objects.select_related("page").iterator():
            row.translation_key = uuid.uuid4()
            row.locale_id = row.page.locale_id
            row.save(update_fields=["translation_key", "locale"])


class Migration(migrations.Migration):

    dependencies = [
        ('partners', '0005_communications_files'),
        ('wagtailcore', '0098_apitoken'),
        ('wagtailimages', '0027_image_description'),
    ]

    operations = [
        migrations.RenameModel(old_name='OrganisationTeamMember', new_name='TeamMember'),
        migrations.AddField(
            model_name='organisationpage',
            name='cover_image',
            field=models.ForeignKey(blank=True, help_text="A wide photo of the organisation's work, shown at the top of its profile.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image', verbose_name='cover photo'),
        ),
        migrations.AlterField(
            model_name='organisationpage',
            name='logo',
            field=models.ForeignKey(blank=True, help_text='A square picture works best; it is shown small, on a white background.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image', verbose_name='logo'),
        ),
        migrations.AlterField(
            model_name='organisationphoto',
            name='page',
            field=modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='gallery_photos', to='partners.organisationpage'),
        ),
        migrations.AlterField(
            model_name='organisationphoto',
            name='caption',
            field=models.CharField(blank=True, help_text='What the photo shows; also read out to people who cannot see it.', max_length=250, verbose_name='caption'),
        ),
        migrations.AlterModelOptions(
            name='organisationphoto',
            options={'abstract': False, 'ordering': ['sort_order'], 'verbose_name': 'gallery photo', 'verbose_name_plural': 'gallery photos'},
        ),
        migrations.AlterModelOptions(
            name='teammember',
            options={'abstract': False, 'ordering': ['sort_order'], 'verbose_name': 'team member', 'verbose_name_plural': 'team members'},
        ),
    ] + [
        operation
        for model_name in ('organisationphoto', 'teammember')
        for operation in (
            migrations.AddField(model_name=model_name, name='translation_key',
                                field=models.UUIDField(editable=False, null=True)),
            migrations.AddField(model_name=model_name, name='locale',
                                field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT,
                                                        related_name='+', to='wagtailcore.locale', verbose_name='locale')),
        )
    ] + [
        migrations.RunPython(give_rows_their_page_locale, migrations.RunPython.noop),
    ]
