"""The back office: the staff pages for running petitions."""
