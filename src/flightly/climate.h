#pragma once
// Typical weather by climate and month: the offline model's answer to "what's the weather like
// in X in March?". These are climate normals written for travellers, not forecasts.

#include <string_view>

#include "flightly/gazetteer.h"

namespace contrail::flightly {

// A sentence fragment for the place in that month, e.g. "the driest, sunniest season, highs
// 85–88 °F (29–31 °C) cooled by trade winds". Static storage. REQUIRES: 1 <= month <= 12.
std::string_view TypicalWeather(const Place& place, int month);

// A few words for lists of ideas, e.g. "warm and sunny". REQUIRES: 1 <= month <= 12.
std::string_view WeatherInBrief(const Place& place, int month);

}  // namespace contrail::flightly
