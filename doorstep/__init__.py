"""Doorstep: petition campaigns, with online and paper signatures in one count."""
