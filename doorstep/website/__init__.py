"""The public website: the list of petitions, the petition page and the privacy notice."""
