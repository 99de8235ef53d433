// typedis::scan_range: every element of a SCAN-family iteration as one range, the cursor handled
// inside:
//
//   for (const std::string& key : r.scan_all({.match = "user:*"})) ...
//   for (const auto& [field, value] : r.hscan_all("h")) ...
//   for (const auto& [member, score] : r.zscan_all("z", {.count = 100})) ...
//
// Each page is fetched when the previous one is used up, starting from cursor "0" and stopping
// when the server answers cursor "0"; SCAN's guarantees hold (an element present for the whole
// iteration is returned at least once, possibly more than once). Works with every executor whose
// execute() returns the reply itself (typedis::client, typedis::pinned_connection), not with
// pipelines or transactions. The key is copied into the range (a temporary key outlives the
// statement that built it); like the options of any command, the options refer to the caller's
// strings: keep what `.match` points at alive while iterating. A single-pass range: begin() once.
#pragma once

#include <cstddef>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace typedis {

// Fetch: std::string_view cursor -> std::pair<std::string, std::vector<Element>> (the next cursor
// and one page).
template <class Element, class Fetch>
class scan_range {
 public:
  explicit scan_range(Fetch fetch) : fetch_(std::move(fetch)) {}

  class iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = Element;
    using difference_type = std::ptrdiff_t;
    using pointer = Element*;
    using reference = Element&;

    iterator() = default;
    reference operator*() const { return owner_->page_[owner_->index_]; }
    pointer operator->() const { return &owner_->page_[owner_->index_]; }
    iterator& operator++() {
      if (!owner_->advance()) owner_ = nullptr;
      return *this;
    }
    void operator++(int) { ++*this; }
    friend bool operator==(const iterator& it, std::default_sentinel_t) noexcept { return it.owner_ == nullptr; }

   private:
    friend class scan_range;
    explicit iterator(scan_range* owner) : owner_(owner) {}
    scan_range* owner_ = nullptr;
  };

  iterator begin() { return fill() ? iterator(this) : iterator(); }
  std::default_sentinel_t end() const noexcept { return {}; }

 private:
  // The next element; false at the end.
  bool advance() {
    if (++index_ < page_.size()) return true;
    return fill();
  }

  // Fetches pages until one has elements (the server may answer empty pages) or the cursor is back
  // at "0"; false when nothing is left.
  bool fill() {
    while (!finished_) {
      auto [next, page] = fetch_(std::string_view(cursor_));
      cursor_ = std::move(next);
      finished_ = cursor_ == "0";
      page_ = std::move(page);
      index_ = 0;
      if (!page_.empty()) return true;
    }
    return false;
  }

  Fetch fetch_;
  std::string cursor_ = "0";
  bool finished_ = false;
  std::vector<Element> page_;
  std::size_t index_ = 0;
};

template <class Element, class Fetch>
scan_range<Element, Fetch> make_scan_range(Fetch fetch) {
  return scan_range<Element, Fetch>(std::move(fetch));
}

}  // namespace typedis
