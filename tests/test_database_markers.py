"""Every test that opens the database carries the django_db marker, so the PostgreSQL pass of
`make test` (`-m "django_db and ..."`) runs it too (issue 20, part 8). The check runs over the
tests collected in the same session (tests/conftest.py, pytest_collection_modifyitems)."""


def test_every_database_test_has_the_marker(request):
    unmarked = request.config.cakupan_unmarked_db_tests
    assert unmarked == [], f"database tests without @pytest.mark.django_db (left out on PostgreSQL): {unmarked}"
