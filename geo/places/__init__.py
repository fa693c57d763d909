"""Places: the gazetteer (data/places.json), the geotagger and the evidence marks in measure texts."""
