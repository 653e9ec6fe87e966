from django.db import migrations

BADGES = [
    ("new_category", "Открытие", "Первая покупка в новой для вас категории партнёров."),
    ("first_chain", "Путешественница", "Первая пройденная цепочка партнёров."),
    ("five_partners", "Своя в кругу", "Покупки у пяти разных партнёров клуба."),
    ("referral", "Подруга клуба", "Приглашённая вами подруга сделала первую покупку."),
]


def create_badges(apps, schema_editor):
    Badge = apps.get_model("loyalty", "Badge")
    for code, title, description in BADGES:
        Badge.objects.get_or_create(code=code, defaults={"title": title, "description": description})


class Migration(migrations.Migration):
    dependencies = [("loyalty", "0006_referrals_badges")]

    operations = [migrations.RunPython(create_badges, migrations.RunPython.noop)]
