"""Paper petitions: packs requested by residents, printed, posted and returned,
their signature sheets keyed in row by row, and the paper-side records of it all.

It owns packs and their circulation, sheets and sheet codes, keyed rows, sheets entered
as a count only and not yet keyed (staff pages call them "tallied"), and the queue of rows
that may be duplicates.
Keyed rows become signatures only through doorstep.signatures, which keeps the count.
"""
