"""The cost markers are enforced: a test with none, with two, or asking for a fixture heavier
than its marker fails in every run, `-m unit` included; `e2e` still counts as `build`."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.unit

TESTS = """
import pytest

def test_unmarked():
    pass

@pytest.mark.unit
@pytest.mark.build
def test_two_markers():
    pass

@pytest.mark.unit
def test_unit_asking_for_a_build(built_portfolio):
    pass

@pytest.mark.build
def test_build_asking_for_chromium(page):
    pass

@pytest.mark.e2e
def test_older_name():
    pass

@pytest.mark.unit
def test_cheap():
    pass
"""


@pytest.fixture
def suite(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeconftest(
        "import pytest\n"
        "from tests.conftest import pytest_collection_modifyitems, pytest_runtest_setup\n"
        "@pytest.fixture\n"
        "def built_portfolio():\n"
        "    raise AssertionError('a fixture of a badly marked test must never be set up')\n"
        "page = built_portfolio\n"
    )
    pytester.makepyfile(test_costs=TESTS)
    return pytester


def test_badly_marked_tests_fail_with_the_reason(suite):
    result = suite.runpytest_inprocess("-p", "no:cacheprovider", "-rE")
    result.assert_outcomes(passed=2, errors=4)
    result.stdout.fnmatch_lines_random([
        "*test_unmarked: a test needs exactly one cost marker of unit, build, browser (found: none)*",
        "*test_two_markers: a test needs exactly one cost marker*(found: unit, build)*",
        "*test_unit_asking_for_a_build: marked unit but uses built_portfolio*",
        "*test_build_asking_for_chromium: marked build but uses page*",
    ])  # fmt: skip
    assert "must never be set up" not in result.stdout.str()


def test_the_unit_selection_reports_them_too(suite):
    result = suite.runpytest_inprocess("-p", "no:cacheprovider", "-m", "unit")
    result.assert_outcomes(passed=1, errors=4)  # test_cheap; test_older_name is a build


def test_e2e_is_selected_as_build(suite):
    result = suite.runpytest_inprocess("-p", "no:cacheprovider", "-m", "build", "-k", "older")
    result.assert_outcomes(passed=1)
