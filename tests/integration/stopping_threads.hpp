// Threads that loop until a stop flag is set, joined however the test ends. A std::thread still
// joinable when an ASSERT returns early or an exception leaves the test body ends the whole process
// ("terminate called without an active exception"), and the failure's own message with it: a
// failed cluster migration in the middle of a load test was unreadable that way.
#pragma once

#include <atomic>
#include <thread>
#include <utility>
#include <vector>

namespace typedis::test {

class stopping_threads {
 public:
  explicit stopping_threads(std::atomic<bool>& stop) : stop_(stop) {}
  ~stopping_threads() { join(); }
  stopping_threads(const stopping_threads&) = delete;
  stopping_threads& operator=(const stopping_threads&) = delete;

  template <class F>
  void add(F&& body) {
    threads_.emplace_back(std::forward<F>(body));
  }
  // Sets the flag and waits for every thread (again: nothing left to wait for).
  void join() {
    stop_ = true;
    for (auto& t : threads_)
      if (t.joinable()) t.join();
  }

 private:
  std::atomic<bool>& stop_;
  std::vector<std::thread> threads_;
};

}  // namespace typedis::test
