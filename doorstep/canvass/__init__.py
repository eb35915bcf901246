"""Door to door: canvassers collecting signatures on their own phones, with or without
signal. Owns the canvass page (an installable web app that works offline), the phones
canvassers sign in on (and staff sign out when lost), the signatures as they arrive from
a phone (idempotent, checked for duplicates, held for review like paper rows), the
thank-you email, and the staff views' rules: each canvasser's signatures per day, bulk
hold and invalidation. The signatures themselves are written by `signatures`."""
