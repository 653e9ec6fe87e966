from decimal import Decimal

import factory
import wagtail_factories

from catalog.models import ApartmentPage, Building, City, ResidentialComplexPage


class ResidentialComplexPageFactory(wagtail_factories.PageFactory):
    """A published complex with one building (pass buildings=[{...}, ...] for others); parent=<RealtyIndexPage>."""

    title = factory.Sequence(lambda n: f"Тестовый квартал {n}")
    slug = factory.Sequence(lambda n: f"test-complex-{n}")
    city = factory.LazyFunction(lambda: City.objects.get(slug="moskva"))
    address = "ул. Тестовая, 1"
    completion_year = 2027
    completion_quarter = 2

    class Meta:
        model = ResidentialComplexPage
        skip_postgeneration_save = True

    @factory.post_generation
    def buildings(self, create, extracted, **kwargs):
        if create:
            specs = extracted or [{"name": "Корпус 1", "floors": 10, "sections": 2}]
            for position, spec in enumerate(specs):
                Building.objects.create(complex=self, sort_order=position, **spec)
            self.save_revision().publish()


class ApartmentPageFactory(wagtail_factories.PageFactory):
    """A published apartment in the first building of its complex; parent=<ResidentialComplexPage>."""

    title = factory.Sequence(lambda n: f"Квартира для проверки {n}")
    slug = factory.Sequence(lambda n: f"test-apartment-{n}")
    building = factory.LazyAttribute(lambda obj: Building.objects.filter(complex_id=obj.parent.pk).first())
    section = 1
    floor = 2
    number = factory.Sequence(lambda n: 5000 + n)
    rooms = 1
    area = Decimal("40.00")
    price = Decimal("10000000")
    status = ApartmentPage.Status.AVAILABLE

    class Meta:
        model = ApartmentPage
        skip_postgeneration_save = True

    @factory.post_generation
    def publish(self, create, extracted, **kwargs):
        if create:
            self.save_revision().publish()
