"""Writing paper petitions, one module per part of the work:

- `requests`: a resident (or the office) asks for a pack
- `batches`: outstanding requests printed together, each pack given its sheets and codes
- `circulation`: a pack's steps (posted, returned, lost...) and telling holders a new closing date
- `entry`: what every returned sheet goes through, counted only or keyed (the entry window, its return)
- `count_only`: a sheet entered as a count only, shown beside the count until it is keyed
- `keying`: a sheet keyed in row by row; signed rows become signatures
- `second_keying`: an independent second keying of a sheet, and settling its differences
- `duplicates`: staff decisions on rows held as possible duplicates

Callers import each function from the module that defines it.
"""
