"""Countries and international organisations in French and English: data only.

A name typed in a highlight that the registry does not know gets its kind guessed
(`entities.guess_kind`); these lists make "Iran", "Russie" or "OTAN" a country or an
organisation instead of a person. Names are written as people type them (accents,
apostrophes), one per line; callers fold them with `normalization.normalize_name`.
"""

# Words that make a name an organisation's rather than a person's ("Ministère des Armées").
ORGANISATION_WORDS = """
agence agency armée army assemblée assembly association banque bank comité committee
commission conseil council cour court département department fondation foundation
gouvernement government groupe institut institute ministère ministry office
organisation organization parlement parliament parti party sénat senate service
syndicat union université university
"""

COUNTRIES = """
Afghanistan
Afrique du Sud
South Africa
Albanie
Albania
Algérie
Algeria
Allemagne
Germany
Andorre
Andorra
Angola
Antigua-et-Barbuda
Antigua and Barbuda
Arabie saoudite
Saudi Arabia
Argentine
Argentina
Arménie
Armenia
Australie
Australia
Autriche
Austria
Azerbaïdjan
Azerbaijan
Bahamas
Bahreïn
Bahrain
Bangladesh
Barbade
Barbados
Belgique
Belgium
Belize
Bénin
Benin
Bhoutan
Bhutan
Biélorussie
Bélarus
Belarus
Birmanie
Myanmar
Burma
Bolivie
Bolivia
Bosnie-Herzégovine
Bosnia and Herzegovina
Botswana
Brésil
Brazil
Brunei
Bulgarie
Bulgaria
Burkina Faso
Burundi
Cambodge
Cambodia
Cameroun
Cameroon
Canada
Cap-Vert
Cape Verde
Centrafrique
République centrafricaine
Central African Republic
Chili
Chile
Chine
China
Chypre
Cyprus
Colombie
Colombia
Comores
Comoros
Congo
République démocratique du Congo
RDC
Democratic Republic of the Congo
DRC
Corée du Nord
North Korea
Corée du Sud
South Korea
Corée
Korea
Costa Rica
Côte d'Ivoire
Ivory Coast
Croatie
Croatia
Cuba
Danemark
Denmark
Djibouti
Dominique
Dominica
République dominicaine
Dominican Republic
Égypte
Egypt
Émirats arabes unis
United Arab Emirates
EAU
UAE
Équateur
Ecuador
Érythrée
Eritrea
Espagne
Spain
Estonie
Estonia
Eswatini
États-Unis
Etats-Unis
United States
United States of America
USA
US
Éthiopie
Ethiopia
Fidji
Fiji
Finlande
Finland
France
Gabon
Gambie
Gambia
Géorgie
Georgia
Ghana
Grèce
Greece
Grenade
Grenada
Guatemala
Guinée
Guinea
Guinée-Bissau
Guinea-Bissau
Guinée équatoriale
Equatorial Guinea
Guyana
Haïti
Haiti
Honduras
Hongrie
Hungary
Inde
India
Indonésie
Indonesia
Irak
Iraq
Iran
Irlande
Ireland
Islande
Iceland
Israël
Israel
Italie
Italy
Jamaïque
Jamaica
Japon
Japan
Jordanie
Jordan
Kazakhstan
Kenya
Kirghizistan
Kyrgyzstan
Kiribati
Kosovo
Koweït
Kuwait
Laos
Lesotho
Lettonie
Latvia
Liban
Lebanon
Liberia
Libye
Libya
Liechtenstein
Lituanie
Lithuania
Luxembourg
Macédoine du Nord
North Macedonia
Madagascar
Malaisie
Malaysia
Malawi
Maldives
Mali
Malte
Malta
Maroc
Morocco
Îles Marshall
Marshall Islands
Maurice
Mauritius
Mauritanie
Mauritania
Mexique
Mexico
Micronésie
Micronesia
Moldavie
Moldova
Monaco
Mongolie
Mongolia
Monténégro
Montenegro
Mozambique
Namibie
Namibia
Nauru
Népal
Nepal
Nicaragua
Niger
Nigeria
Norvège
Norway
Nouvelle-Zélande
New Zealand
Oman
Ouganda
Uganda
Ouzbékistan
Uzbekistan
Pakistan
Palaos
Palau
Palestine
Panama
Papouasie-Nouvelle-Guinée
Papua New Guinea
Paraguay
Pays-Bas
Netherlands
Pérou
Peru
Philippines
Pologne
Poland
Portugal
Qatar
Roumanie
Romania
Royaume-Uni
United Kingdom
UK
Grande-Bretagne
Great Britain
Britain
Russie
Russia
Fédération de Russie
Russian Federation
Rwanda
Saint-Kitts-et-Nevis
Saint Kitts and Nevis
Sainte-Lucie
Saint Lucia
Saint-Marin
San Marino
Saint-Vincent-et-les-Grenadines
Saint Vincent and the Grenadines
Salomon
Solomon Islands
Salvador
El Salvador
Samoa
Sao Tomé-et-Principe
São Tomé and Príncipe
Sénégal
Senegal
Serbie
Serbia
Seychelles
Sierra Leone
Singapour
Singapore
Slovaquie
Slovakia
Slovénie
Slovenia
Somalie
Somalia
Soudan
Sudan
Soudan du Sud
South Sudan
Sri Lanka
Suède
Sweden
Suisse
Switzerland
Suriname
Syrie
Syria
Tadjikistan
Tajikistan
Taïwan
Taiwan
Tanzanie
Tanzania
Tchad
Chad
Tchéquie
République tchèque
Czech Republic
Czechia
Thaïlande
Thailand
Timor oriental
East Timor
Timor-Leste
Togo
Tonga
Trinité-et-Tobago
Trinidad and Tobago
Tunisie
Tunisia
Turkménistan
Turkmenistan
Turquie
Turkey
Türkiye
Tuvalu
Ukraine
Uruguay
Vanuatu
Vatican
Saint-Siège
Holy See
Venezuela
Viêt Nam
Vietnam
Viet Nam
Yémen
Yemen
Zambie
Zambia
Zimbabwe
"""

