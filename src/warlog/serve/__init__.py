"""`warlog serve`: the JSON HTTP API (OpenAPI schema at /openapi.json) and the web page on the same data."""

from warlog.serve.app import create_app, serve

__all__ = ["create_app", "serve"]
