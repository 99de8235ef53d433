/// @file
/// typedis::timeseries::label: a label of a series as TS.MGET / TS.MRANGE report it: its name and
/// value. The value is empty (std::nullopt) under SELECTED_LABELS when the series lacks that label
/// (or, with GROUPBY, when the grouped series disagree on it).
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace typedis::timeseries {

using label = std::pair<std::string, std::optional<std::string>>;

/// The value of the label `name` among `labels`: nullptr when the reply has no such label, an empty
/// optional when the server reported it as null.
inline const std::optional<std::string>* label_value(const std::vector<label>& labels, std::string_view name) {
  const auto it = std::find_if(labels.begin(), labels.end(), [&](const label& l) { return l.first == name; });
  return it == labels.end() ? nullptr : &it->second;
}

}  // namespace typedis::timeseries
