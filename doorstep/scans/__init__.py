"""Returned paper sheets read from scans: uploads of scanned PDFs and phone photos, each
page matched to its sheet by its QR code (or the sheet code typed by staff), the pages
no one could read, and the scan shown beside the keying grid. Scans are personal data:
stored privately, every viewing audited, removed with the petition's other personal data."""
