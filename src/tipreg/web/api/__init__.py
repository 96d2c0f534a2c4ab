"""The public, read-only JSON API and its OpenAPI schema."""
