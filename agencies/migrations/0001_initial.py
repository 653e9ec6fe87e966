# The agencies came from the accounts app (accounts/migrations/0005_agencies.py made the tables, 0009 forgets the
# models). Only the state is created here; the tables keep their names, and the content types move to this app so
# existing folder pages keep their type.

import core.routing
import django.db.models.deletion
import modelcluster.fields
from django.conf import settings
from django.db import migrations, models

MODELS = ('agency', 'agencyfolderpage', 'agencymembership')


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    taken = set(ContentType.objects.filter(app_label='agencies').values_list('model', flat=True))
    ContentType.objects.filter(app_label='accounts', model__in=set(MODELS) - taken).update(app_label='agencies')


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    taken = set(ContentType.objects.filter(app_label='accounts').values_list('model', flat=True))
    ContentType.objects.filter(app_label='agencies', model__in=set(MODELS) - taken).update(app_label='accounts')


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0009_agencies_moved_out'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('images', '0001_initial'),
        ('wagtailcore', '0097_baselogentry_uuid_action_timestamp_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='AgencyFolderPage',
                    fields=[
                        ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to='wagtailcore.page')),
                        ('canonical_url', models.URLField(blank=True, help_text="Leave blank to use the page's URL.", max_length=255, verbose_name='Canonical URL')),
                        ('intro', models.TextField(blank=True, help_text='Пара фраз об агентстве над его объектами.', verbose_name='вступление')),
                        ('og_image', models.ForeignKey(blank=True, help_text='Shown when linking to this page on social media. If blank, may show an image from the page, or the default from Settings > SEO.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='images.customimage', verbose_name='Preview image')),
                    ],
                    options={
                        'verbose_name': 'раздел агентства',
                        'verbose_name_plural': 'разделы агентств',
                        'db_table': 'accounts_agencyfolderpage',
                    },
                    bases=(core.routing.ChildRouteMixin, 'wagtailcore.page', models.Model),
                ),
                migrations.CreateModel(
                    name='Agency',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(help_text='Как агентство называется для гостей и в админке.', max_length=100, unique=True, verbose_name='название')),
                        ('admins_group', models.OneToOneField(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='auth.group', verbose_name='группа администраторов')),
                        ('realtors_group', models.OneToOneField(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='auth.group', verbose_name='группа риелторов')),
                        ('root_page', models.OneToOneField(help_text='Страница агентства в каталоге аренды; объекты его риелторов создаются внутри неё.', on_delete=django.db.models.deletion.PROTECT, related_name='agency', to='agencies.agencyfolderpage', verbose_name='раздел агентства')),
                    ],
                    options={
                        'verbose_name': 'агентство',
                        'verbose_name_plural': 'агентства',
                        'db_table': 'accounts_agency',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='AgencyMembership',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('role', models.CharField(choices=[('realtor', 'Риелтор'), ('agency_admin', 'Администратор агентства')], default='realtor', help_text='Риелтор ведёт свои объекты, администратор — все объекты агентства.', max_length=20, verbose_name='роль')),
                        ('agency', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='members', to='agencies.agency', verbose_name='агентство')),
                        ('user', models.OneToOneField(help_text='Учётная запись сотрудника; один человек работает в одном агентстве.', on_delete=django.db.models.deletion.CASCADE, related_name='agency_membership', to=settings.AUTH_USER_MODEL, verbose_name='сотрудник')),
                    ],
                    options={
                        'verbose_name': 'сотрудник агентства',
                        'verbose_name_plural': 'сотрудники агентства',
                        'db_table': 'accounts_agencymembership',
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
