// typedis::timeseries::label: a label of a series as TS.MGET / TS.MRANGE report it: its name and
// value. The value is empty (std::nullopt) under SELECTED_LABELS when the series lacks that label
// (or, with GROUPBY, when the grouped series disagree on it).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace typedis::timeseries {

using label = std::pair<std::string, std::optional<std::string>>;

}  // namespace typedis::timeseries
