"""Gallery photos and team members: every row now has its locale and translation key (see 0006).

Separate from 0006: PostgreSQL refuses to alter a table whose rows were just updated in the same
transaction while their deferred foreign-key checks are pending.
"""
import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('partners', '0006_profile_images'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        operation
        for model_name in ('organisationphoto', 'teammember')
        for operation in (
            migrations.AlterField(model_name=model_name, name='translation_key',
                                  field=models.UUIDField(default=uuid.uuid4, editable=False)),
            migrations.AlterField(model_name=model_name, name='locale',
                                  field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT,
                                                          related_name='+', to='wagtailcore.locale', verbose_name='locale')),
            migrations.AlterUniqueTogether(name=model_name, unique_together={('translation_key', 'locale')}),
        )
    ]
