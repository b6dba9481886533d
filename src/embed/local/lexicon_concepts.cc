#include "embed/local/lexicon.h"

namespace contrail::embed::lexicon {
namespace {

// Weights: activities and topics a question is about are strongest (1.6-1.8); modifiers that many
// questions share (price, onboard, destination) are weaker, so they do not pull unrelated questions
// together. A phrase in two rows adds both concepts ("hand luggage" is baggage and carry-on).
constexpr ConceptRow kConcepts[] = {
    // Baggage and what goes in it.
    {"baggage", 1.3f,
     "luggage|baggage|bag|suitcase|checked bag|checked luggage|hold luggage|"
     "the hold|hand luggage|hand baggage|cabin bag|cabin baggage|carry on bag|missing luggage|"
     "missing bag|missing suitcase|missing baggage|lost luggage|lost bag|lost baggage|valise|"
     "trolley"},
    {"carry_on", 1.5f,
     "carry on|carryon|hand luggage|hand baggage|cabin bag|cabin baggage|"
     "carry on bag|overhead bin|overhead locker|overhead compartment|backpack|rucksack|"
     "personal item|under seat bag"},
    {"size", 1.2f,
     "size|dimension|measurement|how big|fit|maximum size|too big|oversized|cm|inch|"
     "centimetre|centimeter|length|width"},
    {"weight", 1.2f, "weight|overweight|heavy|kg|kilo|kilogram|lbs|pound weight|weigh|too heavy"},
    {"lost", 1.5f,
     "lost|lose|missing luggage|missing bag|missing suitcase|missing baggage|"
     "never arrived|didnt arrive|did not arrive|never showed up|show up|showed up|mishandled|"
     "carousel|baggage claim|delayed bag|delayed baggage|delayed luggage|damaged|stolen|"
     "left behind"},
    {"price", 1.0f,
     "price|fare|cost|how much|expensive|pricey|pay|fee|charge|surcharge|airfare|"
     "rate|penalty"},
    {"extra", 0.9f, "extra|additional|excess|another|second bag|more than"},
    {"liquids", 1.6f,
     "liquid|toiletry|toiletries|shampoo|toothpaste|lotion|ml|gel|aerosol|"
     "perfume|bottle|cosmetics|sunscreen|3 1 1"},
    {"security", 1.4f,
     "security|tsa|screening|security line|security check|checkpoint|scanner|"
     "x ray|metal detector|precheck|pre check"},
    {"sports_gear", 1.5f,
     "surfboard|golf club|golf clubs|golf bag|bike|bicycle|ski equipment|"
     "skis|ski bag|sports equipment|sporting equipment|equipment|gear|scuba gear|fishing rod|"
     "kayak"},
    // Animals.
    {"pet", 1.5f,
     "pet|dog|cat|puppy|kitten|animal|pet carrier|pet friendly|dog friendly|"
     "service dog|service animal|support animal|assistance animal|assistance dog|guide dog|"
     "emotional support|rabbit|bird|hamster"},
    {"service_animal", 1.6f,
     "service dog|service animal|emotional support|support animal|"
     "assistance animal|assistance dog|guide dog|esa|psychiatric service"},
    // Where things happen.
    {"onboard", 0.8f,
     "onboard|on board|aboard|in flight|inflight|during the flight|on the plane|"
     "on the flight|in the air|while flying|cabin|in the cabin|on my flight"},
    {"airport", 0.8f, "airport|terminal|airports"},
    {"hotel", 1.6f,
     "hotel|stay|accommodation|accommodations|lodging|lodge|resort|hostel|motel|"
     "room|bnb|b b|airbnb|ryokan|guesthouse|guest house|place to stay|where to stay|inn|suite|"
     "villa|vacation rental|apartment"},
    {"flight", 0.8f,
     "flight|fly|flying|flier|flyer|plane|airplane|aeroplane|aircraft|airfare|"
     "by air|air travel|airline|airlines|plane ticket|air ticket|airline ticket|nonstop|non stop|"
     "direct flight|jet"},
    {"ticket", 0.9f,
     "ticket|e ticket|eticket|plane ticket|air ticket|airline ticket|booking|"
     "reservation|book|reserve|itinerary"},
    // Changes to a booking.
    {"cancel", 1.6f, "cancel|cancellation|call off|cancelled|canceled|cancelling"},
    {"refund", 1.6f,
     "refund|refundable|money back|reimburse|reimbursement|repay|repayment|"
     "get my money back|non refundable|nonrefundable|credit back|voucher"},
    {"delay", 1.4f,
     "delay|delayed|late|running late|behind schedule|postponed|late arrival|"
     "late departure"},
    {"compensation", 1.5f,
     "compensation|compensate|claim|owed|entitled|entitlement|eu261|eu 261|"
     "261|payout"},
    {"change", 1.3f,
     "change|rebook|reschedule|move|switch|modify|amend|different date|new date|"
     "later flight|earlier flight|change date"},
    {"missed", 1.5f,
     "miss|missed flight|no show|overslept|oversleep|didnt make it|"
     "did not make it|too late"},
    {"status", 1.3f,
     "status|on time|on schedule|running late|departure board|flight tracker|"
     "delayed|still on|leaving on time"},
    {"connection", 1.6f,
     "connection|connecting|layover|stopover|transfer between|change planes|"
     "changing planes|connecting flight|transit|minimum connection time|tight connection|"
     "short connection"},
    {"checkin", 1.6f,
     "check in|checkin|boarding pass|boarding card|online check in|web check in|"
     "mobile check in|bag drop"},
    {"early", 1.1f,
     "early|in advance|ahead of time|beforehand|how early|how long before|"
     "hours before|minutes before|before departure|before takeoff|before my flight|arrive early|"
     "get there"},
    {"departure", 0.9f,
     "departure|depart|departing|takeoff|take off|leave|leaving|gate|boarding|"
     "wheels up"},
    {"queue", 1.4f,
     "queue|wait|waiting|wait time|waiting time|line|security line|"
     "how long does it take|busy|crowded|crowd"},
    // Seats and cabins.
    {"seat", 1.6f,
     "seat|seating|aisle|window seat|aisle seat|middle seat|seat assignment|"
     "seat selection|seat map|sit together|sit next|assigned seat|exit row|bulkhead"},
    {"choose", 0.9f, "choose|pick|select|selection|choice|assign|assignment|prefer|preference"},
    {"legroom", 1.6f,
     "legroom|leg room|exit row|more space|extra space|roomier|roomy|long legs|"
     "tall|stretch out|bulkhead|comfort plus|economy plus|more room|cramped"},
    {"upgrade", 1.6f, "upgrade|upgrading|move up|bump up|cabin upgrade|bid upgrade"},
    {"cabin_class", 1.2f,
     "business class|first class|economy|economy class|premium economy|coach|"
     "business|premium cabin|cabin class|flatbed|lie flat"},
    {"loyalty", 1.6f,
     "mile|miles|point|points|frequent flyer|frequent flier|loyalty|reward|"
     "rewards|reward points|loyalty program|elite status|tier|skymiles|aadvantage|mileageplus|"
     "avios|award"},
    {"balance", 1.0f, "balance|account|total|collected|accumulated|earned|statement"},
    {"lounge", 1.7f,
     "lounge|priority pass|admirals club|club lounge|vip lounge|business lounge|"
     "sky club"},
    {"wifi", 1.7f,
     "wifi|wi fi|internet|get online|go online|be online|connectivity|"
     "stay connected|hotspot|streaming|web access"},
    {"food", 1.6f,
     "meal|food|snack|drink|beverage|eat|eating|vegetarian|vegan|kosher|halal|"
     "gluten free|catering|lunch|dinner|breakfast|serve|special meal|water"},
    {"assistance", 1.6f,
     "wheelchair|assistance|special assistance|reduced mobility|mobility|"
     "disabled|disability|accessible|accessibility|elderly|mobility aid|walker|cane|escort|blind|"
     "deaf"},
    // Who travels.
    {"minor", 1.6f,
     "unaccompanied|unaccompanied minor|minor|alone|by herself|by himself|"
     "by themselves|on their own|on his own|on her own|without a parent|without parents|"
     "without an adult|solo child|year old"},
    {"family", 1.5f,
     "kid|kids|child|children|family|families|toddler|son|daughter|teenager|teen|"
     "little one|little ones|young children|family friendly|kid friendly|child friendly|"
     "youngsters"},
    {"infant", 1.6f,
     "infant|baby|babies|newborn|lap|lap infant|lap child|on my lap|bassinet|"
     "under 2|stroller|pram|car seat"},
    {"pregnant", 1.7f,
     "pregnant|pregnancy|expecting|expectant|weeks pregnant|due date|trimester|"
     "maternity|expecting mother"},
    {"group", 1.6f,
     "group|groups|large party|party of|group booking|group travel|together|people|"
     "team|delegation|family reunion|wedding party|all of us"},
    // Paperwork and contact.
    {"confirmation", 1.6f,
     "confirmation|confirm|confirmation email|itinerary|e ticket|eticket|"
     "receipt|booking reference|confirmation number|resend|send again|never received|"
     "didnt receive|did not receive|not received|email"},
    {"name", 1.6f, "name|names|spelling|misspelled|misspelt|spelled wrong|wrong name|surname"},
    {"correct", 1.2f, "correct|correction|fix|typo|mistake|error|wrong|update|edit"},
    {"contact", 1.6f,
     "contact|customer service|customer support|customer care|support|call|phone|"
     "phone number|talk to|speak to|speak with|agent|human|representative|reach|helpline|hotline|"
     "live chat|complaint"},
    {"discount", 1.2f,
     "discount|deal|promo|promotion|coupon|sale|offer|special offer|group rate|"
     "reduced fare"},
    {"alert", 1.6f,
     "alert|notify|notification|tell me if|tell me when|let me know|track|tracking|"
     "watch|price drop|drop|drops|fare alert|price alert|monitor|keep an eye"},
    {"cheap", 1.6f,
     "cheap|cheaper|cheapest|budget|affordable|inexpensive|low cost|low budget|"
     "low price|bargain|save money|economical|on a budget|not expensive|budget friendly|thrifty|"
     "good value|best price|lowest price|lowest fare"},
    {"insurance", 1.7f,
     "insurance|insured|insure|travel insurance|trip insurance|travel cover|"
     "coverage|travel protection|trip protection|policy cover"},
    {"worth", 0.9f, "worth|worth it|worthwhile|should i buy|recommended|necessary|essential"},
    {"rules", 0.6f,
     "rule|rules|policy|policies|regulation|regulations|restriction|restrictions|"
     "allowed|permitted|allow|limit|limits|allowance|requirement|requirements|required|require|"
     "mandatory|compulsory"},
    {"visa", 1.7f,
     "visa|visas|evisa|e visa|entry requirements|entry|enter|visa free|visa waiver|"
     "esta|eta|entry permit|entry documents|tourist visa|visa on arrival|immigration|border"},
    {"passport", 1.7f,
     "passport|passports|travel document|travel documents|passport validity|"
     "id card|identification"},
    {"valid", 1.4f,
     "valid|validity|expire|expires|expiring|expiration|expiry|expired|renew|"
     "renewal|months left|six months|6 months"},
    {"health", 1.6f,
     "vaccination|vaccinations|vaccine|vaccinated|shots|shot|jab|immunization|"
     "immunisation|yellow fever|malaria|health requirements|health|medical|doctor|inoculation|"
     "travel clinic|medicine|medication"},
    {"wildlife", 1.5f,
     "safari|wildlife|game drive|national park|whale|whales|zoo|"
     "animals in the wild"},
    {"currency", 1.7f,
     "currency|money|cash|exchange|exchange rate|atm|credit card|debit card|"
     "card|pay by card|baht|euro|euros|dollars|yen|pesos|pounds sterling|local money"},
    {"safety", 1.7f,
     "safe|safety|dangerous|danger|crime|criminal|unsafe|risk|risky|scam|scams|"
     "pickpocket|pickpockets|worry|secure|violence|violent|travel advisory|advisory"},
    {"packing", 1.7f,
     "pack|packing|packing list|what to bring|what to wear|clothes|clothing|wear|"
     "dress|outfit|jacket|layers|coat|boots|what to take"},
    // Time of year and weather.
    {"winter_months", 0.8f, "winter|december|january|february|christmas|new year"},
    {"spring_months", 0.8f, "spring|march|april|easter"},
    {"summer_months", 0.8f, "summer|june|july|august|summertime"},
    {"autumn_months", 0.8f, "autumn|fall|september|october|november"},
    {"weather", 1.7f,
     "weather|climate|temperature|temperatures|rain|rainy|raining|rainfall|hot|"
     "cold|warm|humid|humidity|sunny|sun|forecast|degrees|wet|dry season|rainy season|wet season|"
     "monsoon|heat|chilly|freezing|snowy|storm|storms|hurricane|typhoon"},
    {"season", 1.4f,
     "best time|when to visit|when to go|what month|which month|season|month|"
     "time of year|high season|low season|peak season|shoulder season|rainy season|dry season|"
     "wet season|when should i go"},
    // Getting around.
    {"car_rental", 1.7f,
     "rent a car|car rental|rental car|car hire|hire a car|rent|rental|hire|"
     "car|vehicle|drive|driving|suv|convertible"},
    {"ground_transport", 1.5f,
     "taxi|cab|uber|lyft|shuttle|bus|airport transfer|transport|"
     "transportation|transfer|metro|subway|tram|public transport|ride|airport shuttle|airport bus"},
    {"city_centre", 1.1f, "downtown|city centre|city center|centre|center|town centre|old town"},
    {"rail", 1.7f,
     "train|trains|rail|railway|railroad|eurail|interrail|rail pass|high speed rail|"
     "tgv|amtrak|sleeper train|by train"},
    {"jet_lag", 1.8f,
     "jet lag|jetlag|jet lagged|time zone|time zones|timezone|body clock|"
     "circadian|tiredness|tired|exhausted|fatigue|sleep|sleepy|adjust|adjusting|melatonin"},
    // What people go for.
    {"surf", 1.8f,
     "surf|surfing|surfer|wave|waves|break|breaks|swell|surf spot|surf spots|"
     "surf breaks|catch waves|bodyboard|longboard|surf camp|surf lessons|point break|barrel|"
     "barrels"},
    {"nightlife", 1.8f,
     "party|parties|partying|nightlife|night life|club|clubs|clubbing|"
     "nightclub|nightclubs|bar|bars|bar scene|club scene|dancing|dance|pub|pubs|pub crawl|"
     "live music|going out|disco|night out|nights out|dj|rave|cocktail|cocktails|beer"},
    {"beach", 1.8f,
     "beach|beaches|sand|sandy|coast|coastal|shore|seaside|sea|ocean|seashore|"
     "beachfront|sunbathe|sunbathing|swim|swimming|snorkel|snorkeling|lagoon|bay"},
    {"hike", 1.8f,
     "hike|hiking|hiker|trail|trails|trek|trekking|walking|walk|walks|backcountry|"
     "backpacking|climb|climbing|summit|scramble|outdoors|nature walk"},
    {"mountain", 0.9f, "mountain|mountains|alps|alpine|peak|peaks|hill|hills|valley"},
    {"ski", 1.8f,
     "ski|skiing|skier|snowboard|snowboarding|snowboarder|slope|slopes|ski resort|"
     "ski resorts|piste|pistes|apres ski|powder|ski lift|chairlift|snow"},
    {"romantic", 1.8f,
     "romantic|romance|honeymoon|honeymooners|couple|couples|anniversary|"
     "getaway for two|wife|husband|partner|girlfriend|boyfriend|spouse|valentine|date night|"
     "proposal|propose"},
    {"museum", 1.7f,
     "museum|museums|gallery|galleries|art|history|historic|historical|opera|"
     "theatre|theater|architecture|cathedral|castle|palace|monument|ruins|culture|cultural|"
     "heritage"},
    {"theme_park", 1.7f,
     "theme park|theme parks|amusement park|roller coaster|roller coasters|"
     "water park|disney|universal studios|legoland"},
    {"wellness", 1.6f,
     "yoga|wellness|spa|retreat|retreats|meditation|massage|detox|relax|relaxing"},
    {"food_scene", 1.5f,
     "foodie|cuisine|restaurants|restaurant|street food|michelin|gastronomy|"
     "culinary|dining|food tour|wine|tasting"},
    {"destination", 0.8f,
     "destination|destinations|where to go|place to go|places to go|spot|"
     "spots|somewhere|where should i go|recommend|suggest|suggestion|suggestions|idea|ideas"},
    {"getaway", 0.6f,
     "getaway|escape|city break|weekend away|vacation|holiday|holidays|trip|"
     "travel|tour|journey|break away"},
    {"things_to_do", 1.5f,
     "things to do|what to do|things to see|what to see|attraction|"
     "attractions|sightseeing|sights|activity|activities|experience|experiences|tour|tours|"
     "landmark|landmarks|must see|tourist|excursion|excursions|day trip|itinerary ideas|explore"},
};

constexpr std::string_view kStopwords[] = {
    "a",         "about",     "above",      "after",      "again",   "against",  "all",
    "am",        "an",        "and",        "any",        "are",     "as",       "at",
    "be",        "because",   "been",       "before",     "being",   "below",    "between",
    "both",      "but",       "by",         "can",        "could",   "did",      "do",
    "does",      "doing",     "down",       "during",     "each",    "few",      "for",
    "from",      "further",   "had",        "has",        "have",    "having",   "he",
    "her",       "here",      "hers",       "herself",    "him",     "himself",  "his",
    "how",       "i",         "if",         "in",         "into",    "is",       "it",
    "its",       "itself",    "just",       "me",         "more",    "most",     "my",
    "myself",    "no",        "nor",        "not",        "now",     "of",       "off",
    "on",        "once",      "only",       "or",         "other",   "our",      "ours",
    "ourselves", "out",       "over",       "own",        "same",    "she",      "should",
    "so",        "some",      "such",       "than",       "that",    "the",      "their",
    "theirs",    "them",      "themselves", "then",       "there",   "these",    "they",
    "this",      "those",     "through",    "to",         "too",     "under",    "until",
    "up",        "very",      "was",        "we",         "were",    "what",     "when",
    "where",     "which",     "while",      "who",        "whom",    "why",      "will",
    "with",      "would",     "you",        "your",       "yours",   "yourself", "yourselves",
    "im",        "ive",       "id",         "ill",        "youre",   "youve",    "youd",
    "theyre",    "weve",      "dont",       "doesnt",     "didnt",   "cant",     "cannot",
    "wont",      "isnt",      "arent",      "wasnt",      "werent",  "shouldnt", "wouldnt",
    "couldnt",   "hasnt",     "havent",     "hadnt",      "whats",   "wheres",   "hows",
    "thats",     "theres",    "lets",       "please",     "pls",     "thanks",   "thank",
    "hi",        "hello",     "hey",        "ok",         "okay",    "also",     "really",
    "may",       "might",     "must",       "shall",      "want",    "wanna",    "need",
    "like",      "love",      "get",        "got",        "getting", "go",       "going",
    "gonna",     "tell",      "know",       "let",        "take",    "make",     "anyone",
    "someone",   "something", "anything",   "everything", "us",      "one",      "able",
    "possible",  "still",     "yet",        "ever",       "even",    "much",     "many",
    "lot",       "lots",      "there",      "would",      "via",
};

constexpr std::string_view kLightWords[] = {
    "trip",  "travel",   "travelling", "traveling", "vacation", "holiday", "good",   "best",
    "top",   "great",    "nice",       "place",     "way",      "thing",   "option", "idea",
    "bring", "use",      "find",       "time",      "visit",    "new",     "next",   "day",
    "today", "tomorrow", "now",        "help",      "ideas",    "options", "places", "things",
};

}  // namespace

std::span<const ConceptRow> Concepts() { return kConcepts; }
std::span<const std::string_view> Stopwords() { return kStopwords; }
std::span<const std::string_view> LightWords() { return kLightWords; }

}  // namespace contrail::embed::lexicon
