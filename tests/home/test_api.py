import pytest
from wagtail.models import Collection, CollectionViewRestriction

from factories import DocumentFactory, ImageFactory, StandardPageFactory


@pytest.mark.django_db
def test_pages_api_lists_public_live_pages_only(client, home_page):
    StandardPageFactory(parent=home_page, title="Publique")
    StandardPageFactory(parent=home_page, title="Brouillon", live=False)
    data = client.get("/api/v2/pages/").json()
    titles = {item["title"] for item in data["items"]}
    assert "Publique" in titles
    assert "Brouillon" not in titles


@pytest.mark.django_db
def test_page_detail_exposes_body_fields(client, home_page):
    page = StandardPageFactory(parent=home_page, title="Publique", intro="Une intro.")
    data = client.get(f"/api/v2/pages/{page.pk}/").json()
    assert data["intro"] == "Une intro."
    assert data["body"] == []


@pytest.mark.django_db
def test_api_is_read_only(client, home_page):
    response = client.post("/api/v2/pages/", {"title": "x"})
    assert response.status_code == 405
    assert StandardPageFactory._meta.model.objects.count() == 0


@pytest.mark.django_db
def test_private_collections_stay_out_of_the_api(client):
    root = Collection.get_first_root_node()
    private = root.add_child(name="Privé")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    DocumentFactory(title="Public")
    DocumentFactory(title="Confidentiel", collection=private)
    ImageFactory(title="Photo cachée", collection=private)
    documents = {d["title"] for d in client.get("/api/v2/documents/").json()["items"]}
    images = {i["title"] for i in client.get("/api/v2/images/").json()["items"]}
    assert documents == {"Public"}
    assert "Photo cachée" not in images


@pytest.mark.django_db
def test_search_operator_is_checked(client, home_page):
    """Wagtail passes any `search_operator` to the search backend, which raises (a 500)."""
    StandardPageFactory(parent=home_page, title="Colloque annuel")
    response = client.get("/api/v2/pages/", {"search": "colloque", "search_operator": "xor"})
    assert response.status_code == 400
    assert "search_operator" in response.json()["message"]
    found = client.get("/api/v2/pages/", {"search": "colloque", "search_operator": "OR"}).json()
    assert [item["title"] for item in found["items"]] == ["Colloque annuel"]


@pytest.mark.django_db
def test_an_offset_past_what_sql_counts_is_a_bad_request(client, home_page):
    """SQLite's search query failed on it with "datatype mismatch" (a 500)."""
    huge = "9" * 30
    assert client.get("/api/v2/images/", {"offset": "9" * 5000}).status_code == 400
    for query in ({"offset": huge}, {"search": "colloque", "offset": huge}, {"limit": huge}):
        response = client.get("/api/v2/images/", query)
        assert response.status_code == 400, query
        assert "too large" in response.json()["message"]
    assert client.get("/api/v2/images/", {"offset": str(2**40)}).json()["items"] == []


@pytest.mark.django_db
def test_find_with_a_word_for_an_id_is_a_bad_request(client, home_page):
    """Wagtail's `find/` passed the word to the database (a 500)."""
    for url in ("/api/v2/pages/find/", "/api/v2/images/find/", "/api/v2/documents/find/"):
        response = client.get(url, {"id": "abc"})
        assert response.status_code == 400, url
        assert "whole number" in response.json()["message"]
    response = client.get("/api/v2/pages/find/", {"id": home_page.pk})
    assert response["Location"].endswith(f"/api/v2/pages/{home_page.pk}/?")
