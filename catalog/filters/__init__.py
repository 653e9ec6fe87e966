"""django-filter FilterSets, one module per vertical."""
