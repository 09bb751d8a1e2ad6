"""Static tables behind the built-in catalogue: real airline codes, price levels, taxes, street names.

Figures are plausible, not quoted from anyone; they only need to be stable and sensible.
"""
from __future__ import annotations

# Country → airlines based there (IATA code, name). Used for direct flights and hub connections.
CARRIERS: dict[str, tuple[tuple[str, str], ...]] = {
    "BR": (("LA", "LATAM Airlines"), ("G3", "GOL"), ("AD", "Azul")),
    "PT": (("TP", "TAP Air Portugal"),), "ES": (("IB", "Iberia"), ("UX", "Air Europa")),
    "FR": (("AF", "Air France"),), "NL": (("KL", "KLM"),), "DE": (("LH", "Lufthansa"),),
    "GB": (("BA", "British Airways"), ("VS", "Virgin Atlantic")), "IT": (("AZ", "ITA Airways"),),
    "CH": (("LX", "SWISS"),), "AT": (("OS", "Austrian"),), "BE": (("SN", "Brussels Airlines"),),
    "IE": (("EI", "Aer Lingus"),), "DK": (("SK", "SAS"),), "SE": (("SK", "SAS"),), "NO": (("SK", "SAS"),),
    "FI": (("AY", "Finnair"),), "PL": (("LO", "LOT"),), "GR": (("A3", "Aegean"),), "TR": (("TK", "Turkish Airlines"),),
    "US": (("AA", "American Airlines"), ("UA", "United Airlines"), ("DL", "Delta Air Lines")),
    "CA": (("AC", "Air Canada"),), "MX": (("AM", "Aeroméxico"),), "PA": (("CM", "Copa Airlines"),),
    "CO": (("AV", "Avianca"),), "PE": (("LA", "LATAM Airlines"),), "CL": (("LA", "LATAM Airlines"),),
    "AR": (("AR", "Aerolíneas Argentinas"),), "UY": (("LA", "LATAM Airlines"),), "EC": (("LA", "LATAM Airlines"),),
    "AE": (("EK", "Emirates"), ("EY", "Etihad")), "QA": (("QR", "Qatar Airways"),), "SA": (("SV", "Saudia"),),
    "IL": (("LY", "El Al"),), "EG": (("MS", "EgyptAir"),), "ET": (("ET", "Ethiopian Airlines"),),
    "ZA": (("SA", "South African Airways"),), "MA": (("AT", "Royal Air Maroc"),), "AO": (("DT", "TAAG"),),
    "KE": (("KQ", "Kenya Airways"),), "JP": (("JL", "Japan Airlines"), ("NH", "ANA")),
    "KR": (("KE", "Korean Air"),), "CN": (("CA", "Air China"), ("MU", "China Eastern")),
    "HK": (("CX", "Cathay Pacific"),), "SG": (("SQ", "Singapore Airlines"),), "TH": (("TG", "Thai Airways"),),
    "IN": (("AI", "Air India"),), "AU": (("QF", "Qantas"),), "NZ": (("NZ", "Air New Zealand"),),
    "MY": (("MH", "Malaysia Airlines"),), "ID": (("GA", "Garuda Indonesia"),), "PH": (("PR", "Philippine Airlines"),),
    "TW": (("CI", "China Airlines"),), "RU": (("SU", "Aeroflot"),), "CU": (("CU", "Cubana"),),
}
FALLBACK_CARRIERS = (("LA", "LATAM Airlines"), ("AA", "American Airlines"), ("AF", "Air France"),
                     ("LH", "Lufthansa"), ("EK", "Emirates"), ("TK", "Turkish Airlines"))

# Relative price level of hotels and ground transport (1.0 = Brazil).
COST_INDEX: dict[str, float] = {
    "BR": 1.0, "AR": 0.9, "CL": 1.1, "UY": 1.2, "PE": 0.9, "CO": 0.9, "MX": 1.1, "PT": 1.6, "ES": 1.8,
    "FR": 2.4, "IT": 2.2, "GB": 2.6, "IE": 2.4, "DE": 2.1, "NL": 2.4, "BE": 2.1, "CH": 3.2, "AT": 2.1,
    "DK": 2.7, "SE": 2.4, "NO": 2.8, "FI": 2.3, "US": 2.6, "CA": 2.2, "JP": 2.0, "KR": 1.9, "SG": 2.6,
    "HK": 2.4, "AU": 2.3, "NZ": 2.1, "AE": 2.3, "QA": 2.2, "TH": 0.9, "IN": 0.8, "ZA": 1.1, "TR": 1.2,
    "GR": 1.7, "CN": 1.3, "IL": 2.4, "EG": 0.8, "MA": 1.0, "CU": 1.1, "PA": 1.4,
}
DEFAULT_COST_INDEX = 1.4

