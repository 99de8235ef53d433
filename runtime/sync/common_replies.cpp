// command<T> and the executors' execute<T> for the common reply types, instantiated here once;
// the headers declare them `extern template` so that user translation units do not compile them.
#include "typedis/basic_client.hpp"
#include "typedis/detail/common_replies.hpp"
#include "typedis/pinned_connection.hpp"

namespace typedis {

#define TYPEDIS_COMMAND_CLASS(T) template class command<T>;
TYPEDIS_COMMON_REPLIES(TYPEDIS_COMMAND_CLASS)
#undef TYPEDIS_COMMAND_CLASS

#define TYPEDIS_CLIENT_EXECUTE(T) template T client_base::execute<T>(const typedis::command<T>&, const call_options&);
TYPEDIS_COMMON_REPLIES(TYPEDIS_CLIENT_EXECUTE)
#undef TYPEDIS_CLIENT_EXECUTE

#define TYPEDIS_PINNED_EXECUTE(T) template T pinned_connection_base::execute<T>(const typedis::command<T>&);
TYPEDIS_COMMON_REPLIES(TYPEDIS_PINNED_EXECUTE)
#undef TYPEDIS_PINNED_EXECUTE

}  // namespace typedis
