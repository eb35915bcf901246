"""Places: UK postcodes (normalised once, at the edge), countries, the postcode directory, and
the UK's areas.

It imports no other Doorstep app (only doorstep.core).

- The UK's areas ship with Doorstep (bundled.py, data/: Open Innovations' hex maps, MIT
  licence, see data/ATTRIBUTION.md): after every migrate (receivers.py) the 650 current
  constituencies, the local authority districts, London's wards, the regions and the
  countries are named (services.uk_areas_load). The directory's names, being newer, win.

- postcodes.py: postcode_normalise ("rm107xx" -> "RM10 7XX"); countries.py: ISO countries.
- The postcode directory: `doorstep import-postcodes FILE` loads the ONS Postcode
  Directory (ONSPD) or the National Statistics Postcode Lookup (NSPL), as the
  zip ONS publishes or its CSV (onspd.py reads it, services.postcodes_import
  writes it). Each import is a new PostcodeEdition, switched to only when
  complete; a refused or failed file leaves the active edition as it was.
  Terminated postcodes are kept and still resolve.
- selectors.py, for other apps: postcode_place(postcode=) -> Place | None,
  area_names(kind=, codes=) -> {code: name}, postcode_directory_loaded(),
  constituencies_get(codes=) and constituencies_current() -> Constituency (name, MP, party, dates).
  Area.Kind values: constituency, local_authority, ward, region, country.
- MPs and parties: `doorstep import-mps FILE` (services.mps_import).
- After an import completes (the new edition active, the old one's rows gone),
  other apps hear of it without places importing them, either way:
    * places.services.on_directory_imported(callback): callback(edition=PostcodeEdition)
      is called for each import (register once, e.g. in AppConfig.ready; usable as a decorator);
    * the Django signal places.signals.directory_imported, sent with
      sender=PostcodeEdition, edition=PostcodeEdition.
  Callbacks run first, then signal receivers; an exception in either propagates
  to the importer (the import itself is already complete).
"""
