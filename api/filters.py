"""The catalog's filter sets as the API uses them: the same filters, with the type hints the schema needs (the
completion filter's values are years as strings, which drf-spectacular cannot guess from the site's methods)."""

from catalog.filters.realty import ApartmentFilterSet, ComplexFilterSet


class ApiComplexFilterSet(ComplexFilterSet):
    def by_completion(self, queryset, name, value: str):
        return super().by_completion(queryset, name, value)


class ApiApartmentFilterSet(ApartmentFilterSet):
    def by_completion(self, queryset, name, value: str):
        return super().by_completion(queryset, name, value)
