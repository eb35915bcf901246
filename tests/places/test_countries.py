from doorstep.places.countries import country_choices, country_name


def test_country_names():
    assert country_name("GB") == "United Kingdom"
    assert country_name("FR") == "France"
    assert country_name("ZZ") == "ZZ"


def test_uk_is_not_offered_as_abroad():
    codes = [code for code, _ in country_choices()]
    assert "GB" not in codes
    assert "IE" in codes
