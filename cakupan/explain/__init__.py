"""Why a person is (not) counted: the person page (/orang/), the API (/api/persons/explain/) and
`cakupan person`. The door is `cakupan.explain.selectors` (person_find, person_explain)."""
