#include "places/regions.h"

#include <algorithm>

namespace contrail::places {
namespace {

constexpr Region kRegions[] = {
    {"FL", "florida", "MCO"}, {"CA", "california", "LAX"}, {"USA", "usa", ""},
    {"CAN", "canada", ""},    {"MX", "mexico", "MEX"},     {"EUR", "europe", ""},
    {"AFR", "africa", ""},    {"ASIA", "asia", ""},
};

}  // namespace

std::span<const Region> Regions() { return kRegions; }

const Region* FindRegion(std::string_view key) {
  const auto* it = std::find_if(std::begin(kRegions), std::end(kRegions),
                                [key](const Region& region) { return region.key == key; });
  return it == std::end(kRegions) ? nullptr : it;
}

}  // namespace contrail::places
