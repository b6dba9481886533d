#include "flightly/offline/activities.h"

namespace contrail::flightly::offline {
namespace {

using enum Cost;

// Grouped by place; each place's rows are contiguous. Ages and costs are cautious.
constexpr Activity kActivities[] = {
    {"HNL", "Hanauma Bay: calm, shallow snorkelling in a marine preserve; book entry online", 5,
     kBeach | kOutdoors | kWildlife, kLow},
    {"HNL",
     "Diamond Head summit trail: a short, steep hike with stairs and big views over "
     "Waikiki; reserve entry",
     6, kOutdoors, kLow},
    {"HNL", "Waikiki Beach: gentle waves for paddling, plus beginner surf lessons", 0,
     kBeach | kFamily, kFree},
    {"HNL",
     "Manoa Falls trail: an easy rainforest walk to a waterfall — muddy, so wear good "
     "shoes",
     4, kOutdoors, kLow},
    {"HNL",
     "Makapu'u Point Lighthouse trail: a paved, stroller-friendly path with whale "
     "watching in winter",
     0, kOutdoors | kWildlife, kFree},
    {"HNL", "Ko Olina lagoons: protected, calm water that suits small children", 0,
     kBeach | kFamily, kFree},
    {"HNL", "Honolulu Zoo and the Waikiki Aquarium, side by side at Kapiolani Park", 0,
     kFamily | kWildlife, kLow},
    {"HNL",
     "Pearl Harbor National Memorial and the USS Arizona Memorial program; reserve "
     "ahead",
     7, kCulture, kFree},
    {"HNL", "Kualoa Ranch: jungle, movie-site and horseback tours on the windward coast", 6,
     kOutdoors | kFamily, kPaid},
    {"HNL",
     "Polynesian Cultural Center on the North Shore: island villages, canoe rides and a "
     "luau",
     0, kCulture | kFamily, kPaid},
    {"OGG",
     "Road to Hana: waterfalls, black-sand beaches and short rainforest walks; a full "
     "day's drive",
     0, kOutdoors, kFree},
    {"OGG",
     "Haleakala National Park: sunrise above the clouds and crater trails; sunrise "
     "needs a reservation",
     6, kOutdoors, kLow},
    {"OGG", "Baldwin and Kaanapali beaches for swimming and sunsets", 0, kBeach | kFamily, kFree},
    {"OGG", "Maui Ocean Center aquarium", 0, kFamily | kWildlife, kLow},
    {"OGG", "Snorkelling at Molokini Crater by boat", 6, kBeach | kWildlife, kPaid},
    {"OGG", "Whale watching, December to April", 4, kWildlife, kPaid},
    {"KOA", "Hawaii Volcanoes National Park: craters, lava tubes and steam vents", 5, kOutdoors,
     kLow},
    {"KOA", "Kahaluu Beach Park: easy snorkelling with sea turtles", 5, kBeach | kWildlife, kFree},
    {"KOA", "Punaluu black-sand beach, where turtles bask", 0, kBeach | kWildlife, kFree},
    {"KOA", "A Kona coffee farm tour", 0, kFood | kCulture, kLow},
    {"KOA", "Night snorkel with manta rays off the Kona coast", 8, kWildlife | kBeach, kPaid},
    {"LIH", "Waimea Canyon lookouts, 'the Grand Canyon of the Pacific'", 0, kOutdoors, kLow},
    {"LIH", "Poipu Beach: calm swimming, snorkelling and resting monk seals", 0,
     kBeach | kWildlife | kFamily, kFree},
    {"LIH", "Hanalei Bay for sand, swimming and sunsets", 0, kBeach | kFamily, kFree},
    {"LIH", "Wailua River kayak and hike to Secret Falls", 8, kOutdoors, kPaid},
    {"LIH", "The Na Pali Coast by boat", 6, kOutdoors | kWildlife, kPaid},
    {"LAS", "Red Rock Canyon: a scenic drive and easy hikes 30 minutes from the Strip", 0,
     kOutdoors, kLow},
    {"LAS", "Valley of Fire State Park: red sandstone and short trails", 0, kOutdoors, kLow},
    {"LAS", "Free sights on the Strip: the Bellagio fountains and conservatory", 0, kFamily | kCity,
     kFree},
    {"LAS", "Shark Reef Aquarium at Mandalay Bay", 0, kFamily | kWildlife, kPaid},
    {"LAS", "The Neon Museum's boneyard of old Vegas signs", 0, kCulture, kLow},
    {"LAS", "Hoover Dam and its visitor center", 0, kCulture | kOutdoors, kLow},
    {"LAS", "A Cirque du Soleil show", 5, kNightlife, kPaid},
    {"MCO", "Walt Disney World's four theme parks", 0, kThemeParks | kFamily, kPaid},
    {"MCO", "Universal Orlando, where some rides have height limits for small children", 3,
     kThemeParks | kFamily, kPaid},
    {"MCO", "Kennedy Space Center Visitor Complex, about an hour east", 4, kCulture | kFamily,
     kPaid},
    {"MCO", "Swimming in the spring at Wekiwa Springs State Park", 0, kOutdoors | kFamily, kLow},
    {"MCO", "Gatorland", 0, kWildlife | kFamily, kPaid},
    {"MCO", "Disney Springs for free browsing, food and evening entertainment", 0, kFood | kFamily,
     kFree},
    {"LAX", "Santa Monica Pier and beach", 0, kBeach | kFamily, kFree},
    {"LAX", "Griffith Observatory and the trails with Hollywood Sign views", 0,
     kOutdoors | kCulture, kFree},
    {"LAX", "California Science Center and the Space Shuttle Endeavour", 0, kCulture | kFamily,
     kFree},
    {"LAX", "The Getty Center: art, gardens and views; free entry, paid parking", 0, kCulture,
     kFree},
    {"LAX", "Disneyland Resort in Anaheim", 0, kThemeParks | kFamily, kPaid},
    {"LAX", "Universal Studios Hollywood", 3, kThemeParks, kPaid},
    {"SAN", "La Jolla Cove: sea lions, tide pools and kayaking", 0, kBeach | kWildlife | kOutdoors,
     kFree},
    {"SAN", "Coronado Beach", 0, kBeach | kFamily, kFree},
    {"SAN", "Balboa Park's museums and gardens", 0, kCulture | kOutdoors, kFree},
    {"SAN", "Torrey Pines State Natural Reserve trails", 5, kOutdoors, kLow},
    {"SAN", "San Diego Zoo in Balboa Park", 0, kWildlife | kFamily, kPaid},
    {"SAN", "USS Midway Museum", 4, kCulture | kFamily, kPaid},
    {"SFO", "Walk or bike across the Golden Gate Bridge", 6, kOutdoors, kFree},
    {"SFO", "Golden Gate Park: gardens, playgrounds and the California Academy of Sciences", 0,
     kFamily | kOutdoors, kLow},
    {"SFO", "Muir Woods redwoods across the bridge; reservation needed", 0, kOutdoors, kLow},
    {"SFO", "The Exploratorium, a hands-on science museum", 3, kFamily | kCulture, kPaid},
    {"SFO", "Alcatraz Island; book well ahead", 6, kCulture, kPaid},
    {"SFO", "The Ferry Building food market", 0, kFood, kLow},
    {"JFK", "Central Park: playgrounds, the zoo and rowing boats", 0, kOutdoors | kFamily, kFree},
    {"JFK", "Walk the Brooklyn Bridge and the High Line", 0, kCity | kOutdoors, kFree},
    {"JFK", "The Staten Island Ferry for free Statue of Liberty views", 0, kCity | kFamily, kFree},
    {"JFK", "American Museum of Natural History", 0, kCulture | kFamily, kPaid},
    {"JFK", "The Metropolitan Museum of Art", 0, kCulture, kPaid},
    {"JFK", "A Broadway show", 6, kNightlife | kCulture, kPaid},
    {"CDG", "Jardin du Luxembourg: playgrounds, puppet shows and toy sailboats", 0,
     kFamily | kOutdoors, kFree},
    {"CDG", "Montmartre and Sacré-Cœur", 0, kCulture | kCity, kFree},
    {"CDG", "The Eiffel Tower with timed tickets, and a picnic on the Champ de Mars", 0,
     kCity | kRomance, kLow},
    {"CDG", "A Seine river cruise", 0, kCity | kRomance, kLow},
    {"CDG", "The Louvre — go early or on a late-opening evening", 6, kCulture, kPaid},
    {"CDG", "Cité des Sciences, a hands-on science museum", 2, kFamily | kCulture, kPaid},
    {"CDG", "A day trip to Versailles", 6, kCulture, kPaid},
    {"LHR", "Free national museums: Natural History, Science and the British Museum", 0,
     kCulture | kFamily, kFree},
    {"LHR", "Hyde Park and Kensington Gardens, with the Diana Memorial Playground", 0,
     kOutdoors | kFamily, kFree},
    {"LHR", "Borough Market for food", 0, kFood, kLow},
    {"LHR", "The Tower of London and Tower Bridge", 5, kCulture, kPaid},
    {"LHR", "The London Eye", 0, kCity, kPaid},
    {"LHR", "A West End show", 6, kNightlife | kCulture, kPaid},
    {"FCO", "Trevi Fountain, the Pantheon and gelato in the old centre", 0,
     kCity | kFood | kRomance, kFree},
    {"FCO", "Villa Borghese gardens: bikes, rowing boats and the Bioparco zoo", 0,
     kOutdoors | kFamily, kLow},
    {"FCO", "The Colosseum and Roman Forum; book timed entry", 6, kCulture, kPaid},
    {"FCO", "The Vatican Museums and St. Peter's Basilica", 8, kCulture, kPaid},
    {"FCO", "A pasta-making class", 6, kFood, kPaid},
    {"HND", "Senso-ji temple in Asakusa", 0, kCulture, kFree},
    {"HND", "Shibuya Crossing and Harajuku", 0, kCity, kFree},
    {"HND", "Ueno Park and Ueno Zoo", 0, kFamily | kOutdoors, kLow},
    {"HND", "Tsukiji Outer Market food stalls", 0, kFood, kLow},
    {"HND", "A day trip to Mount Takao or Hakone for hiking and views", 5, kOutdoors, kLow},
    {"HND", "teamLab's digital art museums", 0, kCulture | kFamily, kPaid},
    {"HND", "Tokyo Disneyland and DisneySea", 0, kThemeParks | kFamily, kPaid},
    {"CUN", "Isla Mujeres by ferry: calm beaches and snorkelling", 0, kBeach | kFamily, kLow},
    {"CUN", "A swim in a cenote, a natural sinkhole", 5, kOutdoors, kLow},
    {"CUN", "Chichén Itzá, or Tulum's seaside Maya ruins", 5, kCulture, kPaid},
    {"CUN", "Snorkelling the reef at Puerto Morelos", 6, kBeach | kWildlife, kPaid},
    {"CUN", "The Xcaret or Xel-Há eco-parks", 0, kThemeParks | kFamily, kPaid},
    {"DPS", "Beaches at Sanur and Nusa Dua, with calmer water for children", 0, kBeach | kFamily,
     kFree},
    {"DPS", "Ubud: rice terraces, the Sacred Monkey Forest and craft villages", 0,
     kCulture | kOutdoors, kLow},
    {"DPS", "Uluwatu Temple and the sunset Kecak dance", 0, kCulture, kLow},
    {"DPS", "Snorkelling at Amed or Nusa Penida", 6, kBeach | kWildlife, kPaid},
    {"DPS", "A sunrise hike up Mount Batur", 10, kOutdoors, kPaid},
    {"MIA", "South Beach and the Art Deco district", 0, kBeach | kCity, kFree},
    {"MIA", "Wynwood Walls street art", 0, kCulture, kFree},
    {"MIA", "Little Havana: food, music and Domino Park", 0, kFood | kCulture, kFree},
    {"MIA", "Everglades National Park by airboat or tram", 0, kWildlife | kOutdoors, kPaid},
    {"MIA", "Biscayne National Park snorkelling or kayaking", 6, kBeach | kOutdoors, kPaid},
    {"MIA", "Zoo Miami", 0, kWildlife | kFamily, kPaid},
    {"DEN", "Red Rocks Park and Amphitheatre trails", 0, kOutdoors, kFree},
    {"DEN", "Rocky Mountain National Park, about 90 minutes away; timed entry in summer", 0,
     kOutdoors | kWildlife, kLow},
    {"DEN", "Denver Museum of Nature & Science", 0, kCulture | kFamily, kPaid},
    {"DEN", "Denver Zoo in City Park", 0, kFamily | kWildlife, kPaid},
    {"DEN", "Skiing at Winter Park or the I-70 resorts in winter", 4, kSki, kPaid},
    {"SEA", "Pike Place Market", 0, kFood | kCity, kFree},
    {"SEA", "The ferry to Bainbridge Island", 0, kOutdoors, kLow},
    {"SEA", "A day trip to Mount Rainier National Park", 0, kOutdoors, kLow},
    {"SEA", "The Space Needle and Pacific Science Center", 0, kCity | kFamily, kPaid},
    {"SEA", "Seattle Aquarium", 0, kFamily | kWildlife, kPaid},
    {"BCN", "Barceloneta beach", 0, kBeach, kFree},
    {"BCN", "La Boqueria market and tapas in the Gothic Quarter", 0, kFood, kLow},
    {"BCN", "Park Güell", 0, kCulture | kOutdoors, kLow},
    {"BCN", "CosmoCaixa science museum", 0, kFamily | kCulture, kLow},
    {"BCN", "The Sagrada Família; book ahead", 0, kCulture, kPaid},
    {"DCA", "The Smithsonian museums on the National Mall, all free", 0, kCulture | kFamily, kFree},
    {"DCA", "The Smithsonian's National Zoo, also free", 0, kFamily | kWildlife, kFree},
    {"DCA", "The monuments on foot or by bike, lovely at night", 6, kCity, kFree},
    {"DCA", "A US Capitol tour; book ahead", 8, kCulture, kFree},
    {"DCA", "Hikes at Great Falls Park", 6, kOutdoors, kLow},
    {"ORD", "Millennium Park and Cloud Gate, 'The Bean'", 0, kCity, kFree},
    {"ORD", "Lincoln Park Zoo, free", 0, kFamily | kWildlife, kFree},
    {"ORD", "Navy Pier and the lakefront trail", 0, kOutdoors | kFamily, kFree},
    {"ORD", "Museum of Science and Industry", 0, kFamily | kCulture, kPaid},
    {"ORD", "An architecture river cruise", 6, kCulture | kCity, kPaid},
};

constexpr Activity kGeneric[] = {
    {"", "A beach day — pick a lifeguarded beach and check the flags", 0, kBeach, kFree},
    {"", "An easy hike or a big park on the edge of town", 0, kOutdoors, kFree},
    {"", "A walking tour of the centre", 0, kCity, kFree},
    {"", "The main museums and the old town", 0, kCulture, kLow},
    {"", "A food market or a street-food tour", 0, kFood, kLow},
    {"", "A zoo, aquarium or science museum", 0, kFamily | kWildlife, kLow},
    {"", "A theme park day", 0, kThemeParks, kPaid},
    {"", "Ski or snowboard lessons; most ski schools take children from about 4", 4, kSki, kPaid},
    {"", "A wildlife tour with a licensed guide", 0, kWildlife, kPaid},
    {"", "A sunset dinner with a view", 0, kRomance, kPaid},
    {"", "An evening show or live music", 0, kNightlife, kPaid},
};

}  // namespace

std::span<const Activity> ActivitiesFor(const Place& place) {
  std::span<const Activity> all(kActivities);
  std::size_t first = 0;
  while (first < all.size() && all[first].code != place.code) ++first;
  std::size_t last = first;
  while (last < all.size() && all[last].code == place.code) ++last;
  return all.subspan(first, last - first);
}

std::span<const Activity> GenericActivities() { return kGeneric; }

std::string_view CostName(Cost cost) {
  switch (cost) {
    case kFree: return "free";
    case kLow: return "low cost";
    case kPaid: return "paid tickets";
  }
  return "paid tickets";
}

}  // namespace contrail::flightly::offline
