"""The story field ``action`` becomes ``what_was_done``; the lead image gets a caption.

A form field named ``action`` shadows the ``<form>``'s own ``action`` attribute in the browser, so
the admin's autosave posted to ".../[object HTMLInputElement]" and failed. A rename keeps the text.
"""
from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):

    dependencies = [
        ('stories', '0002_story_shape'),
        ('wagtailimages', '0027_image_description'),
    ]

    operations = [
        migrations.RenameField(model_name='storypage', old_name='action', new_name='what_was_done'),
        migrations.AddField(
            model_name='storypage',
            name='hero_caption',
            field=models.CharField(blank=True, help_text='What the photo shows and who took it, e.g. Warga memasang pipa air (foto: Budi).', max_length=255, verbose_name='lead image caption'),
        ),
        migrations.AlterField(
            model_name='storypage',
            name='hero_image',
            field=models.ForeignKey(blank=True, help_text='The photo at the top of the story and on its cards; a wide one works best.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image', verbose_name='lead image'),
        ),
    ]
