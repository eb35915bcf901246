import pytest

from doorstep.core.bounds import JsonTooDeep, json_parse, size_check
from doorstep.core.errors import ApplicationError


def test_documents_within_the_depth_are_parsed():
    assert json_parse('{"a": [[1, {"b": []}]]}', max_depth=5) == {"a": [[1, {"b": []}]]}
    assert json_parse(b'"text"') == "text"


@pytest.mark.parametrize(
    "text",
    [
        "[[[[1]]]]",  # one level too many
        "[" * 100_000 + "]" * 100_000,  # past the parser's recursion limit: no RecursionError
        '{"a": ' * 5_000 + "1" + "}" * 5_000,
    ],
)
def test_deeper_documents_are_refused_as_bad_json(text):
    with pytest.raises(JsonTooDeep, match="nests more than 3 levels deep") as refused:
        json_parse(text, max_depth=3)
    assert isinstance(refused.value, ValueError)


def test_a_file_over_its_size_is_refused_naming_the_setting():
    size_check(name="a.csv", size=1024 * 1024, max_mb=1, setting="DOORSTEP_X_MB")
    with pytest.raises(
        ApplicationError, match=r"^a.csv is 1.5 MB, larger than the 1 MB Doorstep reads \(DOORSTEP_X_MB\).$"
    ):
        size_check(name="a.csv", size=1024 * 1024 * 3 // 2, max_mb=1, setting="DOORSTEP_X_MB")