# Taxes charged with the room (share of the rate) and tourist tax per adult and night (BRL cents).
HOTEL_TAX_RATE: dict[str, float] = {
    "BR": 0.05, "PT": 0.06, "ES": 0.10, "FR": 0.10, "IT": 0.10, "GB": 0.20, "DE": 0.07, "US": 0.14,
    "JP": 0.10, "AR": 0.21, "CL": 0.19, "MX": 0.19, "NL": 0.09, "AU": 0.10, "AE": 0.10,
}
DEFAULT_HOTEL_TAX_RATE = 0.10
CITY_TAX_PER_ADULT_NIGHT: dict[str, int] = {
    "PT": 2_500, "ES": 1_800, "FR": 1_500, "IT": 3_000, "NL": 4_000, "DE": 1_200, "AT": 1_000,
    "BE": 1_500, "GR": 1_000, "CH": 1_800, "JP": 1_000, "AE": 2_500, "US": 0, "BR": 0,
}

HOTEL_WORDS = ("Aurora", "Bellavista", "Miramar", "Continental", "Panorama", "Boulevard", "Harbour View",
               "Royal Garden", "Estrela", "Atlântico", "Sunset", "Grand Palace", "Villa Serena", "Metropole",
               "Parkside", "Horizonte", "Lighthouse", "Casa Alegre", "Alameda", "Riverside")
STAR_PATTERNS = {
    1: "{word} Hostel {city}", 2: "Hotel {word} Express", 3: "Hotel {word} {city}",
    4: "{word} Plaza Hotel {city}", 5: "Grand {word} {city} Resort & Spa",
}
ROOM_TYPES = {1: "Standard Room", 2: "Standard Double", 3: "Superior Double", 4: "Deluxe King", 5: "Junior Suite"}
STAR_RATE_BRL = {1: 140, 2: 230, 3: 390, 4: 680, 5: 1_350}

# Street naming by country language: (street kinds, street names, "number first" style).
_PT = (("Rua", "Avenida", "Travessa", "Alameda"),
       ("das Flores", "da Liberdade", "Augusta", "do Comércio", "Atlântica", "dos Navegantes", "Santa Luzia",
        "Dom Pedro II", "da Praia", "Castilho"), False)
_ES = (("Calle", "Avenida", "Paseo"), ("Mayor", "de la Constitución", "del Prado", "de Alcalá", "Real",
                                        "de Colón", "San Vicente"), False)
_FR = (("Rue", "Avenue", "Boulevard"), ("de la République", "Victor Hugo", "des Lilas", "du Commerce",
                                       "Saint-Michel", "de la Paix"), False)
_IT = (("Via", "Corso", "Viale"), ("Roma", "Garibaldi", "Vittorio Emanuele", "dei Mille", "Cavour", "Dante"), False)
_DE = (("Straße", "Allee", "Weg"), ("Linden", "Schiller", "Goethe", "Bahnhof", "Markt", "Rosen"), False)
_EN = (("Street", "Avenue", "Road", "Boulevard"), ("Main", "Harbour", "King", "Park", "Queen", "Market",
                                                   "Ocean", "Oak", "Victoria"), True)
STREETS = {"BR": _PT, "PT": _PT, "AO": _PT, "MZ": _PT, "ES": _ES, "MX": _ES, "AR": _ES, "CL": _ES,
           "CO": _ES, "PE": _ES, "UY": _ES, "EC": _ES, "PA": _ES, "CU": _ES, "FR": _FR, "BE": _FR, "MA": _FR,
           "IT": _IT, "DE": _DE, "AT": _DE, "CH": _DE}
DEFAULT_STREETS = _EN
# Postal code shapes: "#" a digit, "A" a letter.
POSTCODES = {"BR": "#####-###", "PT": "####-###", "US": "#####", "ES": "#####", "FR": "#####", "IT": "#####",
             "DE": "#####", "MX": "#####", "GB": "A# #AA", "NL": "#### AA", "CA": "A#A #A#", "JP": "###-####",
             "AU": "####", "AR": "A####AAA", "CL": "#######", "CH": "####", "AT": "####", "BE": "####"}

# Ground vehicles: (name, seats, price multiplier over a sedan).
VEHICLES = (("Sedan", 3, 1.0), ("Minivan", 6, 1.45), ("Van", 10, 1.9))
