// libFuzzer target: one reply parsed from the input, then decoded into every decoder family: scalars,
// containers, variants, resp::value, JSON, every named reply struct of the generated API (the list
// is read from generated/include/typedis/generated/replies.hpp at configure time) and the module
// reply types, the request-dependent ones (FT.SEARCH layouts, TS.MRANGE reducers) under several
// requests. A decoder may only accept, or throw decode_error (a shape it does not take) or
// server_error (an error reply inside); anything else escaping (std::length_error, a JSON library
// exception, out_of_range) or a crash is a finding.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <typeinfo>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "fuzz_support.hpp"
#include "typedis/modules.hpp"
#include "typedis/resp/parser.hpp"
#include "typedis/typedis.hpp"

namespace {

using typedis::resp::reply_cursor;

std::string wire(std::initializer_list<std::string_view> words) {
  std::string out = "*" + std::to_string(words.size()) + "\r\n";
  for (std::string_view w : words) {
    out += "$" + std::to_string(w.size()) + "\r\n";
    out.append(w);
    out += "\r\n";
  }
  return out;
}

// Requests whose words change how some module replies are read.
const std::vector<std::string>& requests() {
  static const std::vector<std::string> all = {
      std::string{},
      wire({"FT.SEARCH", "i", "q"}),
      wire({"FT.SEARCH", "i", "q", "NOCONTENT", "WITHSCORES", "WITHPAYLOADS", "WITHSORTKEYS", "EXPLAINSCORE"}),
      wire({"FT.SEARCH", "i", "q", "RETURN", "0"}),
      wire({"FT.SEARCH", "i", "q", "RETURN", "2", "a", "b", "WITHSCORES"}),
      wire({"FT.PROFILE", "i", "SEARCH", "QUERY", "q", "WITHSCORES"}),
      wire({"TS.MRANGE", "-", "+", "FILTER", "a=b", "GROUPBY", "l", "REDUCE", "max"}),
      "*3\r\n$9\r\nFT.SEARCH\r\n$1\r\ni\r\n$99\r\nq",  // a request cut short
  };
  return all;
}

// Decodes one element into T from a fresh copy of the cursor; returns whether it was accepted.
template <class T>
void attempt(const reply_cursor& start) {
  auto c = start;
  try {
    T out = typedis::decode<T>(c);
    (void)out;
  } catch (const typedis::decode_error&) {
  } catch (const typedis::server_error&) {
  } catch (const std::exception& e) {
    typedis_fuzz::broken(typeid(T).name(), e.what());
  }
}

template <class... Ts>
void attempt_all(const reply_cursor& start) {
  (attempt<Ts>(start), ...);
}

void decode_everything(const reply_cursor& cursor) {
  using namespace typedis;
  // scalars
  attempt_all<std::string, long long, int, std::int8_t, unsigned, std::uint64_t, double, float, bool,
              std::chrono::seconds, std::chrono::milliseconds, ok, ignore_t, resp::value>(cursor);
  // optionals and containers
  attempt_all<std::optional<std::string>, std::optional<long long>, std::optional<double>, std::vector<std::string>,
              std::vector<std::optional<std::string>>, std::vector<long long>, std::vector<bool>, std::vector<double>,
              std::vector<std::vector<std::string>>, std::set<std::string>, std::map<std::string, std::string>,
              std::map<std::string, double>, std::unordered_map<std::string, long long>,
              std::vector<std::pair<std::string, double>>, std::pair<std::string, std::string>,
              std::tuple<std::string, long long, std::optional<double>>,
              std::map<std::string, std::vector<std::pair<std::string, std::string>>>>(cursor);
  // variants
  attempt_all<std::variant<long long, std::string>, std::variant<double, std::vector<std::pair<std::string, double>>, bool>,
              std::variant<std::vector<std::string>, std::map<std::string, long long>, long long>>(cursor);
  attempt<nlohmann::json>(cursor);
  // every named reply struct of the generated API
#define TYPEDIS_FUZZ_REPLY(name) attempt<typedis::reply::name>(cursor);
#include "fuzz_reply_types.inc"
#undef TYPEDIS_FUZZ_REPLY
  // module types
  attempt_all<redisjson::matches, redisjson::types, timeseries::add_result, timeseries::info, timeseries::sample,
              std::optional<timeseries::sample>, std::vector<timeseries::sample>, timeseries::last_sample,
              std::vector<timeseries::last_sample>, timeseries::sample_time, vectorset::attributed_elements,
              vectorset::scored_attributed_elements, vectorset::scored_elements, search::aggregate_result,
              search::aggregate_page, search::spellcheck_result, search::hybrid_result, search::aggregate_profile>(cursor);
  for (const std::string& request : requests()) {
    auto c = cursor;
    c.set_request(request);
    attempt_all<search::search_result, search::search_profile, timeseries::series, std::vector<timeseries::series>>(c);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string buffer(reinterpret_cast<const char*>(data), size);  // the parser merges chunks in place
  typedis::resp::parser p(typedis_fuzz::small_limits());
  try {
    if (p.feed(buffer.data(), buffer.size()) != typedis::resp::parser::status::done) return 0;
  } catch (const typedis::protocol_error&) {
    return 0;
  }
  decode_everything(reply_cursor(p.nodes(), buffer.data()));
  return 0;
}
