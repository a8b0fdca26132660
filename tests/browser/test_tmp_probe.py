def test_probe(page, world):
    page.goto("/logboek/nieuw/")
