"""Postcodes placed in real areas (the ones Doorstep ships with), for tests of what the API and maps show."""

# Dagenham and Rainham, Barking and Dagenham, Village ward.
RM10 = {
    "constituency_code": "E14001189",
    "local_authority_code": "E09000002",
    "ward_code": "E05014070",
    "region_code": "E12000007",
    "country_code": "E92000001",
}
# Romford, Havering, Mawneys ward.
RM7 = {**RM10, "constituency_code": "E14001448", "local_authority_code": "E09000016", "ward_code": "E05013978"}
