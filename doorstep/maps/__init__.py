"""Maps: the hexagon maps (HexJSON) and boundary files (GeoJSON) an administrator
supplies, drawn as SVG and shaded by signatures.

It knows nothing of petitions: callers pass the counts by ONS code.
"""
