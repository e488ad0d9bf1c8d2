"""Curators' filter corrections (with history), and who asked for a rebuild from the admin."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('activities', '0008_notagamemark'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='rebuildrun',
            options={'ordering': ['-started_at'], 'permissions': [('run_rebuild', 'Can run a rebuild of the library from the admin')], 'verbose_name': 'rebuild run', 'verbose_name_plural': 'rebuild runs'},
        ),
        migrations.AddField(
            model_name='rebuildrun',
            name='requested_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='requested by'),
        ),
        migrations.CreateModel(
            name='FilterCorrection',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('content_key', models.CharField(db_index=True, max_length=64, verbose_name='content key')),
                ('field', models.CharField(max_length=32, verbose_name='field')),
                ('value', models.JSONField(blank=True, null=True, verbose_name='value')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('decided_at', models.DateTimeField(auto_now_add=True, verbose_name='decided at')),
                ('revoked_at', models.DateTimeField(blank=True, null=True, verbose_name='revoked at')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL, verbose_name='decided by')),
            ],
            options={
                'verbose_name': 'filter correction',
                'verbose_name_plural': 'filter corrections',
                'ordering': ['-decided_at'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalFilterCorrection',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('content_key', models.CharField(db_index=True, max_length=64, verbose_name='content key')),
                ('field', models.CharField(max_length=32, verbose_name='field')),
                ('value', models.JSONField(blank=True, null=True, verbose_name='value')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('decided_at', models.DateTimeField(blank=True, editable=False, verbose_name='decided at')),
                ('revoked_at', models.DateTimeField(blank=True, null=True, verbose_name='revoked at')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('decided_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical filter correction',
                'verbose_name_plural': 'historical filter corrections',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
    ]
