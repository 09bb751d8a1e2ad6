"""Reviewed city names (pt_BR, en) for the airports the catalogue sells where CLDR has no exemplar city.

Babel's CLDR data names a time zone's exemplar city (America/Sao_Paulo → "São Paulo", Europe/Lisbon
→ "Lisboa"/"Lisbon"); `place_names` uses it whenever the airport's city IS that city. This table covers
the rest of `MAJOR_AIRPORTS` (the hubs every builtin connection flies through) and the other
Brazilian and Portuguese airports with scheduled service, because airportsdata spells cities in ASCII
English ("Joao Pessoa", "Foz Do Iguacu"). It also names the city an airport serves where airportsdata
gives a suburb (EZE "Ezeiza" → Buenos Aires, YYZ "Mississauga" → Toronto).

Brazilian and Portuguese cities keep their accents in English too (São Paulo, João Pessoa), as
English-language guides and airlines write them. Keyed by IATA code; an entry also covers the other
airports whose airportsdata city is spelt the same (in the same country), e.g. GIG and SDU.
"""
from __future__ import annotations

PLACE_NAMES: dict[str, tuple[str, str]] = {  # IATA code → (pt_BR, en)
    # Brazil
    "GIG": ("Rio de Janeiro", "Rio de Janeiro"), "SDU": ("Rio de Janeiro", "Rio de Janeiro"),
    "BSB": ("Brasília", "Brasília"), "CNF": ("Belo Horizonte", "Belo Horizonte"), "VCP": ("Campinas", "Campinas"),
    "SSA": ("Salvador", "Salvador"), "POA": ("Porto Alegre", "Porto Alegre"), "CWB": ("Curitiba", "Curitiba"),
    "FLN": ("Florianópolis", "Florianópolis"), "MAO": ("Manaus", "Manaus"), "NAT": ("Natal", "Natal"),
    "IGU": ("Foz do Iguaçu", "Foz do Iguaçu"), "VIX": ("Vitória", "Vitória"), "GYN": ("Goiânia", "Goiânia"),
    "JPA": ("João Pessoa", "João Pessoa"), "AJU": ("Aracaju", "Aracaju"), "SLZ": ("São Luís", "São Luís"),
    "BPS": ("Porto Seguro", "Porto Seguro"), "CMG": ("Corumbá", "Corumbá"), "NVT": ("Navegantes", "Navegantes"),
    # Brazil, other domestic destinations whose names carry accents or lower-case particles
    **{code: (name, name) for code, name in (
        ("RAO", "Ribeirão Preto"), ("UDI", "Uberlândia"), ("MGF", "Maringá"), ("MCP", "Macapá"), ("MAB", "Marabá"),
        ("IOS", "Ilhéus"), ("XAP", "Chapecó"), ("JDO", "Juazeiro do Norte"), ("SJP", "São José do Rio Preto"),
        ("SJK", "São José dos Campos"), ("CXJ", "Caxias do Sul"), ("JJD", "Jijoca de Jericoacoara"),
        ("MVF", "Mossoró"), ("ROO", "Rondonópolis"), ("JDF", "Juiz de Fora"), ("FEC", "Feira de Santana"),
        ("PHB", "Parnaíba"), ("CCM", "Criciúma"), ("CZS", "Cruzeiro do Sul"), ("TFF", "Tefé"), ("ARU", "Araçatuba"),
        ("MII", "Marília"), ("APS", "Anápolis"), ("LEC", "Lençóis"), ("POO", "Poços de Caldas"), ("QSC", "São Carlos"),
        ("BGX", "Bagé"), ("JPR", "Ji-Paraná"), ("CCX", "Cáceres"), ("SJL", "São Gabriel da Cachoeira"),
        ("MEA", "Macaé"), ("CAW", "Campos dos Goytacazes"), ("CKS", "Carajás"), ("TUR", "Tucuruí"),
        ("RDC", "Redenção"), ("CDJ", "Conceição do Araguaia"), ("JTI", "Jataí"), ("TLZ", "Catalão"),
        ("DIQ", "Divinópolis"), ("POJ", "Patos de Minas"), ("TFL", "Teófilo Otoni"), ("AAX", "Araxá"),
        ("JDR", "São João del-Rei"), ("JIA", "Juína"), ("TGQ", "Tangará da Serra"), ("BPG", "Barra do Garças"),
        ("TJL", "Três Lagoas"), ("PMG", "Ponta Porã"), ("FBE", "Francisco Beltrão"), ("PNG", "Paranaguá"),
        ("GEL", "Santo Ângelo"), ("IJU", "Ijuí"), ("CSU", "Santa Cruz do Sul"), ("CCI", "Concórdia"),
        ("JCB", "Joaçaba"), ("GUJ", "Guaratinguetá"), ("QHP", "Taubaté"), ("SSZ", "Guarujá"),
        ("TXF", "Teixeira de Freitas"), ("SXX", "São Félix do Xingu"), ("SXO", "São Félix do Araguaia"),
        ("OIA", "Ourilândia do Norte"), ("CMP", "Santana do Araguaia"), ("OBI", "Óbidos"), ("ORX", "Oriximiná"),
        ("MBZ", "Maués"), ("HUW", "Humaitá"), ("LBR", "Lábrea"), ("PTQ", "Porto de Moz"), ("GJM", "Guajará-Mirim"),
        ("TRQ", "Tarauacá"), ("LAZ", "Bom Jesus da Lapa"), ("IRE", "Irecê"), ("VAL", "Valença"),
        ("OPP", "Salinópolis"), ("GGB", "Água Boa"), ("APY", "Alto Parnaíba"), ("DNO", "Dianópolis"),
        ("NQL", "Niquelândia"), ("MQH", "Minaçu"), ("BZC", "Cabo Frio"), ("CAC", "Cascavel"), ("IMP", "Imperatriz"),
        ("THE", "Teresina"), ("PMW", "Palmas"), ("LDB", "Londrina"), ("JOI", "Joinville"), ("PNZ", "Petrolina"),
    )},
    # Portugal
    "OPO": ("Porto", "Porto"), "FAO": ("Faro", "Faro"), "FNC": ("Funchal", "Funchal"), "BYJ": ("Beja", "Beja"),
    "PDL": ("Ponta Delgada", "Ponta Delgada"),
    # Europe
    "FRA": ("Frankfurt", "Frankfurt"), "MUC": ("Munique", "Munich"), "HAM": ("Hamburgo", "Hamburg"),
    "CGN": ("Colônia", "Cologne"), "MXP": ("Milão", "Milan"), "LIN": ("Milão", "Milan"),
    "VCE": ("Veneza", "Venice"), "FLR": ("Florença", "Florence"), "NAP": ("Nápoles", "Naples"),
    "MAN": ("Manchester", "Manchester"), "EDI": ("Edimburgo", "Edinburgh"), "GVA": ("Genebra", "Geneva"),
    "NCE": ("Nice", "Nice"), "BCN": ("Barcelona", "Barcelona"), "PMI": ("Palma de Maiorca", "Palma de Mallorca"),
    "AGP": ("Málaga", "Málaga"), "SVQ": ("Sevilha", "Seville"), "VLC": ("Valência", "Valencia"),
    # Americas
    "ATL": ("Atlanta", "Atlanta"), "DFW": ("Dallas", "Dallas"), "MIA": ("Miami", "Miami"),
    "LAS": ("Las Vegas", "Las Vegas"), "MCO": ("Orlando", "Orlando"), "CLT": ("Charlotte", "Charlotte"),
    "SEA": ("Seattle", "Seattle"), "SFO": ("São Francisco", "San Francisco"), "EWR": ("Newark", "Newark"),
    "IAH": ("Houston", "Houston"), "BOS": ("Boston", "Boston"), "MSP": ("Minneapolis", "Minneapolis"),
    "DTW": ("Detroit", "Detroit"), "PHL": ("Filadélfia", "Philadelphia"), "IAD": ("Washington", "Washington"),
    "DCA": ("Washington", "Washington"), "SAN": ("San Diego", "San Diego"), "AUS": ("Austin", "Austin"),
    "MSY": ("Nova Orleans", "New Orleans"), "SJU": ("San Juan", "San Juan"), "YYZ": ("Toronto", "Toronto"),
    "YVR": ("Vancouver", "Vancouver"), "YUL": ("Montreal", "Montreal"),
    "PTY": ("Cidade do Panamá", "Panama City"), "EZE": ("Buenos Aires", "Buenos Aires"),
    "AEP": ("Buenos Aires", "Buenos Aires"), "UIO": ("Quito", "Quito"), "SJO": ("San José", "San José"),
    "PUJ": ("Punta Cana", "Punta Cana"),
    # Asia, Africa, Middle East
    "DEL": ("Nova Délhi", "New Delhi"), "BOM": ("Mumbai", "Mumbai"), "CAN": ("Cantão", "Guangzhou"),
    "PEK": ("Pequim", "Beijing"), "PKX": ("Pequim", "Beijing"), "KIX": ("Osaka", "Osaka"), "DOH": ("Doha", "Doha"),
    "AUH": ("Abu Dhabi", "Abu Dhabi"), "JED": ("Jidá", "Jeddah"), "TLV": ("Tel Aviv", "Tel Aviv"),
    "CPT": ("Cidade do Cabo", "Cape Town"),
}

# Nicknames and second spellings people type that no name above or in CLDR holds, and metro areas
# whose airports carry another city's name (Newark for New York, Campinas for São Paulo). Folded.
EXTRA_ALIASES: dict[str, tuple[str, ...]] = {
    "rio": ("GIG", "SDU"), "nyc": ("JFK", "EWR", "LGA"), "nova iorque": ("JFK", "EWR", "LGA"),
    "nova york": ("EWR",), "new york": ("EWR",), "sao paulo": ("VCP",), "sidney": ("SYD",),
    "cingapura": ("SIN",),
}
