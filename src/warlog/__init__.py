"""warlog: reports of political violence in; deduplicated, geocoded events out."""

__version__ = "0.1.0"
