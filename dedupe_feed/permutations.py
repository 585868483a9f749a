"""The MinHash permutations of the default layouts, drawn once and stored.

:func:`dedupe_feed.signatures.affine32_permutations` draws them from
``numpy.random.RandomState(seed)``; importing ``numpy.random`` costs about
11 ms of every start-up, so the two layouts every run uses (the cleaner's
32 permutations and the index's 128, seed 1) are kept here as their
little-endian ``uint32`` multipliers then offsets (base64). A test draws
them afresh and compares.

>>> sorted(STORED)
[(32, 1), (128, 1)]
"""

from __future__ import annotations

#: ``(num_perm, seed)`` -> base64 of the ``a`` values then the ``b`` values.
STORED: dict[tuple[int, int], str] = {
    (32, 1): (
        "S+iD1dcBj/4ZX85wkSh43f/9DgATh5lBl1XLmgs9gv+fliNLgafgeCEBRy8DoQzLmX9dX488nMbbVe2w+fPoVg0b"
        "Jcsz+v7eZcnfEymqT7H9qaDWy2JloCUX1V6pk5EMF/etaPlBDOPVm5jBOSWLdTu/BQ4ds54RZYRHV4nU8tPXfNRq"
        "118LdelLBo/xQkJu92XwI96tavBgx7YyVoREx42Y/czp10m3if3f9weEgc0/kTxQPcvBFxYOPLE5paWEAQpb4ID3"
        "cd088QTl0fhC1Ah1xRXY4mDUjX7/CXOa5kWvAXor6o8qD3nyzeDIuaerHkItGUck05eDtc1rxoXxqw=="
    ),
    (128, 1): (
        "S+iD1dcBj/4ZX85wkSh43f/9DgATh5lBl1XLmgs9gv+fliNLgafgeCEBRy8DoQzLmX9dX488nMbbVe2w+fPoVg0b"
        "Jcsz+v7eZcnfEymqT7H9qaDWy2JloCUX1V6pk5EMF/etaPlBDOPVm5jBOSWLdTu/BQ4ds54RZYRHV4nU8tOv+ajV"
        "r78W6tOXDB7jhYTc78vgR71b1eDBjm1lrQiJjhsx+5nTr5NuE/u/7w8IA5t/Inmge5aDLy0ceGJzSksJAxS2wAHv"
        "47p54gnKo/GFqBHqiiuxxcGoG/3+E+c0zYtfA/RW1R9VHvPkm8GRc09XPYRaMo9Ipi8Ha5vXjQvjVyt/cOpj3NXS"
        "cwr7EAdkJWWJtz1iMVZKlONDi6FX+MNImQx9XzWYDpFpDlSroUo409sUXQnn5n4RU+oSgKXbgD8fAEz6gdg+UomR"
        "D38zYNSY31qWj8W9a+SvaxyUD0+6cTUK2jQz/Y8l0UxS5S0IQPATbjPRh309Mc+XVJb9iIbOL0pXk/vaLT3JGpNC"
        "N4GyDEt36glzotAqp1SQW03ZbtURhVpsQUom0kW79YcVXg2ZL3qv+x8NNSvfVVIbrzi/ITO+8iWPH1Y65wEgS7kK"
        "v+mVdLktfQmfhV26RmZBp0d2sS1lNC8pIBFvJf/Tg0pe5uNqiGObTnL8B04P1AGXyRT4v8kM/dT2w82BMIkGx5sL"
        "NHLuqdXR1CPGxc+DAvbaykz20PHbD6EHlXgolsuCFOIHWUXnTRhxisiKMSNL1K5yTJ2nIysEY+QUMrHOHl6pYCQm"
        "zmVnM9aJB6dUKi0P/abEM3HtOZp7XPAuB1n8nS2S0jg1wGBASaMNAdu5CixWIBdZIOJ8P7GwUfuon4fn0qV5wz3A"
        "mMCbWspmUVncPWPDlP4ZRaCpRVuMzFjlwby2wF5il208np/h6cH/9pjA/AJSTdepcxOEf2FzJ5+CCOQS7P1fHdym"
        "dclnuhHzYrdmEApxLXO2nvVaYFcRlOk5HPFSp3to1sk6YcbMrTzCuk7DR+FD5+c/h8WwqNySNvYlTQ8cvACFO9LF"
        "kTX9napoJicUAJ9TdlohlLBH7YYWWU4C5RnN4o3Pg7XxB3Zbcup7eGHClei1VrzDVIeUnwoMp3dg3AwEt0DdRD2Z"
        "7+04zunU2Z7esJWhI43njFD/YNzwEfmBHizTH/R4GVQbI/HVJb6Ok77ujQgkMdSsYrJ0Ht12K2PlEIYO+TrNBmbB"
        "uIIcgrsH/sCPu2Q1GFZL7PsznwyJfCa2wiHUhMc40B81bxosRd0WBaTJdGVlw7UG+Ep8GxUYPwco7YKCTbAHP9uI"
        "JRqxyirccWnpSS/V8InNhVQ7qL2Fjc4VufctVo/XV+c/Rw=="
    ),
}

__all__ = ["STORED"]
