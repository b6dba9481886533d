#include "places/names.h"

#include <unordered_map>

#include "places/regions.h"

namespace contrail::places {
namespace {

// Grouped by the metro or region a name is about, in the airport table's order.
// clang-format off
constexpr PlaceName kNames[] = {
    // Hawaii
    {"HNL", "hawaii", "Hawaii"}, {"HNL", "hawaiian islands", "Hawaii"}, {"HNL", "oahu", "Oahu"},
    {"HNL", "waikiki", "Waikiki"}, {"HNL", "daniel k inouye", "", kMentionOnly},
    {"OGG", "kahului"}, {"OGG", "lahaina", "Lahaina"}, {"OGG", "kaanapali", "", kMentionOnly},
    {"KOA", "big island", "Big Island"}, {"KOA", "the big island", "Big Island", kMatchOnly},
    {"KOA", "kailua kona"},
    {"LIH", "lihue"},
    // United States
    {"LAS", "vegas"}, {"LAS", "sin city"}, {"LAS", "nevada", "Nevada", kMatchOnly},
    {"LAS", "harry reid", "", kMentionOnly}, {"LAS", "mccarran", "", kMentionOnly},
    {"LAS", "the strip", "", kMentionOnly}, {"LAS", "las vegas strip", "", kMentionOnly},
    {"LAX", "LA", "", kUpperOnly}, {"LAX", "socal"}, {"LAX", "hollywood", "Hollywood"},
    {"LAX", "l a", "", kUpperOnly}, {"LAX", "santa monica", "", kMentionOnly},
    {"LAX", "los angeles international", "", kMentionOnly},
    {"LAX", "venice beach", "", kMentionOnly}, {"LAX", "malibu", "", kMentionOnly},
    {"LAX", "beverly hills", "", kMentionOnly},
    {"SAN", "la jolla", "", kMentionOnly},
    {"SFO", "SF", "", kUpperOnly}, {"SFO", "san fran"}, {"SFO", "bay area"},
    {"SFO", "frisco", "", kMentionOnly}, {"SFO", "golden gate", "", kMentionOnly},
    {"SFO", "san francisco international", "", kMentionOnly},
    {"SNA", "anaheim", "Anaheim"}, {"SNA", "disneyland", "Disneyland"},
    {"SNA", "john wayne", "", kMentionOnly}, {"SNA", "newport beach", "", kMentionOnly},
    {"SJC", "silicon valley", "", kMentionOnly},
    {"PSP", "coachella", "", kMentionOnly},
    {"FAT", "yosemite", "Yosemite"},
    {"PHX", "arizona", "Arizona", kMatchOnly}, {"PHX", "scottsdale", "", kMentionOnly},
    {"PHX", "sky harbor", "", kMentionOnly},
    {"FLG", "grand canyon", "Grand Canyon"}, {"FLG", "sedona", "Sedona"},
    {"SEA", "sea tac", "", kMentionOnly}, {"SEA", "seatac", "", kMentionOnly},
    {"SLC", "utah", "Utah", kMatchOnly}, {"SLC", "salt lake", "", kMentionOnly},
    {"SLC", "park city", "", kMentionOnly}, {"SLC", "zion", "", kMentionOnly},
    {"SLC", "moab", "", kMentionOnly},
    {"DEN", "colorado", "Colorado", kMatchOnly}, {"DEN", "mile high city", "", kMentionOnly},
    {"ASE", "snowmass", "", kMentionOnly},
    {"EGE", "beaver creek", "", kMentionOnly},
    {"JAC", "jackson wyoming", "", kMentionOnly}, {"JAC", "grand teton", "", kMentionOnly},
    {"BZN", "yellowstone", "Yellowstone"}, {"BZN", "big sky", "", kMentionOnly},
    {"ANC", "alaska", "Alaska"}, {"ANC", "denali", "", kMentionOnly},
    {"ABQ", "new mexico", "New Mexico"}, {"ABQ", "santa fe", "", kMentionOnly},
    {"DFW", "fort worth", "", kMentionOnly}, {"DFW", "dallas fort worth", "", kMentionOnly},
    {"DFW", "love field", "", kMentionOnly},
    {"IAH", "bush intercontinental", "", kMentionOnly}, {"IAH", "hobby", "", kMentionOnly},
    {"CHI", "CHI", "", kMentionOnly}, {"CHI", "ohare", "", kMentionOnly},
    {"CHI", "o hare", "", kMentionOnly}, {"CHI", "midway", "", kMentionOnly},
    {"CHI", "windy city", "", kMentionOnly},
    {"MSP", "st paul", "", kMentionOnly}, {"MSP", "twin cities", "", kMentionOnly},
    {"STL", "saint louis"},
    {"BNA", "music city", "", kMentionOnly},
    {"MEM", "graceland", "", kMentionOnly},
    {"MSY", "nola"}, {"MSY", "big easy", "", kMentionOnly},
    {"MSY", "french quarter", "", kMentionOnly},
    {"ATL", "hartsfield", "", kMentionOnly},
    {"RDU", "durham", "", kMentionOnly},
    {"MCO", "disney world", "Walt Disney World"}, {"MCO", "walt disney world", "Walt Disney World"},
    {"MCO", "epcot", "", kMentionOnly}, {"MCO", "universal orlando", "", kMentionOnly},
    {"MIA", "miami beach", "", kMentionOnly}, {"MIA", "south beach", "", kMentionOnly},
    {"FLL", "ft lauderdale", "", kMentionOnly},
    {"TPA", "st pete", "", kMentionOnly}, {"TPA", "clearwater", "", kMentionOnly},
    {"RSW", "sanibel", "", kMentionOnly},
    {"PBI", "palm beach", "", kMentionOnly},
    {"EYW", "florida keys", "", kMentionOnly}, {"EYW", "the keys", "", kMentionOnly},
    {"FL", "florida", "Florida"},
    {"CA", "california", "California"}, {"CA", "cali", "", kMentionOnly},
    {"EWR", "new jersey", "New Jersey", kMatchOnly}, {"NYC", "NYC"}, {"NYC", "new york city"},
    {"NYC", "manhattan", "Manhattan"}, {"NYC", "brooklyn", "Brooklyn"},
    {"NYC", "big apple", "", kMentionOnly}, {"NYC", "the big apple", "", kMentionOnly},
    {"NYC", "john f kennedy", "", kMentionOnly}, {"NYC", "kennedy airport", "", kMentionOnly},
    {"NYC", "laguardia", "", kMentionOnly}, {"NYC", "la guardia", "", kMentionOnly},
    {"NYC", "newark liberty", "", kMentionOnly}, {"NYC", "times square", "", kMentionOnly},
    {"NYC", "central park", "", kMentionOnly}, {"NYC", "statue of liberty", "", kMentionOnly},
    {"NYC", "queens", "", kMentionOnly},
    {"BOS", "logan", "", kMentionOnly}, {"BOS", "cape cod", "", kMentionOnly},
    {"PHL", "philly"},
    {"WAS", "washington dc"}, {"WAS", "washington", "", kMatchOnly}, {"WAS", "dc"},
    {"WAS", "WAS", "", kMentionOnly}, {"WAS", "d c", "", kMentionOnly},
    {"WAS", "dulles", "", kMentionOnly}, {"WAS", "reagan national", "", kMentionOnly},
    {"BUF", "niagara falls", "Niagara Falls"}, {"BUF", "niagara", "", kMentionOnly},
    {"SJU", "puerto rico", "Puerto Rico"},
    {"USA", "usa", "", kMentionOnly}, {"USA", "united states", "", kMentionOnly},
    {"USA", "america", "", kMentionOnly}, {"USA", "the states", "", kMentionOnly},
    {"USA", "u s", "", kMentionOnly}, {"USA", "u s a", "", kMentionOnly},
    // Canada
    {"YTO", "YTZ", "", kMentionOnly}, {"YTO", "YTO", "", kMentionOnly},
    {"YTO", "pearson", "", kMentionOnly},
    {"YVR", "whistler", "", kMentionOnly},
    {"YUL", "montréal"},
    {"YQB", "quebec", "", kMentionOnly},
    {"YYC", "banff", "Banff"}, {"YYC", "lake louise", "", kMentionOnly},
    {"YYC", "jasper", "", kMentionOnly},
    {"CAN", "canada", "", kMentionOnly},
    // Mexico, the Caribbean, Central and South America
    {"CUN", "cancún"}, {"CUN", "tulum", "Tulum"}, {"CUN", "playa del carmen", "Playa del Carmen"},
    {"CUN", "riviera maya", "Riviera Maya"}, {"CUN", "cozumel", "", kMentionOnly},
    {"CUN", "yucatan", "", kMentionOnly},
    {"SJD", "cabo"}, {"SJD", "cabo san lucas"},
    {"MEX", "cdmx"}, {"MEX", "ciudad de mexico", "", kMentionOnly},
    {"MX", "mexico", "Mexico"},
    {"NAS", "bahamas", "the Bahamas"}, {"NAS", "the bahamas", "the Bahamas"},
    {"MBJ", "jamaica", "Jamaica"}, {"MBJ", "KIN", "", kMentionOnly},
    {"MBJ", "kingston", "", kMentionOnly}, {"MBJ", "negril", "", kMentionOnly},
    {"PUJ", "dominican republic", "Dominican Republic"}, {"PUJ", "SDQ", "", kMentionOnly},
    {"PUJ", "santo domingo", "", kMentionOnly},
    {"HAV", "cuba", "Cuba"},
    {"SJO", "costa rica", "Costa Rica"}, {"SJO", "san josé costa rica", "", kMentionOnly},
    {"SJO", "liberia costa rica", "", kMentionOnly},
    {"PTY", "panama", "", kMentionOnly},
    {"BOG", "bogotá"}, {"BOG", "colombia", "", kMentionOnly}, {"BOG", "medellin", "", kMentionOnly},
    {"LIM", "peru", "Peru"},
    {"CUZ", "machu picchu", "Machu Picchu"}, {"CUZ", "cuzco"},
    {"CUZ", "sacred valley", "", kMentionOnly},
    {"UIO", "ecuador", "", kMentionOnly},
    {"GPS", "galapagos"}, {"GPS", "galápagos"},
    {"RIO", "rio"}, {"RIO", "brazil", "Brazil"}, {"RIO", "SDU", "", kMentionOnly},
    {"RIO", "copacabana", "", kMentionOnly}, {"RIO", "ipanema", "", kMentionOnly},
    {"SAO", "são paulo"}, {"SAO", "CGH", "", kMentionOnly},
    {"BUE", "argentina", "Argentina"}, {"BUE", "AEP", "", kMentionOnly},
    {"BUE", "BUE", "", kMentionOnly}, {"BUE", "patagonia", "", kMentionOnly},
    {"SCL", "chile", "Chile"},
    // Europe
    {"LON", "uk", "the UK"}, {"LON", "united kingdom", "the UK"}, {"LON", "england", "England"},
    {"LON", "britain", "Britain"}, {"LON", "STN", "", kMentionOnly},
    {"LON", "LTN", "", kMentionOnly}, {"LON", "LCY", "", kMentionOnly},
    {"LON", "LON", "", kMentionOnly}, {"LON", "heathrow", "", kMentionOnly},
    {"LON", "gatwick", "", kMentionOnly}, {"LON", "stansted", "", kMentionOnly},
    {"LON", "luton", "", kMentionOnly}, {"LON", "big ben", "", kMentionOnly},
    {"LON", "buckingham palace", "", kMentionOnly}, {"LON", "great britain", "", kMentionOnly},
    {"EDI", "scotland", "Scotland"}, {"EDI", "highlands", "", kMentionOnly},
    {"DUB", "ireland", "Ireland"},
    {"PAR", "france", "France"}, {"PAR", "PAR", "", kMentionOnly},
    {"PAR", "charles de gaulle", "", kMentionOnly}, {"PAR", "orly", "", kMentionOnly},
    {"PAR", "eiffel tower", "", kMentionOnly}, {"PAR", "louvre", "", kMentionOnly},
    {"PAR", "montmartre", "", kMentionOnly},
    {"NCE", "french riviera", "the French Riviera"}, {"NCE", "côte d azur", "", kMentionOnly},
    {"NCE", "cote d azur", "", kMentionOnly}, {"NCE", "cannes", "", kMentionOnly},
    {"NCE", "monaco", "", kMentionOnly},
    {"AMS", "netherlands", "the Netherlands"}, {"AMS", "holland", "Holland"},
    {"AMS", "schiphol", "", kMentionOnly},
    {"BRU", "belgium", "Belgium"}, {"BRU", "bruges", "", kMentionOnly},
    {"FRA", "germany", "Germany"},
    {"MUC", "münchen"}, {"MUC", "bavaria", "", kMentionOnly},
    {"MUC", "oktoberfest", "", kMentionOnly},
    {"ZRH", "switzerland", "Switzerland"}, {"ZRH", "zürich"},
    {"ZRH", "swiss alps", "", kMentionOnly}, {"ZRH", "zermatt", "", kMentionOnly},
    {"GVA", "chamonix", "", kMentionOnly},
    {"VIE", "austria", "Austria"}, {"VIE", "wien", "", kMentionOnly},
    {"INN", "tyrol", "", kMentionOnly},
    {"PRG", "czech republic", "Czech Republic"}, {"PRG", "czechia", "Czechia"},
    {"PRG", "praha", "", kMentionOnly},
    {"BUD", "hungary", "Hungary"},
    {"KRK", "cracow"}, {"KRK", "kraków"},
    {"WAW", "poland", "Poland"},
    {"CPH", "denmark", "Denmark"},
    {"STO", "sweden", "Sweden"}, {"STO", "STO", "", kMentionOnly},
    {"OSL", "norway", "Norway"},
    {"BGO", "fjords", "the fjords"}, {"BGO", "the fjords", "", kMentionOnly},
    {"HEL", "finland", "Finland"}, {"HEL", "lapland", "", kMentionOnly},
    {"KEF", "iceland", "Iceland"}, {"KEF", "reykjavík"}, {"KEF", "blue lagoon", "", kMentionOnly},
    {"LIS", "portugal", "Portugal"}, {"LIS", "lisboa", "", kMentionOnly},
    {"LIS", "sintra", "", kMentionOnly},
    {"OPO", "oporto", "", kMentionOnly},
    {"FAO", "algarve", "the Algarve"}, {"FAO", "the algarve", "the Algarve"},
    {"MAD", "spain", "Spain"},
    {"BCN", "catalonia", "", kMentionOnly}, {"BCN", "sagrada familia", "", kMentionOnly},
    {"AGP", "costa del sol", "Costa del Sol"}, {"AGP", "málaga"},
    {"AGP", "marbella", "", kMentionOnly},
    {"PMI", "mallorca", "Mallorca"}, {"PMI", "majorca", "Mallorca"}, {"PMI", "palma"},
    {"SVQ", "sevilla"}, {"SVQ", "andalusia", "", kMentionOnly},
    {"TFS", "canary islands", "the Canary Islands"}, {"TFS", "canaries", "", kMentionOnly},
    {"TFS", "gran canaria", "", kMentionOnly}, {"TFS", "lanzarote", "", kMentionOnly},
    {"ROM", "italy", "Italy"}, {"ROM", "CIA", "", kMentionOnly}, {"ROM", "ROM", "", kMentionOnly},
    {"ROM", "roma", "", kMentionOnly}, {"ROM", "vatican", "", kMentionOnly},
    {"ROM", "colosseum", "", kMentionOnly},
    {"MIL", "LIN", "", kMentionOnly}, {"MIL", "MIL", "", kMentionOnly},
    {"MIL", "milano", "", kMentionOnly}, {"MIL", "lake como", "", kMentionOnly},
    {"VCE", "venezia", "", kMentionOnly},
    {"FLR", "tuscany", "Tuscany"}, {"FLR", "firenze", "", kMentionOnly},
    {"NAP", "amalfi coast", "the Amalfi Coast"}, {"NAP", "amalfi", "the Amalfi Coast"},
    {"NAP", "pompeii", "Pompeii"}, {"NAP", "napoli", "", kMentionOnly},
    {"NAP", "capri", "", kMentionOnly}, {"NAP", "positano", "", kMentionOnly},
    {"ATH", "greece", "Greece"}, {"ATH", "acropolis", "", kMentionOnly},
    {"JTR", "oia", "", kMentionOnly},
    {"HER", "crete", "Crete"},
    {"DBV", "croatia", "Croatia"},
    {"SPU", "hvar", "", kMentionOnly},
    {"MLA", "valletta", "", kMentionOnly},
    {"IST", "turkey", "Turkey", kCapitalized | kMatchOnly}, {"IST", "türkiye", "Türkiye"},
    {"IST", "SAW", "", kMentionOnly}, {"IST", "turkey", "", kMentionOnly},
    {"IST", "cappadocia", "", kMentionOnly},
    {"EUR", "europe", "", kMentionOnly}, {"EUR", "european", "", kMentionOnly},
    {"EUR", "schengen", "", kMentionOnly}, {"EUR", "schengen area", "", kMentionOnly},
    // Middle East and Africa
    {"DXB", "uae"}, {"DXB", "united arab emirates", "", kMentionOnly},
    {"DOH", "qatar", "Qatar"},
    {"TLV", "israel", "Israel"}, {"TLV", "jerusalem", "", kMentionOnly},
    {"CAI", "egypt", "Egypt"}, {"CAI", "pyramids", "the Pyramids"},
    {"CAI", "giza", "", kMentionOnly}, {"CAI", "luxor", "", kMentionOnly},
    {"RAK", "morocco", "Morocco"}, {"RAK", "marrakesh"},
    {"CPT", "south africa", "South Africa", kMatchOnly},
    {"CPT", "table mountain", "", kMentionOnly},
    {"JNB", "kruger", "Kruger"}, {"JNB", "joburg", "", kMentionOnly},
    {"JNB", "south africa", "", kMentionOnly},
    {"NBO", "kenya", "Kenya"}, {"NBO", "masai mara", "", kMentionOnly},
    {"NBO", "maasai mara", "", kMentionOnly},
    {"ZNZ", "tanzania", "Tanzania"}, {"ZNZ", "JRO", "", kMentionOnly},
    {"ZNZ", "kilimanjaro", "", kMentionOnly}, {"ZNZ", "serengeti", "", kMentionOnly},
    {"AFR", "africa", "", kMentionOnly}, {"AFR", "african", "", kMentionOnly},
    // Asia
    {"TYO", "japan", "Japan"}, {"TYO", "tokio"}, {"TYO", "TYO", "", kMentionOnly},
    {"TYO", "haneda", "", kMentionOnly}, {"TYO", "narita", "", kMentionOnly},
    {"TYO", "shinjuku", "", kMentionOnly}, {"TYO", "shibuya", "", kMentionOnly},
    {"TYO", "mount fuji", "", kMentionOnly}, {"TYO", "mt fuji", "", kMentionOnly},
    {"OSA", "kyoto", "Kyoto"}, {"OSA", "ITM", "", kMentionOnly}, {"OSA", "OSA", "", kMentionOnly},
    {"OSA", "nara", "", kMentionOnly},
    {"SEL", "korea", "South Korea"}, {"SEL", "south korea", "South Korea"},
    {"SEL", "GMP", "", kMentionOnly}, {"SEL", "SEL", "", kMentionOnly},
    {"SEL", "incheon", "", kMentionOnly},
    {"BJS", "china", "China"}, {"BJS", "PKX", "", kMentionOnly}, {"BJS", "BJS", "", kMentionOnly},
    {"BJS", "peking", "", kMentionOnly}, {"BJS", "great wall", "", kMentionOnly},
    {"SHA", "SHA", "", kMentionOnly},
    {"TPE", "taiwan", "Taiwan"},
    {"SIN", "changi", "", kMentionOnly},
    {"KUL", "malaysia", "Malaysia"}, {"KUL", "langkawi", "", kMentionOnly},
    {"KUL", "penang", "", kMentionOnly},
    {"BKK", "thailand", "Thailand"}, {"BKK", "DMK", "", kMentionOnly},
    {"BKK", "suvarnabhumi", "", kMentionOnly},
    {"HKT", "krabi", "", kMentionOnly}, {"HKT", "koh samui", "", kMentionOnly},
    {"HKT", "phi phi", "", kMentionOnly},
    {"DPS", "indonesia", "Indonesia"}, {"DPS", "denpasar"}, {"DPS", "ubud", "Ubud"},
    {"DPS", "seminyak", "", kMentionOnly}, {"DPS", "uluwatu", "", kMentionOnly},
    {"DPS", "canggu", "", kMentionOnly}, {"DPS", "kuta", "", kMentionOnly},
    {"SGN", "vietnam", "Vietnam"}, {"SGN", "saigon"}, {"SGN", "ho chi minh", "", kMentionOnly},
    {"HAN", "ha long bay", "Ha Long Bay"}, {"HAN", "halong bay", "", kMentionOnly},
    {"MNL", "philippines", "the Philippines"},
    {"CEB", "boracay", "", kMentionOnly}, {"CEB", "palawan", "", kMentionOnly},
    {"CEB", "el nido", "", kMentionOnly},
    {"DEL", "india", "India"}, {"DEL", "new delhi"}, {"DEL", "agra", "", kMentionOnly},
    {"DEL", "taj mahal", "", kMentionOnly}, {"DEL", "jaipur", "", kMentionOnly},
    {"BOM", "bombay"},
    {"GOI", "GOX", "", kMentionOnly},
    {"MLE", "male maldives", "", kMentionOnly},
    {"CMB", "sri lanka", "Sri Lanka"},
    {"KTM", "nepal", "Nepal"}, {"KTM", "everest", "", kMentionOnly},
    {"KTM", "everest base camp", "", kMentionOnly}, {"KTM", "annapurna", "", kMentionOnly},
    {"ASIA", "asia", "", kMentionOnly}, {"ASIA", "asian", "", kMentionOnly},
    {"ASIA", "southeast asia", "", kMentionOnly}, {"ASIA", "south east asia", "", kMentionOnly},
    // Oceania
    {"SYD", "australia", "Australia"}, {"SYD", "bondi", "", kMentionOnly},
    {"CNS", "great barrier reef", "the Great Barrier Reef"},
    {"AKL", "new zealand", "New Zealand"},
    {"NAN", "fiji", "Fiji"},
    {"PPT", "tahiti", "Tahiti"}, {"PPT", "bora bora", "Bora Bora"},
    {"PPT", "french polynesia", "French Polynesia"},
};
// clang-format on

// The first airport and the first destination of each metro, in table order.
class Metros {
 public:
  Metros() {
    for (const Airport& airport : Airports()) {
      if (airport.metro.empty()) continue;
      first_.emplace(airport.metro, &airport);
      if (airport.flags & kDestination) first_destination_.emplace(airport.metro, &airport);
    }
  }
  const Airport* First(std::string_view metro) const { return Find(first_, metro); }
  const Airport* FirstDestination(std::string_view metro) const {
    return Find(first_destination_, metro);
  }

 private:
  using Index = std::unordered_map<std::string_view, const Airport*>;
  static const Airport* Find(const Index& index, std::string_view metro) {
    auto it = index.find(metro);
    return it == index.end() ? nullptr : it->second;
  }

  Index first_;
  Index first_destination_;
};

const Metros& TheMetros() {
  static const Metros metros;
  return metros;
}

}  // namespace

std::span<const PlaceName> PlaceNames() { return kNames; }

const Airport* DestinationOf(std::string_view place) {
  if (const Airport* airport = FindAirport(place)) {
    return (airport->flags & kDestination) ? airport : nullptr;
  }
  if (const Airport* airport = TheMetros().FirstDestination(place)) return airport;
  const Region* region = FindRegion(place);
  return region && !region->airport.empty() ? DestinationOf(region->airport) : nullptr;
}

Mention MentionOf(std::string_view place) {
  if (const Airport* airport = FindAirport(place)) return {airport->metro, airport->area};
  if (const Airport* airport = TheMetros().First(place)) return {airport->metro, airport->area};
  if (const Region* region = FindRegion(place)) return {region->key, region->area};
  return {};
}

}  // namespace contrail::places
