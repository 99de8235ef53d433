// expect: no match for .+operator=.+ \(operand types are .+typedis::arg_range<long long int>.+ and .+const std::vector<double>.+\)
// A range of doubles for an integer list argument would be truncated silently (WEIGHTS 1 0 for
// {1, 0.5} when ZUNION's weights were integers): arg_range<long long> refuses it.
#include <vector>

#include "typedis/typedis.hpp"

void double_range_for_integers() {
  const std::vector<double> ids{1.5, 2.5};
  typedis::cmd::client_list_options options;
  options.id = ids;
  (void)typedis::cmd::client_list(options);
}
