from doorstep.paper.services.keying import RowInput


def row(number, name="Grace Hopper", address="1 Navy Street", postcode="rm10 7xx", **fields):
    """A row as a volunteer types it: a signer's name, address and postcode."""
    return RowInput(number=number, name=name, address=address, postcode=postcode, **fields)
