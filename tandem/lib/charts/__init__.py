"""Charts drawn on the server as SVG: the geometry here, the markup in each page's template,
with the same numbers in a table beside the chart."""
