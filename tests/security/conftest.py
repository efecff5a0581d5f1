import pytest

from tests.scenarios.desk import Desk


@pytest.fixture
def desk(tmp_path):
    return Desk(tmp_path)
