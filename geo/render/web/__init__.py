"""The web map: folium/Leaflet layers, compact screen geometry and the browser assets they need."""
