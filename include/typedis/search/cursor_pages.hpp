/// @file
/// All pages of an FT.AGGREGATE cursor:
///
///   for (const typedis::search::aggregate_page& page :
///        typedis::search::pages(r, "idx", r.ft_aggregate_withcursor("idx", "*", {.count = 100}))) {
///     for (const auto& row : page.result.rows) ...
///   }
///
/// The first page is the reply of FT.AGGREGATE ... WITHCURSOR; each step after it sends
/// FT.CURSOR READ index cursor_id [COUNT read_size] until the server answers cursor id 0. Works with
/// every executor whose execute() returns the reply itself (typedis::client,
/// typedis::pinned_connection), not with pipelines or transactions, whose replies come later.
/// Leaving the loop early leaves the server's cursor open until its MAXIDLE: call
/// r.ft_cursor_del(index, page.cursor_id) to free it at once.
#pragma once

#include <cstddef>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "typedis/generated/search.hpp"
#include "typedis/search/aggregate_page.hpp"

namespace typedis::search {

template <class Executor>
concept cursor_executor = requires(Executor& e, std::string_view index, long long id) {
  { e.execute(typedis::cmd::ft_cursor_read(index, id)) } -> std::convertible_to<aggregate_page>;
};

/// A single-pass range: begin() may be called once.
template <cursor_executor Executor>
class cursor_pages {
 public:
  cursor_pages(Executor& executor, std::string index, aggregate_page first, std::optional<long long> read_size = {})
      : executor_(&executor), index_(std::move(index)), page_(std::move(first)), read_size_(read_size) {}

  class iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = aggregate_page;
    using difference_type = std::ptrdiff_t;
    using pointer = const aggregate_page*;
    using reference = const aggregate_page&;

    iterator() = default;
    reference operator*() const { return owner_->page_; }
    pointer operator->() const { return &owner_->page_; }
    iterator& operator++() {
      if (!owner_->advance()) owner_ = nullptr;
      return *this;
    }
    void operator++(int) { ++*this; }
    friend bool operator==(const iterator& it, std::default_sentinel_t) noexcept { return it.owner_ == nullptr; }

   private:
    friend class cursor_pages;
    explicit iterator(cursor_pages* owner) : owner_(owner) {}
    cursor_pages* owner_ = nullptr;
  };

  iterator begin() { return iterator(this); }
  std::default_sentinel_t end() const noexcept { return {}; }

 private:
  /// Reads the next page; false when the cursor was exhausted.
  bool advance() {
    if (page_.cursor_id == 0) return false;
    typedis::cmd::ft_cursor_read_options options;
    options.count = read_size_;
    page_ = executor_->execute(typedis::cmd::ft_cursor_read(index_, page_.cursor_id, options));
    return true;
  }

  Executor* executor_;
  std::string index_;
  aggregate_page page_;
  std::optional<long long> read_size_;
};

template <cursor_executor Executor>
cursor_pages<Executor> pages(Executor& executor, std::string_view index, aggregate_page first,
                             std::optional<long long> read_size = {}) {
  return cursor_pages<Executor>(executor, std::string(index), std::move(first), read_size);
}

}  // namespace typedis::search
