"""The public REST API v1 (DRF + drf-spectacular): catalog, rentals, leads, partner writes with API keys."""
