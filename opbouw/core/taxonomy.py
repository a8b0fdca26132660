"""The seeded taxonomies: themes of the work and ABCD capacity tags (gifts, interests, wishes).

Kept as plain data so migrations, the demo and tests share one list.
"""

THEMES: list[tuple[str, str, str]] = [
    ("eenzaamheid", "eenzaamheid", "loneliness"),
    ("armoede", "armoede en bestaanszekerheid", "poverty and livelihood"),
    ("groen", "groen en openbare ruimte", "green and public space"),
    ("veiligheid", "veiligheid", "safety"),
    ("klimaat-energie", "klimaat en energie", "climate and energy"),
    ("gezondheid", "gezondheid", "health"),
    ("jeugd", "jeugd", "youth"),
    ("ouderen", "ouderen", "older people"),
    ("wonen", "wonen", "housing"),
    ("taal", "taal en meedoen", "language and participation"),
    ("ontmoeting", "ontmoeting", "meeting each other"),
    ("werk", "werk en vrijwilligerswerk", "work and volunteering"),
    ("zorg", "zorg voor elkaar", "care for each other"),
    ("diversiteit", "diversiteit en samenleven", "diversity and living together"),
]

TAGS: list[tuple[str, str, str]] = [
    ("koken", "koken", "cooking"),
    ("tuinieren", "tuinieren", "gardening"),
    ("klussen", "klussen en repareren", "odd jobs and repairs"),
    ("fietsen", "fietsen en fietsles", "cycling and cycling lessons"),
    ("taalles", "taalles en voorlezen", "language lessons and reading aloud"),
    ("computer", "computer en telefoon", "computers and phones"),
    ("administratie", "administratie en formulieren", "paperwork and forms"),
    ("muziek", "muziek", "music"),
    ("sport", "sport en bewegen", "sport and exercise"),
    ("kinderen", "kinderen en oppassen", "children and babysitting"),
    ("vervoer", "vervoer en boodschappen", "transport and shopping"),
    ("organiseren", "activiteiten organiseren", "organising activities"),
    ("handwerk", "naaien en handwerk", "sewing and crafts"),
    ("creatief", "tekenen en creatief", "drawing and creative work"),
    ("luisteren", "een luisterend oor", "a listening ear"),
    ("vertalen", "tolken en vertalen", "interpreting and translating"),
    ("ondernemen", "ondernemen", "entrepreneurship"),
    ("natuur", "natuur en dieren", "nature and animals"),
    ("gezelschap", "gezelschap en wandelen", "company and walking"),
    ("fotografie", "fotografie en film", "photography and film"),
]
