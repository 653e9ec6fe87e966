from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("assistant", "0002_marketplaces")]

    operations = [
        migrations.AddField(
            model_name="conversation",
            name="bot_state",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
    ]
