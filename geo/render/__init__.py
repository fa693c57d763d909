"""Rendering a selection: web/ for the Leaflet map (screen and HTML export), print/ for matplotlib figures."""
