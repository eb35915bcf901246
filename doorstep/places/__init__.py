"""Places: UK postcodes (normalised once, at the edge) and countries.

It imports no other Doorstep app.
"""
