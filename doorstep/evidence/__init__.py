"""The evidence a petition is handed in with: titled series of figures (a year or date
and a value each) and short facts, each with its source; drawn as an accessible chart
(SVG made on the server, with the figures as a table) for the petition page, the JSON
API and the hand-in bundle."""
