"""Geocoding: the offline gazetteer and the geocoder that resolves place phrases in report text."""

from warlog.geocode.gazetteer import Gazetteer, normalize_name
from warlog.geocode.geocoder import Geocoder, PlaceMatch

__all__ = ["Gazetteer", "Geocoder", "PlaceMatch", "normalize_name"]
