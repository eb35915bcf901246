"""The public JSON API, in the shape of petition.parliament.uk's, so tools written
for that site read Doorstep's petitions unchanged. It reads no personal data: only
petitions, replies, the kept counts and the constituencies, as plain data (selectors.py),
written as that site's documents (documents.py) with validators and 304s (http.py)."""
