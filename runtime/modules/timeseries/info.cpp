// Decoder of typedis::timeseries::info (TS.INFO), both protocols.
#include "typedis/timeseries/info.hpp"

#include <string_view>

#include "typedis/error.hpp"
#include "typedis/timeseries/sample.hpp"

namespace typedis {

namespace {

using std::chrono::milliseconds;

std::chrono::system_clock::time_point decode_time(resp::reply_cursor& cursor) {
  long long ms = 0;
  decode_into(cursor, ms);
  return timeseries::detail::time_from_millis(ms);
}

milliseconds decode_duration(resp::reply_cursor& cursor) {
  long long ms = 0;
  decode_into(cursor, ms);
  return milliseconds(ms);
}

// Calls on_field(name) for every name/value pair of a RESP3 map or RESP2 flat array; on_field
// decodes the value (or skips it).
template <class OnField>
void for_each_field(resp::reply_cursor& cursor, std::string_view expected, OnField&& on_field) {
  const resp::node& head = detail::aggregate(cursor, expected);
  if (head.size % 2 != 0) detail::throw_mismatch(expected, head, cursor);
  for (std::size_t i = 0; i < head.size; i += 2) {
    std::string name;
    decode_into(cursor, name);
    on_field(std::string_view(name));
  }
}

// The rule's values after its key: bucket duration, aggregator, and (since 1.8) alignment.
void decode_rule_values(resp::reply_cursor& cursor, std::size_t count, timeseries::compaction_rule& rule,
                        const resp::node& head) {
  if (count < 2 || count > 3) detail::throw_mismatch("compaction rule", head, cursor);
  rule.bucket_duration = decode_duration(cursor);
  decode_into(cursor, rule.aggregator);
  if (count == 3) rule.alignment = decode_duration(cursor);
}

void decode_rules(resp::reply_cursor& cursor, std::vector<timeseries::compaction_rule>& out) {
  out.clear();
  const resp::node& head = detail::aggregate(cursor, "compaction rules");
  if (head.type == resp::type::map) {  // RESP3: dest key -> [duration, aggregator, alignment]
    for (std::size_t i = 0; i < head.size; i += 2) {
      timeseries::compaction_rule& rule = out.emplace_back();
      decode_into(cursor, rule.dest_key);
      const resp::node& values = detail::aggregate(cursor, "compaction rule");
      if (values.type == resp::type::map) detail::throw_mismatch("compaction rule", values, cursor);
      decode_rule_values(cursor, values.size, rule, values);
    }
    return;
  }
  for (std::size_t i = 0; i < head.size; ++i) {  // RESP2: [dest key, duration, aggregator, alignment]
    timeseries::compaction_rule& rule = out.emplace_back();
    const resp::node& values = detail::aggregate(cursor, "compaction rule");
    if (values.type == resp::type::map || values.size == 0) detail::throw_mismatch("compaction rule", values, cursor);
    decode_into(cursor, rule.dest_key);
    decode_rule_values(cursor, values.size - 1, rule, values);
  }
}

void decode_chunk(resp::reply_cursor& cursor, timeseries::chunk_info& out) {
  for_each_field(cursor, "chunk (map)", [&](std::string_view name) {
    if (name == "startTimestamp") {
      out.start_timestamp = decode_time(cursor);
    } else if (name == "endTimestamp") {
      out.end_timestamp = decode_time(cursor);
    } else if (name == "samples") {
      decode_into(cursor, out.samples);
    } else if (name == "size") {
      decode_into(cursor, out.size);
    } else if (name == "bytesPerSample") {
      decode_into(cursor, out.bytes_per_sample);
    } else {
      cursor.skip();
    }
  });
}

}  // namespace

void decoder<timeseries::info>::decode(resp::reply_cursor& cursor, timeseries::info& out) {
  enum : unsigned { total = 1, memory = 2, first = 4, last = 8, retention = 16, count = 32, size = 64 };
  unsigned seen = 0;
  for_each_field(cursor, "TS.INFO (map)", [&](std::string_view name) {
    if (name == "totalSamples") {
      decode_into(cursor, out.total_samples);
      seen |= total;
    } else if (name == "memoryUsage") {
      decode_into(cursor, out.memory_usage);
      seen |= memory;
    } else if (name == "firstTimestamp") {
      out.first_timestamp = decode_time(cursor);
      seen |= first;
    } else if (name == "lastTimestamp") {
      out.last_timestamp = decode_time(cursor);
      seen |= last;
    } else if (name == "retentionTime") {
      out.retention_time = decode_duration(cursor);
      seen |= retention;
    } else if (name == "chunkCount") {
      decode_into(cursor, out.chunk_count);
      seen |= count;
    } else if (name == "chunkSize") {
      decode_into(cursor, out.chunk_size);
      seen |= size;
    } else if (name == "chunkType") {
      decode_into(cursor, out.chunk_type);
    } else if (name == "duplicatePolicy") {
      decode_into(cursor, out.duplicate_policy);
    } else if (name == "labels") {
      if (cursor.peek().type == resp::type::null) {  // documented: "Array reply or Nil reply"
        cursor.next();
        out.labels.clear();
      } else {
        decode_into(cursor, out.labels);
      }
    } else if (name == "sourceKey") {
      decode_into(cursor, out.source_key);
    } else if (name == "rules") {
      decode_rules(cursor, out.rules);
    } else if (name == "ignoreMaxTimeDiff") {
      out.ignore_max_time_diff = decode_duration(cursor);
    } else if (name == "ignoreMaxValDiff") {
      out.ignore_max_val_diff.emplace();
      decode_into(cursor, *out.ignore_max_val_diff);
    } else if (name == "keySelfName") {
      decode_into(cursor, out.key_self_name);
    } else if (name == "Chunks") {
      out.chunks.clear();
      const resp::node& head = detail::aggregate(cursor, "chunks (array)");
      if (head.type == resp::type::map) detail::throw_mismatch("chunks (array)", head, cursor);
      for (std::size_t i = 0; i < head.size; ++i) decode_chunk(cursor, out.chunks.emplace_back());
    } else {
      cursor.skip();
    }
  });
  constexpr unsigned required = total | memory | first | last | retention | count | size;
  if ((seen & required) != required) throw decode_error("TS.INFO reply with every required field", "fields missing");
}

}  // namespace typedis
