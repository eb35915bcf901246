"""The public JSON API, in the shape of petition.parliament.uk's, so tools written
for that site read Doorstep's petitions unchanged. It reads no personal data:
only petitions and the kept counts."""
