// The airport table's part for the Middle East and Africa (airport_parts.h).
#include "places/airport_parts.h"

namespace contrail::places::parts {
namespace {

using enum Climate;

// clang-format off
constexpr Airport kAirports[] = {
    {"DXB", "Dubai", "United Arab Emirates", "AE", "", "DXB", "united arab emirates",
     "Dubai International Airport", 25.2528, 55.3644, "Asia/Dubai",
     kDestination, kDesert, kCity | kBeach | kFamily | kFood, Months(11, 3)},
    {"AUH", "Abu Dhabi", "United Arab Emirates", "AE", "", "AUH", "united arab emirates",
     "Zayed International Airport", 24.4330, 54.6511, "Asia/Dubai",
     kDestination, kDesert, kCity | kThemeParks | kFamily, Months(11, 3)},
    {"DOH", "Doha", "Qatar", "QA", "", "DOH", "qatar",
     "Hamad International Airport", 25.2731, 51.6081, "Asia/Qatar",
     kDestination | kCodeIsWordInMentions, kDesert, kCity, Months(11, 3)},
    {"TLV", "Tel Aviv", "Israel", "IL", "", "TLV", "israel",
     "Ben Gurion Airport", 32.0114, 34.8867, "Asia/Jerusalem",
     kDestination, kMediterranean, kBeach | kCity | kFood | kNightlife,
     Months(4, 6) | Months(9, 11)},
    {"AMM", "Amman", "Jordan", "JO", "", "", "",
     "Queen Alia International Airport", 31.7226, 35.9932, "Asia/Amman",
     0},
    {"CAI", "Cairo", "Egypt", "EG", "", "CAI", "egypt",
     "Cairo International Airport", 30.1219, 31.4056, "Africa/Cairo",
     kDestination, kDesert, kCulture, Months(10, 4)},
    {"RAK", "Marrakech", "Morocco", "MA", "", "RAK", "morocco",
     "Marrakesh Menara Airport", 31.6069, -8.0363, "Africa/Casablanca",
     kDestination, kDesert, kCulture | kFood, Months(3, 5) | Months(9, 11)},
    {"CMN", "Casablanca", "Morocco", "MA", "", "", "",
     "Mohammed V International Airport", 33.3675, -7.5900, "Africa/Casablanca",
     0},
    {"CPT", "Cape Town", "South Africa", "ZA", "", "CPT", "south africa",
     "Cape Town International Airport", -33.9648, 18.6017, "Africa/Johannesburg",
     kDestination, kMediterranean, kOutdoors | kFood | kBeach | kWildlife, Months(11, 3)},
    {"JNB", "Johannesburg", "South Africa", "ZA", "", "JNB", "south africa",
     "O. R. Tambo International Airport", -26.1392, 28.2460, "Africa/Johannesburg",
     kDestination, kHighland, kCity | kWildlife, Months(5, 9)},
    {"NBO", "Nairobi", "Kenya", "KE", "", "NBO", "kenya",
     "Jomo Kenyatta International Airport", -1.3192, 36.9275, "Africa/Nairobi",
     kDestination, kHighland, kWildlife | kOutdoors, Months(7, 10) | Months(1, 2)},
    {"ADD", "Addis Ababa", "Ethiopia", "ET", "", "", "",
     "Addis Ababa Bole International Airport", 8.9779, 38.7993, "Africa/Addis_Ababa",
     0},
    {"ZNZ", "Zanzibar", "Tanzania", "TZ", "", "ZNZ", "tanzania",
     "Abeid Amani Karume International Airport", -6.2220, 39.2249, "Africa/Dar_es_Salaam",
     kDestination, kTropicalSouth, kBeach | kRomance, Months(6, 10)},
    {"MRU", "Mauritius", "Mauritius", "MU", "", "MRU", "mauritius",
     "Sir Seewoosagur Ramgoolam International Airport", -20.4302, 57.6836, "Indian/Mauritius",
     kDestination, kTropicalSouth, kBeach | kRomance | kFamily, Months(5, 12)},
    {"SEZ", "Seychelles", "Seychelles", "SC", "", "SEZ", "seychelles",
     "Seychelles International Airport", -4.6743, 55.5218, "Indian/Mahe",
     kDestination | kCodeIsWordWhenMatching, kEquatorial, kBeach | kRomance,
     Months(4, 5) | Months(10, 11)},
};
// clang-format on

}  // namespace

std::span<const Airport> MiddleEastAndAfricanAirports() { return kAirports; }

}  // namespace contrail::places::parts
