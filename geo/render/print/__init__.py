"""Print figures (PNG/PDF/SVG) with matplotlib and geopandas: no browser, no folium."""
