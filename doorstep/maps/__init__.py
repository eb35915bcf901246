"""Maps: hexagon maps (HexJSON) and boundary files (GeoJSON), drawn as SVG and shaded by
signatures: the UK's hex maps shipped in places/data (a layer each after every migrate), and
any an administrator imports (`doorstep import-map`). The petition page draws the region
around its home area; maps/map.js labels areas on hover and keyboard focus.

It knows nothing of petitions: callers pass the counts by ONS code.
"""
