import pytest

from doorstep.core.errors import ApplicationError, text_required


def test_text_required_strips_and_keeps_line_breaks():
    assert text_required("  First line\n\nSecond  ", field="body", message="Write it") == "First line\n\nSecond"


def test_text_required_on_one_line():
    assert text_required(" Ann \n  Lee ", field="name", message="Enter a name", one_line=True) == "Ann Lee"


@pytest.mark.parametrize("value", ["", "   \n ", None])
def test_text_required_refuses_nothing(value):
    with pytest.raises(ApplicationError) as error:
        text_required(value, field="title", message="Give it a title")
    assert (error.value.field, error.value.message) == ("title", "Give it a title")


def test_text_required_refuses_too_long():
    assert text_required("x" * 5, field="town", message="Enter a town", max_length=5) == "xxxxx"
    with pytest.raises(ApplicationError) as error:
        text_required("x" * 6, field="town", message="Enter a town", max_length=5)
    assert (error.value.field, error.value.message) == ("town", "Use 5 characters or fewer")