ORGANISATIONS = """
ONU
Organisation des Nations unies
Nations unies
UN
United Nations
Conseil de sécurité
Security Council
OTAN
NATO
Alliance atlantique
UE
Union européenne
EU
European Union
Commission européenne
European Commission
Parlement européen
European Parliament
Conseil européen
European Council
BCE
Banque centrale européenne
ECB
European Central Bank
AIEA
Agence internationale de l'énergie atomique
IAEA
International Atomic Energy Agency
AIE
Agence internationale de l'énergie
IEA
International Energy Agency
OPEP
OPEP+
OPEC
OPEC+
OMS
Organisation mondiale de la santé
WHO
World Health Organization
OMC
Organisation mondiale du commerce
WTO
World Trade Organization
FMI
Fonds monétaire international
IMF
International Monetary Fund
Banque mondiale
World Bank
OCDE
OECD
OSCE
Conseil de l'Europe
Council of Europe
Union africaine
African Union
UA
AU
Ligue arabe
Arab League
ASEAN
ANASE
G7
G20
BRICS
OCS
Organisation de coopération de Shanghai
SCO
Shanghai Cooperation Organisation
CEDEAO
ECOWAS
Mercosur
CPI
Cour pénale internationale
ICC
International Criminal Court
CIJ
Cour internationale de justice
ICJ
International Court of Justice
UNESCO
UNICEF
HCR
UNHCR
Haut-Commissariat des Nations unies pour les réfugiés
PAM
Programme alimentaire mondial
WFP
World Food Programme
FAO
OIAC
OPCW
Interpol
Europol
Frontex
CICR
Comité international de la Croix-Rouge
ICRC
Croix-Rouge
Red Cross
Amnesty International
Human Rights Watch
Médecins sans frontières
MSF
Reporters sans frontières
RSF
OIF
Francophonie
Organisation internationale de la francophonie
Commonwealth
CEI
Communauté des États indépendants
CIS
OTSC
CSTO
Union économique eurasiatique
Eurasian Economic Union
OCI
Organisation de la coopération islamique
OIC
Conseil de coopération du Golfe
Gulf Cooperation Council
CCG
GCC
"""
