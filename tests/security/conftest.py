import pytest

from tests.scenarios.desk import Desk


@pytest.fixture
def desk(tmp_path, database_url):
    return Desk(tmp_path, database_url=database_url)
